from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from listings.models import Technology

from .models import REVIEW_ORDER, FinancialProduct, Programme, Review, ReviewStep, Stage, Tranche

DATE_TIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CHECKBOXES = forms.CheckboxSelectMultiple


class ProgrammeFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages"))] + Stage.choices, required=False
    )
    track = forms.ChoiceField(label=_("Track"), choices=(), required=False)
    query = forms.CharField(label=_("Words"), required=False, max_length=100)

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("All tracks"))] + [(t.slug, t.name) for t in tracks]


def parse_rubric(value):
    """Lines of "中文 | English | points" into (zh, en, points); raises ValidationError on a bad line."""
    rows = []
    for number, line in enumerate((value or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        try:
            zh, en, points = parts[0], parts[1] if len(parts) > 2 else "", int(parts[-1])
        except (ValueError, IndexError):
            raise forms.ValidationError(
                _("Line %(n)s: write “中文名称 | English name | points”.") % {"n": number}
            ) from None
        rows.append((zh, en, points))
    return rows


class ProgrammeForm(forms.ModelForm):
    rubric = forms.CharField(
        label=_("Scoring rubric"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "One criterion a line: 中文名称 | English name | most points. Empty: the default rubric."
        ),
    )
    ip_statuses = forms.MultipleChoiceField(
        label=_("IP status accepted"), choices=Technology.IPStatus.choices, widget=CHECKBOXES, required=False,
        help_text=_("None ticked: any IP status."),
    )  # fmt: skip
    applicant_kinds = forms.MultipleChoiceField(
        label=_("Organisations that may apply"), choices=Organisation.Kind.choices, widget=CHECKBOXES,
        required=False, help_text=_("None ticked: any kind."),
    )  # fmt: skip
    review_steps = forms.MultipleChoiceField(
        label=_("Review steps"), choices=ReviewStep.choices, widget=CHECKBOXES, required=False,
        help_text=_("None ticked: screening, due diligence and committee."),
    )  # fmt: skip

    class Meta:
        model = Programme
        fields = [
            "organisation", "slug", "title_zh", "title_en", "summary_zh", "summary_en", "stage", "tracks",
            "ticket_min_cny", "ticket_max_cny", "min_trl", "ip_statuses", "applicant_kinds", "deadline",
            "documents_zh", "documents_en", "review_steps", "is_published",
        ]  # fmt: skip
        widgets = {
            "tracks": CHECKBOXES,
            "deadline": DATE_TIME_WIDGET,
            "summary_zh": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "documents_zh": forms.Textarea(attrs={"rows": 3}),
            "documents_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.fields["tracks"].required = False
        if self.instance.pk:
            self.fields["rubric"].initial = "\n".join(
                f"{c.name_zh} | {c.name_en} | {c.max_points}" for c in self.instance.criteria.all()
            )
            self.fields["review_steps"].initial = [s for s in REVIEW_ORDER if s in self.instance.steps]

    def clean_rubric(self):
        return parse_rubric(self.cleaned_data["rubric"])


class ApplicationForm(forms.Form):
    amount_cny = forms.DecimalField(
        label=_("Amount asked (CNY)"), max_digits=14, decimal_places=2, min_value=0
    )
    plan = forms.CharField(
        label=_("What the money is for"), widget=forms.Textarea(attrs={"rows": 5}), max_length=6000,
        help_text=_("The work it pays for and what must be proven at this stage."),
    )  # fmt: skip
    milestones = forms.CharField(
        label=_("Milestones"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text=_("Tranches are released on milestones the marketplace can verify: a published validation "
                    "report, a registered technology contract, a procurement recommendation."),
    )  # fmt: skip
    team = forms.CharField(label=_("Team"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    evidence = forms.ModelMultipleChoiceField(
        label=_("Validation evidence"), queryset=None, widget=CHECKBOXES, required=False,
        help_text=_("Reports from verification centres on this technology; the fund reads them with your application."),
    )  # fmt: skip

    def __init__(self, *args, programme, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = reports
        self.fields["evidence"].label_from_instance = (
            lambda r: f"{r.title} · {r.centre.name} · {r.get_outcome_display()}"
        )
        for index, label in programme.documents:
            self.fields[f"document_{index}"] = forms.FileField(
                label=label, required=False, help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG.")
            )

    def documents(self, programme):
        return {index: self.cleaned_data.get(f"document_{index}") for index, _label in programme.documents}


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the other reviewers"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text=_("Never shown to the applicant."),
    )  # fmt: skip
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Review.Recommendation.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        scored = {}
        for criterion in criteria:
            scored[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s)") % {"name": criterion.name, "max": criterion.max_points},
                min_value=0, max_value=criterion.max_points,
            )  # fmt: skip
        self.fields = {**scored, **self.fields}

    def scores(self):
        return {
            int(name.removeprefix("criterion_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("criterion_")
        }


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your questions"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class AnswerForm(forms.Form):
    prefix = "answer"
    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=6000
    )
    file = forms.FileField(label=_("Supporting document"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("fund", _("Fund")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Decision for the applicant"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
        help_text=_("Sent to every member of the applicant's organisation."),
    )  # fmt: skip
    amount_awarded = forms.DecimalField(
        label=_("Amount awarded (CNY)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )

    TRANCHE_ROWS = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, self.TRANCHE_ROWS + 1):
            self.fields[f"tranche_{row}_amount"] = forms.DecimalField(
                label=_("Tranche %(n)s (CNY)") % {"n": row},
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
            )
            self.fields[f"tranche_{row}_milestone"] = forms.ChoiceField(
                label=_("Tranche %(n)s released when") % {"n": row},
                choices=[("", "—")] + Tranche.Milestone.choices,
                required=False,
            )

    def tranches(self):
        rows = []
        for row in range(1, self.TRANCHE_ROWS + 1):
            value = self.cleaned_data.get(f"tranche_{row}_amount")
            milestone = self.cleaned_data.get(f"tranche_{row}_milestone")
            if value or milestone:
                rows.append((value, milestone))
        return rows


class ProductFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds"))] + FinancialProduct.Kind.choices, required=False
    )


class ProductRequestForm(forms.Form):
    amount_cny = forms.DecimalField(label=_("Amount (CNY)"), max_digits=14, decimal_places=2, min_value=0)
    purpose = forms.CharField(
        label=_("What it is for"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text=_("The bank or insurer sees your listing with its TRL and IP status."),
    )  # fmt: skip


class ProductAnswerForm(forms.Form):
    offer = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Make an offer")), ("0", _("Decline"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Terms or reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG."))
