from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference, SavedSearch

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


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Search in"), choices=SavedSearch.Kind.choices)
    query = forms.CharField(label=_("Words"), max_length=200, required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from taxonomy.models import Track

        self.fields["track"].choices = [("", _("Any track"))] + [
            (track.slug, track.name) for track in Track.objects.order_by("order")
        ]
