from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PitchApplication, RoadshowSession
from .services import pitchable_technologies


class PitchApplicationForm(forms.ModelForm):
    """The short pitch application: which technology, the ask, the stage, the team."""

    class Meta:
        model = PitchApplication
        fields = ["technology", "ask", "ask_details", "ask_details_en", "stage", "stage_en", "team"]
        widgets = {
            "ask_details": forms.Textarea(attrs={"rows": 3}),
            "ask_details_en": forms.Textarea(attrs={"rows": 3}),
            "team": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "stage": _("For example: pilot line running, 3 customer trials, seeking Series A."),
            "team": _("Who will pitch and who is behind the technology."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology"].queryset = pitchable_technologies(user)
        self.fields["technology"].empty_label = None


class PitchDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (PitchApplication.Status.ACCEPTED, _("Accept")),
            (PitchApplication.Status.WAITLISTED, _("Waitlist")),
            (PitchApplication.Status.DECLINED, _("Decline")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (required when declining)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PitchScheduleForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=RoadshowSession.objects.none())
    slot_order = forms.IntegerField(
        label=_("Order in the session"), min_value=1, max_value=50, required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=120, initial=15
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = RoadshowSession.objects.upcoming().select_related("series")


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionMoveForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("New start (Beijing time)"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(
        label=_("New end (leave empty to keep the length)"), widget=LocalDateTimeInput(), required=False
    )


class SessionCancelForm(forms.Form):
    # Not required here: the service refuses an empty reason with its own message (page and admin alike).
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=300, required=False)


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the pitcher (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Door code"),
        max_length=40,
        help_text=_("Scan the QR code on the person's phone, or type the code under it (R123-…)."),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
