"""Elasticsearch documents for published listings, through django-elasticsearch-dsl.

The mapping uses core analyzers only (the server we run has no analysis-common module): text
arrives already segmented and expanded by ``search.analysis``, so ``text`` is split on
whitespace and the term fields are plain keywords. Automatic signal syncing is off on purpose
(``ignore_signals``): updates go through ``listings_changed`` → Celery → ``search.index_listings``,
which indexes published listings only and removes the rest.
"""

from django.conf import settings
from django_elasticsearch_dsl import Document, fields
from django_elasticsearch_dsl.registries import registry

from listings.models import Demand, Technology

from .backends.base import document_from_listing

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}


def index_name(kind):
    """The index of one kind, prefixed so parallel test runs and sites do not collide; the kinds
    other parts register for the site-wide search (``search.registry``) get ``<prefix>-site-<kind>``."""
    prefix = getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "binhai")
    name = {"technology": "technologies", "demand": "demands"}.get(kind, f"site-{kind}")
    return f"{prefix}-{name}"


# The mapping of a site-wide search document (search.sitewide): the analysed fields as listings
# have them, ``track`` a list of slugs; the texts and addresses shown with a hit stay in _source only.
SITE_INDEX_BODY = {
    "mappings": {
        "dynamic": False,
        "properties": {
            "pk": {"type": "long"},
            "kind": {"type": "keyword"},
            "ref": {"type": "keyword"},
            "title": {"type": "text", "analyzer": "standard", "fields": {"raw": {"type": "keyword"}}},
            "language": {"type": "keyword"},
            "track": {"type": "keyword"},
            "published_at": {"type": "date"},
            **{
                name: {"type": "keyword"}
                for name in ("tokens", "key_tokens", "concepts", "key_concepts", "glosses", "key_glosses")
            },
            "text": {"type": "text", "analyzer": "whitespace"},
            "length": {"type": "integer"},
        },
    }
}


class ListingDocument(Document):
    """Fields both kinds share (not registered itself)."""

    pk = fields.LongField()
    kind = fields.KeywordField()
    ref = fields.KeywordField()
    title = fields.TextField(analyzer="standard", fields={"raw": fields.KeywordField()})
    language = fields.KeywordField()
    track = fields.KeywordField()
    org_kind = fields.KeywordField()
    published_at = fields.DateField()
    tokens = fields.KeywordField(multi=True)
    key_tokens = fields.KeywordField(multi=True)
    concepts = fields.KeywordField(multi=True)
    key_concepts = fields.KeywordField(multi=True)
    glosses = fields.KeywordField(multi=True)
    key_glosses = fields.KeywordField(multi=True)
    text = fields.TextField(analyzer="whitespace")
    length = fields.IntegerField()

    def get_queryset(self):
        return super().get_queryset().published().select_related("track", "organisation")

    def prepare(self, instance):
        return document_from_listing(instance)


@registry.register_document
class TechnologyDocument(ListingDocument):
    trl = fields.IntegerField()
    transfer_modes = fields.KeywordField(multi=True)
    price_cny = fields.LongField()
    price_negotiable = fields.BooleanField()

    class Index:
        name = index_name("technology")
        settings = INDEX_SETTINGS

    class Django:
        model = Technology
        ignore_signals = True
        queryset_pagination = 2000


@registry.register_document
class DemandDocument(ListingDocument):
    budget_min_cny = fields.LongField()
    budget_max_cny = fields.LongField()
    deadline = fields.DateField()
    zone = fields.KeywordField()
    needed_trl = fields.IntegerField()

    class Index:
        name = index_name("demand")
        settings = INDEX_SETTINGS

    class Django:
        model = Demand
        ignore_signals = True
        queryset_pagination = 2000

    def get_queryset(self):
        return super().get_queryset().select_related("development_zone")


DOCUMENTS = {"technology": TechnologyDocument, "demand": DemandDocument}
