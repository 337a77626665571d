"""What higher parts tell search, without it importing them: where a search can be saved, and
which other kinds of content the site-wide search finds (innovation products, roadshow pitches,
policies, news…).

A part registers a ``SearchableKind`` from its AppConfig.ready(): how to list what an anonymous
visitor may see, how to turn one item into a ``SiteEntry`` (texts in both languages, tracks, its
address in each language) and which signals change it. Search indexes those entries in both
backends with the same analysis as listings (``search.sitewide``); a change is queued through the
outbox to the ``search.index_site_items`` task, which indexes what is public and removes the rest.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import translation

from core import outbox
from core.bilingual import localized

_save_search_page = {}
_searchable = {}

# The task a change is queued to, by name: search.tasks imports this module's readers.
INDEX_TASK = "search.index_site_items"
LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}


def register_save_search_page(*, url_name):
    """The page (a URL name) that keeps a search; the search page links to it with its query."""
    _save_search_page["url_name"] = url_name


def save_search_url_name():
    """The URL name registered above, or None when no part keeps searches. No side effects."""
    return _save_search_page.get("url_name")


@dataclass(frozen=True)
class SiteEntry:
    """One public item as search sees it. ``title``, ``summary``, ``body`` and ``url`` map a
    language ("zh", "en") to its text; a missing or empty language falls back to ``language``,
    the one the item is written in."""

    pk: int
    title: dict
    url: dict
    summary: dict = field(default_factory=dict)
    body: dict = field(default_factory=dict)
    tracks: tuple = ()  # track slugs
    language: str = "zh"
    ref: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True)
class Trigger:
    """A signal that changes items of a kind; ``ids(**signal kwargs)`` names their primary keys
    (public or not: the index task keeps what is public and removes the rest)."""

    signal: object
    ids: object
    sender: object = None


@dataclass(frozen=True)
class SearchableKind:
    """A kind of content the site-wide search finds, registered by the part that owns it.

    ``public()``: a queryset of what an anonymous visitor may see (with its related rows joined);
    ``entry(item)``: the item's ``SiteEntry``; ``triggers``: the changes that re-index items.
    """

    name: str
    label: object
    order: int
    public: object
    entry: object
    triggers: tuple = ()


def register_searchable(kind):
    """Add a kind to the site-wide search and re-index its items when a trigger fires.

    Side effects: connects one receiver per trigger; each queues ``search.index_site_items``
    through the outbox (after the sender's transaction commits).
    """
    if kind.name in ("technology", "demand", "pages") or len(kind.name) > 20:
        raise ValueError(f"cannot register searchable kind {kind.name!r}")
    _searchable[kind.name] = kind
    for number, trigger in enumerate(kind.triggers):

        def queue(trigger=trigger, **kwargs):
            if kwargs.get("raw"):  # a fixture's rows: rebuild_search_index indexes what was loaded
                return
            ids = sorted({int(pk) for pk in trigger.ids(**kwargs) or ()})
            if ids:
                outbox.enqueue(INDEX_TASK, kind.name, ids)

        trigger.signal.connect(
            queue, sender=trigger.sender, weak=False, dispatch_uid=f"search:{kind.name}:{number}"
        )


def searchable_kinds():
    """The registered kinds, in their order. No side effects."""
    return sorted(_searchable.values(), key=lambda kind: (kind.order, kind.name))


def searchable_kind(name):
    """The registered kind of this name, or None."""
    return _searchable.get(name)


def on_signals(model, ids, *signals):
    """Triggers re-indexing the items ``ids(**signal kwargs)`` names whenever one of ``signals`` is
    sent for ``model`` (e.g. ``on_signals(Product, own_pk, post_save, post_delete)``)."""
    return tuple(Trigger(signal, ids, sender=model) for signal in signals)


def own_pk(instance, **kwargs):
    """The ``ids`` of a trigger whose sender's rows are the items themselves."""
    return [instance.pk]


def join_texts(*parts):
    """{language: the non-empty texts of ``parts`` (each {language: text}) in that language, one a line}."""
    return {
        language: "\n".join(text for part in parts if (text := (part or {}).get(language)))
        for language in LANGUAGE_CODES
    }


def bilingual_entry(pk, *, texts, page, title="title", summary="summary", body=(), tracks=(), **fields):
    """The ``SiteEntry`` of an item whose title and summary are ``texts``' fields in both languages
    (``texts_in_both``), found at ``page`` (``urls_in_both``); ``body`` is a list of {language: text}
    joined per language, ``tracks`` any track slugs. Other ``SiteEntry`` fields pass through."""
    return SiteEntry(
        pk=pk,
        title=texts_in_both(texts, title),
        summary=texts_in_both(texts, summary),
        body=join_texts(*body),
        tracks=tuple(sorted({slug for slug in tracks if slug})),
        url=urls_in_both(page),
        **fields,
    )


def urls_in_both(item):
    """{language: item.get_absolute_url() as a reader of that language gets it}."""
    urls = {}
    for language, code in LANGUAGE_CODES.items():
        with translation.override(code):
            urls[language] = item.get_absolute_url()
    return urls


def texts_in_both(obj, field):
    """{language: obj's ``field`` written in that language} through ``core.bilingual`` (a
    language without its own text is left out, so a hit never shows a stand-in as a translation)."""
    texts = {}
    for language in LANGUAGE_CODES:
        text = localized(obj, field, language=language)
        if str(text).strip() and not text.fallback:
            texts[language] = str(text)
    return texts
