from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Track


class IndexFilterForm(forms.Form):
    """Narrow a list of policies or news by track, tag and year (all optional, read from the query)."""

    track = forms.ModelChoiceField(
        label=_("Track"),
        queryset=Track.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All tracks"),
        error_messages={"invalid_choice": _("There is no such track.")},
    )
    tag = forms.SlugField(
        label=_("Tag"),
        required=False,
        allow_unicode=True,
        max_length=100,
        error_messages={"invalid": _("A tag has only letters, digits, hyphens and underscores.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Enter a year such as 2023."),
            "min_value": _("Enter a year between 2000 and 2100."),
            "max_value": _("Enter a year between 2000 and 2100."),
        },
    )

    def apply(self, queryset):
        """The queryset narrowed by the valid filters."""
        data = self.cleaned_data
        if data.get("track"):
            queryset = queryset.filter(related_tracks=data["track"])
        if data.get("tag"):
            queryset = queryset.filter(tags__slug=data["tag"])
        if data.get("year"):
            queryset = queryset.filter(date__year=data["year"])
        return queryset.distinct() if data.get("track") or data.get("tag") else queryset
