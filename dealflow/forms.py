from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import filing_organisation_field
from core.forms import apply_errors  # noqa: F401  (re-exported for the views)

from .models import ChallengeReviewer, CooperationMode, MatchRequest

RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


class IntroductionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("What you are looking for and why this listing; no confidential details yet."),
    )
    cooperation_mode = forms.ChoiceField(label=_("Intended cooperation"), choices=CooperationMode.choices)
    technology = forms.ModelChoiceField(
        label=_("Technology you offer"), queryset=None, required=False, empty_label=_("(none)")
    )
    attachment = forms.FileField(
        label=_("Attachment (optional, non-confidential)"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG."),
    )
    non_confidential = forms.BooleanField(
        label=_("I understand the first exchange is non-confidential; an NDA can be attached later."),
        error_messages={"required": _("Confirm that the first exchange is non-confidential.")},
    )

    def __init__(self, *args, user, technologies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if technologies is None:
            del self.fields["technology"]
        else:
            self.fields["technology"].queryset = technologies
        self.fields["organisation"] = filing_organisation_field(user)
        self.order_fields(["organisation"])


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=MatchRequest.DeclineReason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Explanation for the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))
    confidential = forms.BooleanField(label=_("Confidential (needs the NDA)"), required=False)


class NdaForm(forms.Form):
    file = forms.FileField(label=_("NDA (PDF)"))


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=MatchRequest.Stage.choices)


class RegistrationForm(forms.Form):
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=MatchRequest.ContractType.choices)
    amount_cny = forms.DecimalField(
        label=_("Contract amount (CNY)"), min_value=1, max_digits=14, decimal_places=2
    )
    signed_on = forms.DateField(label=_("Contract date"), widget=forms.DateInput(attrs={"type": "date"}))
    registration_number = forms.CharField(label=_("Registration number"), max_length=64)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("deal", _("We made a deal")), ("no_deal", _("No deal"))],
        widget=forms.RadioSelect,
    )


class EvaluationForm(forms.Form):
    counterpart_rating = forms.TypedChoiceField(
        label=_("The other side (1-5)"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    service_rating = forms.TypedChoiceField(
        label=_("The service (1-5)"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class ChallengeForm(forms.Form):
    brief = forms.CharField(
        label=_("What a proposal must answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    deadline = forms.DateTimeField(
        label=_("Proposals due"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class ProposalForm(forms.Form):
    summary = forms.CharField(label=_("One-sentence summary"), max_length=300)
    approach = forms.CharField(
        label=_("Technical approach"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    team = forms.CharField(
        label=_("Team and track record"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    timeline_months = forms.IntegerField(label=_("Months to deliver"), min_value=1, max_value=120)
    budget_cny = forms.DecimalField(label=_("Budget (CNY)"), min_value=0, max_digits=14, decimal_places=2)
    technology = forms.ModelChoiceField(
        label=_("Related technology"), queryset=None, required=False, empty_label=_("(none)")
    )

    def __init__(self, *args, user, technologies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology"].queryset = technologies
        self.fields["organisation"] = filing_organisation_field(user)
        self.order_fields(["organisation"])


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Score (1-5)"), choices=RATING_CHOICES, coerce=int)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Internal comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given to the proposer"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Colleague"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=ChallengeReviewer.Role.choices)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = members
