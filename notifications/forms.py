from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference

MUTABLE_KINDS = [
    ("thread.message", _("New messages in my threads")),
    ("thread.file", _("New files in my threads")),
    ("match_request.reminder", _("Reminders of answers due")),
    ("challenge.proposal", _("New proposals to my challenges")),
]


class PreferenceForm(forms.ModelForm):
    muted_kinds = forms.MultipleChoiceField(
        label=_("Do not e-mail me about"),
        choices=MUTABLE_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "digest_enabled", "muted_kinds"]
