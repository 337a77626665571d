"""The listings search page (with a tab for the CMS pages)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from . import registry, services, sitewide
from .backends.base import FACETS, SORTS, clean_filters
from .forms import SearchForm

FACET_PARAMS = [facet.name for facet in FACETS]


def _filters_from(request):
    return {name: request.GET.getlist(name) for name in FACET_PARAMS if request.GET.getlist(name)}


def _url(params):
    pairs = [
        (k, v)
        for k, values in params.items()
        for v in (values if isinstance(values, list) else [values])
        if v
    ]
    return "?" + urlencode(pairs)


def index(request):
    """Site-wide search: one kind at a time (listings, the kinds other parts register) with a kind
    facet counting every kind, facets, sorting, highlights and paging; ``kind=pages`` searches the CMS.

    Not in the page cache: every request reads the index, so a change shows on the next one.
    """
    form = SearchForm(request.GET)
    params = form.cleaned()
    context = {"form": form, "q": params["q"], "kind": params["kind"], "listing_kinds": services.KINDS}
    base = {"q": params["q"], "kind": params["kind"]}
    context["tab_urls"] = {kind: _url({**base, "kind": kind}) for kind in ("technology", "demand", "pages")}
    if params["kind"] == "pages":
        context["pages"] = services.search_pages(query=params["q"], limit=30)
        return render(request, "search/index.html", context)
    filters = _filters_from(request)
    result = sitewide.search_site(
        kind=params["kind"], query=params["q"], filters=filters, sort=params["sort"], page=params["page"]
    )
    # A kind keeps the words and the filters that apply to it (the track applies to every kind).
    for option in result.kinds:
        kept = clean_filters(option.value, filters)
        option.url = _url({"q": params["q"], "kind": option.value, **kept})
    current = {**base, **result.filters, "sort": result.sort if result.sort != "relevance" else ""}
    for facet in result.facets:
        for option in facet.options:
            chosen = list(result.filters.get(facet.name, []))
            chosen = [v for v in chosen if v != option.value] if option.selected else [*chosen, option.value]
            option.url = _url({**current, facet.name: chosen})
    tracks = result.filters.get("track", [])
    saved = {"kind": params["kind"], "query": params["q"], "track": tracks[0] if tracks else ""}
    # Saved searches alert on new listings: offered on the listing kinds only.
    save_page = registry.save_search_url_name() if params["kind"] in services.KINDS else None
    context.update(
        save_search_url=f"{reverse(save_page)}?{urlencode(saved)}" if save_page else "",
        result=result,
        sorts=[
            {
                "value": key,
                "label": label,
                "selected": key == result.sort,
                "url": _url({**current, "sort": key}),
            }
            for key, (label, kinds) in SORTS.items()
            if result.kind in kinds or (result.kind not in services.KINDS and key in ("relevance", "newest"))
        ],
        previous_url=_url({**current, "page": result.page - 1}) if result.has_previous else "",
        next_url=_url({**current, "page": result.page + 1}) if result.has_next else "",
        clear_url=_url(base),
        degraded_notice=services.degraded_notice() if result.degraded else "",
        # Policies and news have their own kinds; the page box stays beside the listings.
        pages=services.search_pages(query=params["q"], limit=3)
        if params["q"] and params["kind"] in services.KINDS
        else [],
    )
    return render(request, "search/index.html", context)
