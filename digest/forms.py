from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Track

from .models import SavedSearch


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Search in"), choices=SavedSearch.Kind.choices)
    query = forms.CharField(label=_("Words"), max_length=200, required=False)
    track = forms.ChoiceField(label=_("Track"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("Any track"))] + [
            (track.slug, track.name) for track in Track.objects.order_by("order")
        ]
