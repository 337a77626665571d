"""What every search backend shares: the document it stores, the facets, the result shapes."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ..analysis import ListingFeatures, features_from_listing

CANDIDATES = 200  # how many candidates a backend hands to the shared re-ranking


class BackendUnavailable(Exception):
    """The backend cannot answer (Elasticsearch down); callers fall back to the embedded one."""


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    field: str
    kinds: tuple = ("technology", "demand")
    # For range facets: (key, label, from, to) with ``to`` exclusive; None means open.
    ranges: tuple = ()


FACETS = [
    Facet("track", _("Track"), "track"),
    Facet(
        "trl",
        _("Technology readiness"),
        "trl",
        ("technology",),
        (
            ("1-3", _("TRL 1–3 (research)"), 1, 4),
            ("4-6", _("TRL 4–6 (development)"), 4, 7),
            ("7-9", _("TRL 7–9 (deployment)"), 7, 10),
        ),
    ),
    Facet("transfer_mode", _("Transfer mode"), "transfer_modes", ("technology",)),
    Facet(
        "budget",
        _("Budget"),
        "budget_max_cny",
        ("demand",),
        (
            ("lt1m", _("Under ¥1 million"), None, 1_000_000),
            ("1m-5m", _("¥1–5 million"), 1_000_000, 5_000_000),
            ("5m-10m", _("¥5–10 million"), 5_000_000, 10_000_000),
            ("gte10m", _("¥10 million or more"), 10_000_000, None),
        ),
    ),
    Facet("zone", _("Development zone"), "zone", ("demand",)),
    Facet("org_kind", _("Organisation type"), "org_kind"),
    Facet("language", _("Language"), "language"),
    Facet(
        "date",
        _("Published"),
        "published_at",
        ranges=(
            ("7d", _("In the last 7 days"), 7, None),
            ("30d", _("In the last 30 days"), 30, None),
            ("365d", _("In the last year"), 365, None),
        ),
    ),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
LISTING_KINDS = ("technology", "demand")
# The facets of the other kinds the site-wide search finds (search.registry): their documents
# hold a list of track slugs under "track".
SITE_FACETS = ("track",)

SORTS = {
    "relevance": (_("Relevance"), ("technology", "demand")),
    "newest": (_("Newest"), ("technology", "demand")),
    "trl": (_("Most mature"), ("technology",)),
    "budget": (_("Largest budget"), ("demand",)),
    "deadline": (_("Closing soonest"), ("demand",)),
    "title": (_("Title"), ("technology", "demand")),
}


def applies(facet, kind):
    """Whether ``facet`` filters and counts documents of ``kind``."""
    return kind in facet.kinds if kind in LISTING_KINDS else facet.name in SITE_FACETS


def facets_for(kind):
    return [facet for facet in FACETS if applies(facet, kind)]


def date_since(days, now=None):
    return (now or timezone.now()) - timedelta(days=days)


def clean_filters(kind, filters):
    """Only known facets and values: {name: [values]} (bad input is dropped, never an error)."""
    cleaned = {}
    for name, values in (filters or {}).items():
        facet = FACETS_BY_NAME.get(name)
        if not facet or not applies(facet, kind):
            continue
        if isinstance(values, str):
            values = [values]
        values = [str(v) for v in values if v not in (None, "")]
        if facet.ranges:
            known = {r[0] for r in facet.ranges}
            values = [v for v in values if v in known]
        if values:
            cleaned[name] = sorted(set(values))
    return cleaned


@dataclass
class BackendPage:
    """What a backend answers for a search: ids in order, the total and the facet counts."""

    ids: list
    total: int
    facets: dict = field(default_factory=dict)  # name -> {value: count}
    scores: dict = field(default_factory=dict)


# The fields of a document that come from analysing the listing's texts (search.bulk caches them
# per listing revision); the others are the listing's facts, copied afresh on every indexing.
ANALYSED_FIELDS = (
    "tokens", "key_tokens", "concepts", "key_concepts", "glosses", "key_glosses", "text", "length", "needed_trl",
)  # fmt: skip


def analysed_fields(features):
    """The analysed part of a document, from a listing's features."""
    return {
        "tokens": sorted(features.tokens),
        "key_tokens": sorted(features.key_tokens),
        "concepts": sorted(features.concepts),
        "key_concepts": sorted(features.key_concepts),
        "glosses": sorted(features.glosses),
        "key_glosses": sorted(features.key_glosses),
        "text": features.text,
        "length": len(features.text.split()),
        "needed_trl": features.needed_trl,
    }


