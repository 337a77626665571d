from django import forms
from django.utils.translation import gettext_lazy as _

from . import sitewide
from .backends.base import SORTS

PAGES = ("pages", _("Site pages"))


class SearchForm(forms.Form):
    """The search page's free text, kind, sort and page; facets are read from the query string."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(choices=(), required=False)
    sort = forms.ChoiceField(choices=[(k, v[0]) for k, v in SORTS.items()], required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Listings, the kinds other parts registered, then Wagtail's own page search.
        self.fields["kind"].choices = [*sitewide.all_kinds(), PAGES]

    def cleaned(self):
        """Valid values, defaults for anything missing or wrong (a search page never errors)."""
        self.is_valid()
        data = self.cleaned_data  # the fields that are valid, even when another one is not
        query = data.get("q") or ("" if "q" in data else str(self.data.get("q", ""))[:200])
        return {
            "q": query,
            "kind": data.get("kind") or "technology",
            "sort": data.get("sort") or "relevance",
            "page": data.get("page") or 1,
        }
