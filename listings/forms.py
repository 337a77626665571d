from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseModelFormSet
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet, ClusterForm

from accounts.models import Organisation
from core.forms import apply_errors

from . import services
from .models import Demand, Technology, TransferMode
from .validators import validate_attachment

MAX_PATENTS = 20

COMMON_FIELDS = [
    "organisation",
    "language",
    "title",
    "summary",
    "description",
    "translated_title",
    "translated_summary",
    "translated_description",
    "track",
    "keywords",
]


class KeywordsField(forms.CharField):
    """Keywords typed as one line, separated by commas (either width) or semicolons."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Separate keywords with commas, e.g. sodium-ion battery, cathode material")
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value) or ""
        for separator in ("，", "；", ";", "、"):
            value = value.replace(separator, ",")
        words = [word.strip() for word in value.split(",") if word.strip()]
        if len(words) > 20:
            raise forms.ValidationError(_("Give at most 20 keywords."))
        if any(len(word) > 50 for word in words):
            raise forms.ValidationError(_("Each keyword may have at most 50 characters."))
        return words


class TamperProofChildFormSet(BaseChildFormSet):
    """A child formset whose existing rows must name rows of this listing.

    The management form says how many rows already exist; a changed one (more rows than sent, an
    id that is not a number or not one of this listing's) is a form error, and nothing is saved.
    """

    def _construct_form(self, i, **kwargs):
        if self.is_bound and i < self.initial_form_count() and not self._names_a_row(i):
            self._tampered = True
            kwargs["instance"] = self.model()
            # Skip modelcluster's lookup, which assumes the id is there and valid.
            return super(BaseModelFormSet, self)._construct_form(i, **kwargs)
        return super()._construct_form(i, **kwargs)

    def _names_a_row(self, i):
        raw = self.data.get(f"{self.add_prefix(i)}-{self.model._meta.pk.name}")
        if raw == "":
            return True
        try:
            pk = self._get_to_python(self.model._meta.pk)(raw)
        except ValidationError:
            return False
        return pk is not None and self._existing_object(pk) is not None

    def clean(self):
        super().clean()
        self.forms  # noqa: B018  (builds the forms, which notes a tampered management form)
        if getattr(self, "_tampered", False):
            raise ValidationError(
                _("The list changed while the page was open. Reload the page and enter it again."),
                code="tampered",
            )


class ListingTermsMixin:
    """Checks the listing terms of ``listings.services`` on the built instance, so the page and the
    admin show the service's messages beside their fields."""

    def _post_clean(self):
        super()._post_clean()
        model = type(self.instance)
        original = model.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        try:
            services.check_listing_terms(listing=self.instance, original=services.saved_version(original))
        except ValidationError as error:
            apply_errors(self, error)


class ListingFormMixin(ListingTermsMixin):
    """The owner picks one of their own organisations; editors may pick any."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organisations = Organisation.objects.all()
        if not user.is_editor:
            organisations = organisations.filter(pk__in=user.organisation_ids)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 8})
        self.fields["description"].help_text = _(
            "Simple formatting is kept: paragraphs, bold, italics, lists, links and tables."
        )
        self.fields["summary"].required = True


class PatentFormSet(TamperProofChildFormSet):
    """The patent rows of a technology: at most MAX_PATENTS, whatever count the posted form claims."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django builds (and the page renders) as many rows as TOTAL_FORMS says, up to max_num + 1000:
        # a tampered count made one request build two thousand forms.
        self.absolute_max = MAX_PATENTS


class TechnologyForm(ListingFormMixin, ClusterForm):
    keywords = KeywordsField(label=_("Keywords"))
    transfer_modes = forms.MultipleChoiceField(
        label=_("Transfer modes"),
        choices=TransferMode.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("How you would pass the technology on."),
    )

    class Meta:
        model = Technology
        fields = [
            *COMMON_FIELDS,
            "trl",
            "development_stage",
            "advantages",
            "application_scenarios",
            "ip_status",
            "transfer_modes",
            "price_cny",
            "price_negotiable",
            "contact_person",
        ]
        formsets = {
            "patents": {
                "fields": ["number", "type", "legal_status"],
                "extra": 1,
                "formset": PatentFormSet,
                "max_num": MAX_PATENTS,
                "validate_max": True,
            }
        }
        widgets = {
            "advantages": forms.Textarea(attrs={"rows": 4}),
            "application_scenarios": forms.Textarea(attrs={"rows": 4}),
        }


class DemandForm(ListingFormMixin, ClusterForm):
    keywords = KeywordsField(label=_("Keywords"))

    class Meta:
        model = Demand
        fields = [
            *COMMON_FIELDS,
            "scenario",
            "required_capabilities",
            "budget_min_cny",
            "budget_max_cny",
            "deadline",
            "development_zone",
            "location",
        ]
        labels = {"description": _("Problem statement")}
        widgets = {
            "scenario": forms.Textarea(attrs={"rows": 4}),
            "required_capabilities": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }


FORMS = {"technology": TechnologyForm, "demand": DemandForm}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("A PDF document or an image (PNG, JPEG, WebP, GIF)."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_attachment(file)
        return file
