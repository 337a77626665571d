from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SlotRequest, Stage, ValidationReport

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CentreFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages"))] + Stage.choices, required=False
    )
    track = forms.ChoiceField(label=_("Track"), choices=(), required=False)

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("All tracks"))] + [(t.slug, t.name) for t in tracks]


class SlotRequestForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Verification centre"), queryset=None, empty_label=None)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    what_to_test = forms.CharField(
        label=_("What must be proven"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("The claims to verify, the conditions and the criteria a buyer will look for."),
    )
    sample = forms.CharField(
        label=_("Sample"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What you will send or bring: quantity, form, handling."),
    )
    earliest_start = forms.DateField(label=_("Earliest start"), widget=DATE_WIDGET)
    latest_end = forms.DateField(label=_("Needed by"), widget=DATE_WIDGET)
    budget_cny = forms.DecimalField(label=_("Budget (CNY)"), max_digits=12, decimal_places=2, min_value=0)

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres


class AcceptForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    price_cny = forms.DecimalField(label=_("Price (CNY)"), max_digits=12, decimal_places=2, min_value=0)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=SlotRequest.DeclineReason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Explanation for the technology's owner"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your questions"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG."))


class ReportForm(forms.Form):
    prefix = "report"  # its file field shares the page with the thread's
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ValidationReport.Outcome.choices)
    findings = forms.CharField(
        label=_("Findings"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("What was measured and what it shows; buyers read this when the owner publishes it."),
    )
    findings_en = forms.CharField(
        label=_("Findings in English"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    trl_supported = forms.TypedChoiceField(
        label=_("TRL the results support"),
        choices=[("", _("(not stated)"))] + [(i, str(i)) for i in range(1, 10)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    file = forms.FileField(label=_("Report (PDF)"))
