from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.queries import accepted_organisation_ids, accepted_organisations
from core.bilingual import localized
from dealflow.models import MatchRequest
from listings.models import Technology

from .models import ExpertPanel, InnovationProduct, ProductCertification, RecommendationBatch
from .services import PRODUCT_FIELDS
from .validators import validate_product_attachment


class TechnologyChoiceField(forms.ModelMultipleChoiceField):
    """Technologies by reference and title in the reader's language where the listing has it."""

    def label_from_instance(self, obj):
        return f"{obj.ref} {localized(obj, 'title')}"


class ProductForm(forms.ModelForm):
    """What the enterprise fills in; the organisation is one the person belongs to."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Enterprise"))
    technologies = TechnologyChoiceField(
        queryset=Technology.objects.none(),
        required=False,
        label=_("Technologies it comes from"),
        help_text=_("Published technology listings the product is built on."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    deals = forms.ModelMultipleChoiceField(
        queryset=MatchRequest.objects.none(),
        required=False,
        label=_("Deals it comes from"),
        help_text=_("Your organisations' registered technology contracts."),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = InnovationProduct
        fields = ("organisation", *PRODUCT_FIELDS, "technologies", "deals")
        # "summary" and "description" read alike in Chinese.
        labels = {
            "track": _("Track"),
            "description": _("Detailed description"),
            "description_en": _("Detailed description in English"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "specifications": forms.Textarea(attrs={"rows": 4}),
            "specifications_en": forms.Textarea(attrs={"rows": 4}),
            "proven_scenarios_en": forms.Textarea(attrs={"rows": 3}),
            "qualifications_en": forms.Textarea(attrs={"rows": 3}),
            "proven_scenarios": forms.Textarea(attrs={"rows": 3}),
            "qualifications": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = accepted_organisations(user, kind=Organisation.Kind.ENTERPRISE)
        self.fields["organisation"].queryset = enterprises
        if not self.instance.pk and enterprises.count() == 1:
            self.fields["organisation"].initial = enterprises.first().pk
        self.fields["technologies"].queryset = Technology.objects.published().order_by("ref")
        orgs = list(accepted_organisation_ids(user))
        self.fields["deals"].queryset = (
            MatchRequest.objects.filter(stage=MatchRequest.Stage.CLOSED_DEAL)
            .exclude(registration_number="")
            .filter(Q(owner_organisation_id__in=orgs) | Q(requester_organisation_id__in=orgs))
            .select_related("technology", "demand")
        )
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.fields["technologies"].initial = self.instance.technologies.all()
            self.fields["deals"].initial = self.instance.deals.all()


class CertificationForm(forms.ModelForm):
    class Meta:
        model = ProductCertification
        fields = ("kind", "title", "title_en", "issuer", "issuer_en", "number", "issued_on")
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx), at most 10 MB.")
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_product_attachment(file)
        return file


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this product or its enterprise?"),
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes, I have a conflict"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If you have a conflict, describe it; you will then not score this product."),
    )


class ScoreForm(forms.Form):
    """One 0-10 field per criterion of the panel, and the comment."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.display_label} ({criterion.weight}%)",
                min_value=0,
                max_value=10,
                widget=forms.NumberInput(attrs={"data-weight": criterion.weight, "class": "rubric-score"}),
            )
        self.fields["comment"] = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def scores(self):
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class AssignPanelForm(forms.Form):
    panel = forms.ModelChoiceField(queryset=ExpertPanel.objects.filter(is_open=True), label=_("Expert panel"))


class RecommendForm(forms.Form):
    batch = forms.ModelChoiceField(
        queryset=RecommendationBatch.objects.all(), label=_("Recommendation batch")
    )
    note = forms.CharField(label=_("Note"), required=False)
    override_reason = forms.CharField(
        label=_("Reason for recommending before every expert scored"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed while an assigned expert's score is missing; shown in the batch."),
    )


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Catalogue decision"),
        choices=[("yes", _("Accepted into the catalogue")), ("no", _("Not accepted"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    entry_number = forms.CharField(label=_("Catalogue entry number"), required=False, max_length=64)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