def document_from_listing(listing, analysed=None):
    """The analysed document both backends store for one published listing.

    ``analysed`` (the ``ANALYSED_FIELDS`` of an earlier analysis of the same texts) skips the
    analysis; the listing's facts are always read afresh.
    """
    if analysed is None:
        analysed = analysed_fields(features_from_listing(listing))
    organisation = listing.organisation
    data = {
        "pk": listing.pk,
        "kind": listing.kind,
        "ref": listing.ref,
        "title": listing.title,
        "language": listing.language,
        "track": listing.track.slug if listing.track_id else "",
        "org_kind": getattr(organisation, "kind", "") or "",
        "published_at": (listing.published_at or listing.created_at or timezone.now()).isoformat(),
        **{name: value for name, value in analysed.items() if name != "needed_trl"},
    }
    if listing.kind == "technology":
        data.update(
            trl=listing.trl,
            transfer_modes=list(listing.transfer_modes or []),
            price_cny=listing.price_cny,
            price_negotiable=bool(listing.price_negotiable),
        )
    else:
        zone = listing.development_zone
        data.update(
            budget_min_cny=listing.budget_min_cny,
            budget_max_cny=listing.budget_max_cny,
            deadline=listing.deadline.isoformat() if listing.deadline else None,
            zone=zone.slug if zone else "",
            needed_trl=analysed.get("needed_trl"),
        )
    return data


def features_from_document(data):
    deadline = data.get("deadline")
    return ListingFeatures(
        kind=data["kind"],
        pk=data["pk"],
        ref=data["ref"],
        title=data["title"],
        language=data.get("language", "zh"),
        track=data.get("track", ""),
        trl=data.get("trl"),
        price_cny=data.get("price_cny"),
        price_negotiable=bool(data.get("price_negotiable")),
        budget_min_cny=data.get("budget_min_cny"),
        budget_max_cny=data.get("budget_max_cny"),
        deadline=date.fromisoformat(deadline) if isinstance(deadline, str) else deadline,
        needed_trl=data.get("needed_trl"),
        tokens=frozenset(data.get("tokens", ())),
        key_tokens=frozenset(data.get("key_tokens", ())),
        concepts=frozenset(data.get("concepts", ())),
        key_concepts=frozenset(data.get("key_concepts", ())),
        glosses=frozenset(data.get("glosses", ())),
        key_glosses=frozenset(data.get("key_glosses", ())),
        text=data.get("text", ""),
    )


def document_from_features(features, **extra):
    """A document for features that did not come from the database (the development set)."""
    data = {
        "pk": features.pk,
        "kind": features.kind,
        "ref": features.ref,
        "title": features.title,
        "language": features.language,
        "track": features.track,
        "trl": features.trl,
        "price_cny": features.price_cny,
        "price_negotiable": features.price_negotiable,
        "budget_min_cny": features.budget_min_cny,
        "budget_max_cny": features.budget_max_cny,
        "deadline": features.deadline.isoformat() if features.deadline else None,
        "needed_trl": features.needed_trl,
        "tokens": sorted(features.tokens),
        "key_tokens": sorted(features.key_tokens),
        "concepts": sorted(features.concepts),
        "key_concepts": sorted(features.key_concepts),
        "glosses": sorted(features.glosses),
        "key_glosses": sorted(features.key_glosses),
        "text": features.text,
        "length": len(features.text.split()),
        "org_kind": "",
        "published_at": timezone.now().isoformat(),
    }
    data.update(extra)
    return data


def parse_published(value):
    if isinstance(value, datetime):
        return value
    return parse_datetime(value) if value else None


class Backend:
    """The interface: index documents, retrieve match candidates with statistics, search."""

    name = "base"

    def index_documents(self, kind, documents):
        raise NotImplementedError

    def delete_documents(self, kind, ids):
        raise NotImplementedError

    def clear(self, kind):
        raise NotImplementedError

    def match_candidates(self, *, kind, source, limit=CANDIDATES, extra=()):
        """(candidate features, TermStats) among listings of ``kind`` for the source features.

        ``extra``: pks of further listings to hand over as candidates (the nearest by meaning),
        after the lexical ones; those not in the index are left out."""
        raise NotImplementedError

    def match_candidates_many(self, *, kind, sources, limit=CANDIDATES, extras=None):
        """``match_candidates`` for several sources: a list of (candidates, TermStats) in their order
        (``extras``: each source's ``extra``)."""
        extras = extras or [()] * len(sources)
        return [
            self.match_candidates(kind=kind, source=source, limit=limit, extra=extra)
            for source, extra in zip(sources, extras, strict=True)
        ]

    def search(self, *, kind, analysed, filters, sort, offset, limit):
        """A BackendPage for analysed query text (None for no text)."""
        raise NotImplementedError

    def count_many(self, *, kinds, analysed, filters):
        """{kind: how many documents of each kind match} (``filters``: {kind: cleaned filters})."""
        return {
            kind: self.search(
                kind=kind, analysed=analysed, filters=filters[kind], sort="relevance", offset=0, limit=0
            ).total
            for kind in kinds
        }
