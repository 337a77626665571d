"""The Elasticsearch backend: candidate retrieval, term statistics, facets and full-text search.

Match candidates come from ``term`` queries on keyword fields, which Elasticsearch scores as
idf × boost, the same sum the embedded backend gathers; the same ``_msearch`` round trip
returns the corpus size and each source term's document frequency from one more search (a
``filters`` aggregation, ``statistics_search``). The final ranking is the shared one in
``search.ranking``.
"""

import copy
import logging

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import TransportError
from elasticsearch import ApiError, helpers
from elasticsearch_dsl.connections import get_connection

from ..ranking import TermStats
from .base import (
    CANDIDATES,
    LISTING_KINDS,
    Backend,
    BackendPage,
    BackendUnavailable,
    facets_for,
    features_from_document,
)

logger = logging.getLogger(__name__)

ERRORS = (TransportError, TransportConnectionError, ApiError)
# A bulk request of 1,000 documents may take seconds on a busy node: more than a search's timeout.
BULK_REQUEST_TIMEOUT = 120


def _range_clause(facet, key):
    for range_key, _label, low, high in facet.ranges:
        if range_key != key:
            continue
        if facet.name == "date":
            return {"range": {facet.field: {"gte": f"now-{low}d"}}}
        bounds = {}
        if low is not None:
            bounds["gte"] = low
        if high is not None:
            bounds["lt"] = high
        return {"range": {facet.field: bounds}}
    return None


def filter_clauses(kind, filters):
    clauses = []
    for facet in facets_for(kind):
        values = filters.get(facet.name)
        if not values:
            continue
        if facet.ranges:
            should = [c for c in (_range_clause(facet, v) for v in values) if c]
            clauses.append({"bool": {"should": should, "minimum_should_match": 1}})
        else:
            clauses.append({"terms": {facet.field: values}})
    return clauses


def facet_aggregations(kind):
    aggs = {}
    for facet in facets_for(kind):
        if facet.name == "date":
            ranges = [{"key": key, "from": f"now-{days}d"} for key, _label, days, _ in facet.ranges]
            aggs[facet.name] = {"date_range": {"field": facet.field, "ranges": ranges}}
        elif facet.ranges:
            ranges = []
            for key, _label, low, high in facet.ranges:
                entry = {"key": key}
                if low is not None:
                    entry["from"] = low
                if high is not None:
                    entry["to"] = high
                ranges.append(entry)
            aggs[facet.name] = {"range": {"field": facet.field, "ranges": ranges}}
        else:
            aggs[facet.name] = {"terms": {"field": facet.field, "size": 100}}
    return aggs


def statistics_search(*, tokens, concepts, glosses):
    """One search body answering the corpus size (its total) and each term's document frequency
    (a ``filters`` aggregation: one bucket per term, in the order tokens, concepts, glosses).

    With a ``match_all`` query and no sub-aggregation Elasticsearch counts each filter on its own
    ("filter by filter", from the term's posting list), so one search does what a count per term
    did, with the same figures (live documents only)."""
    filters = [
        {"term": {field: value}}
        for field, values in (("tokens", tokens), ("concepts", concepts), ("glosses", glosses))
        for value in values
    ]
    body = {"size": 0, "track_total_hits": True, "query": {"match_all": {}}}
    if filters:
        body["aggs"] = {"df": {"filters": {"filters": filters}}}
    return body


def term_stats(response, *, tokens, concepts, glosses):
    """``TermStats`` from the answer to ``statistics_search`` for the same terms."""
    buckets = response.get("aggregations", {}).get("df", {}).get("buckets", [])
    counts = [bucket["doc_count"] for bucket in buckets]
    if len(counts) != len(tokens) + len(concepts) + len(glosses):
        raise BackendUnavailable("Elasticsearch answered the term statistics incompletely")
    return TermStats(
        n_docs=response["hits"]["total"]["value"],
        df=dict(zip(tokens, counts[: len(tokens)], strict=True)),
        concept_df=dict(zip(concepts, counts[len(tokens) : len(tokens) + len(concepts)], strict=True)),
        gloss_df=dict(zip(glosses, counts[len(tokens) + len(concepts) :], strict=True)),
    )


def _features(source):
    """A candidate's features from its whole ``_source``, as from the fields matching reads: the
    indexed text is left out (a candidate's features never held it)."""
    source.pop("text", None)
    return features_from_document(source)


SORT_CLAUSES = {
    "relevance": [{"_score": "desc"}, {"published_at": "desc"}, {"pk": "desc"}],
    "newest": [{"published_at": "desc"}, {"pk": "desc"}],
    "trl": [{"trl": {"order": "desc", "missing": "_last"}}, {"published_at": "desc"}, {"pk": "desc"}],
    "budget": [
        {"budget_max_cny": {"order": "desc", "missing": "_last"}},
        {"published_at": "desc"},
        {"pk": "desc"},
    ],
    "deadline": [
        {"deadline": {"order": "asc", "missing": "_last"}},
        {"published_at": "desc"},
        {"pk": "desc"},
    ],
    "title": [{"title.raw": "asc"}, {"published_at": "desc"}, {"pk": "desc"}],
}


def index_settings():
    """Shards, replicas and refresh interval of the listing indexes (docs/scaling.md), from settings."""
    return {
        "number_of_shards": int(getattr(settings, "ELASTICSEARCH_SHARDS", 1)),
        "number_of_replicas": int(getattr(settings, "ELASTICSEARCH_REPLICAS", 0)),
        "refresh_interval": str(getattr(settings, "ELASTICSEARCH_REFRESH_INTERVAL", "1s")),
    }


class _IndexNames(dict):
    """Index names by kind; a kind registered for the site-wide search gets its own on first use."""

    def __init__(self, names, name_of):
        super().__init__(names)
        self.name_of = name_of

    def __missing__(self, kind):
        self[kind] = self.name_of(kind)
        return self[kind]


class ElasticsearchBackend(Backend):
    """Elasticsearch 8 through the connection django-elasticsearch-dsl configures."""

    name = "elasticsearch"

    def __init__(self, index_names=None):
        from ..documents import (  # noqa: PLC0415 — circular: documents import backends
            DOCUMENTS,
            index_name,
        )

        self.documents = DOCUMENTS
        self.index_names = _IndexNames(
            index_names or {kind: index_name(kind) for kind in ("technology", "demand")}, index_name
        )

    @property
    def client(self):
        return get_connection()

    @staticmethod
    def _site_body():
        from ..documents import SITE_INDEX_BODY  # noqa: PLC0415 — circular: documents import backends

        return SITE_INDEX_BODY

    def _call(self, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except ERRORS as error:
            logger.warning("Elasticsearch unavailable: %s", error)
            raise BackendUnavailable(str(error)) from error
        except helpers.BulkIndexError as error:
            # Items refused (a shard without its primary while a node is lost): the caller keeps
            # them as pending updates and sends them again.
            logger.warning("Elasticsearch refused %d bulk items: %s", len(error.errors), error.errors[:1])
            raise BackendUnavailable(str(error)) from error

    def ping(self, wait_seconds=10):
        """True once the server answers and its shards are usable (after a restart they recover)."""
        try:
            health = self.client.options(request_timeout=wait_seconds + 5).cluster.health(
                wait_for_status="yellow", timeout=f"{wait_seconds}s"
            )
        except ERRORS as error:
            logger.info("Elasticsearch not ready: %s", error)
            return False
        return not health.get("timed_out", False)

    def ensure_index(self, kind):
        name = self.index_names[kind]
        if self._call(self.client.indices.exists, index=name):
            return
        if kind in self.documents:
            body = self.documents[kind]._index.clone(name).to_dict()
        else:
            body = copy.deepcopy(self._site_body())
        body.setdefault("settings", {}).update(index_settings())
        self._call(self.client.indices.create, index=name, **body)

    def bulk_loading(self, kind, loading):
        """While ``loading``: no refresh and no replica (a rebuild writes each document once,
        then the replicas copy whole segments); after: the configured settings back, refreshed."""
        name = self.index_names[kind]
        self.ensure_index(kind)
        if loading:
            body = {"index": {"refresh_interval": "-1", "number_of_replicas": 0}}
        else:
            configured = index_settings()
            body = {"index": {k: configured[k] for k in ("refresh_interval", "number_of_replicas")}}
        self._call(self.client.indices.put_settings, index=name, settings=body)
        if not loading:
            self.refresh(kind)

    def clear(self, kind):
        self._call(self.client.indices.delete, index=self.index_names[kind], ignore_unavailable=True)
        self.ensure_index(kind)

    def refresh(self, kind):
        self._call(self.client.indices.refresh, index=self.index_names[kind])

    def index_documents(self, kind, documents):
        if not documents:
            return 0
        self.ensure_index(kind)
        actions = (
            {"_index": self.index_names[kind], "_id": data["pk"], "_source": data} for data in documents
        )
        refresh = bool(getattr(settings, "ELASTICSEARCH_DSL_AUTO_REFRESH", False))
        count, _errors = self._call(helpers.bulk, self.client, actions, refresh=refresh, chunk_size=1000)
        return count

    def index_encoded(self, kind, documents):
        """Index documents already serialised: [(pk, JSON text)], one bulk request per 1,000."""
        if not documents:
            return 0
        self.ensure_index(kind)
        index = self.index_names[kind]
        refresh = bool(getattr(settings, "ELASTICSEARCH_DSL_AUTO_REFRESH", False))
        for start in range(0, len(documents), 1000):
            lines = []
            for pk, text in documents[start : start + 1000]:
                lines += ['{"index":{"_id":"%d"}}' % int(pk), text]  # noqa: UP031 — NDJSON line
            body = ("\n".join(lines) + "\n").encode()
            answer = self._call(
                self.client.options(request_timeout=BULK_REQUEST_TIMEOUT).bulk,
                operations=body,
                index=index,
                refresh=refresh,
                timeout=str(getattr(settings, "ELASTICSEARCH_BULK_TIMEOUT", "30s")),
            )
            if answer.get("errors"):
                failed = [item["index"] for item in answer["items"] if item["index"].get("error")]
                logger.warning("Elasticsearch refused %d bulk items: %s", len(failed), failed[:1])
                raise BackendUnavailable(f"{len(failed)} documents refused: {failed[0].get('error')}")
        return len(documents)

    def delete_documents(self, kind, ids):
        if not ids:
            return 0
        self.ensure_index(kind)
        actions = ({"_op_type": "delete", "_index": self.index_names[kind], "_id": pk} for pk in ids)
        refresh = bool(getattr(settings, "ELASTICSEARCH_DSL_AUTO_REFRESH", False))
        count, _errors = self._call(
            helpers.bulk, self.client, actions, refresh=refresh, raise_on_error=False, chunk_size=1000
        )
        return count

    def count(self, kind):
        return self._call(self.client.count, index=self.index_names[kind])["count"]

    def _match_searches(self, *, kind, source, limit, extra):
        """The ``_msearch`` lines of one source's candidates, with a function reading its answers."""
        tokens, concept_keys = sorted(source.tokens), sorted(source.concepts)
        glosses = sorted(source.glosses)
        index = self.index_names[kind]
        should = [
            {"term": {field: {"value": value, "boost": 1.5 if value in key_values else 1.0}}}
            for field, values, key_values in (
                ("tokens", tokens, source.key_tokens),
                ("concepts", concept_keys, source.key_concepts),
                ("glosses", glosses, source.key_glosses),
            )
            for value in values
        ]
        # The candidates, then the statistics: the corpus size and every term's document
        # frequency from one search (a filters aggregation over all documents, each filter
        # counted on its own from the term's posting list), not one search per term.
        searches = [
            {"index": index},
            {
                "query": {"bool": {"should": should or [{"match_none": {}}]}},
                "size": limit if should else 0,
                "sort": [{"_score": "desc"}, {"pk": "asc"}],
                # The whole source: filtering it to the fields matching reads cost the node 3 ms
                # more per 200 hits than sending the 30 % it left out (benchmarks/README.md,
                # "A match's own costs"); ``_features`` reads only those fields.
                "_source": True,
                "track_total_hits": False,
            },
            {"index": index},
            statistics_search(tokens=tokens, concepts=concept_keys, glosses=glosses),
        ]
        extra = [int(pk) for pk in extra]
        if extra:  # the nearest by meaning, in the same round trip
            searches += [
                {"index": index},
                {
                    "query": {"ids": {"values": [str(pk) for pk in extra]}},
                    "size": len(extra),
                    "_source": True,
                    "track_total_hits": False,
                },
            ]

        def read(responses):
            stats = term_stats(responses[1], tokens=tokens, concepts=concept_keys, glosses=glosses)
            candidates = [_features(hit["_source"]) for hit in responses[0]["hits"]["hits"]]
            chosen = {c.pk for c in candidates}
            by_pk = {int(hit["_id"]): hit["_source"] for hit in responses[2]["hits"]["hits"]} if extra else {}
            candidates += [_features(by_pk[pk]) for pk in extra if pk in by_pk and pk not in chosen]
            return candidates, stats

        return searches, read

    def _msearch(self, searches):
        responses = self._call(self.client.msearch, searches=searches)["responses"]
        for response in responses:
            if "error" in response:
                raise BackendUnavailable(str(response["error"]))
        return responses

    def match_candidates(self, *, kind, source, limit=CANDIDATES, extra=()):
        searches, read = self._match_searches(kind=kind, source=source, limit=limit, extra=extra)
        return read(self._msearch(searches))

    def match_candidates_many(self, *, kind, sources, limit=CANDIDATES, extras=None):
        """Every source's candidates and statistics in one ``_msearch`` round trip."""
        extras = extras or [()] * len(sources)
        plans = [
            self._match_searches(kind=kind, source=source, limit=limit, extra=extra)
            for source, extra in zip(sources, extras, strict=True)
        ]
        if not plans:
            return []
        responses = self._msearch([line for searches, _read in plans for line in searches])
        answers, start = [], 0
        for searches, read in plans:
            answers.append(read(responses[start : start + len(searches) // 2]))
            start += len(searches) // 2
        return answers

    @staticmethod
    def _query(kind, analysed, filters):
        query = {"bool": {"filter": filter_clauses(kind, filters)}}
        if analysed is not None:
            terms = list(analysed.tokens) + ["~" + key for key in sorted(analysed.concepts)]
            query["bool"]["must"] = [{"match": {"text": {"query": " ".join(terms) or "\u0000"}}}]
        return query

    def search(self, *, kind, analysed, filters, sort, offset, limit):
        query = self._query(kind, analysed, filters)
        sort_clause = SORT_CLAUSES.get(sort if (sort != "relevance" or analysed is not None) else "newest")
        # A kind of the site-wide search has its index made by its first document: none yet, no hits.
        missing_ok = {} if kind in LISTING_KINDS else {"ignore_unavailable": True}
        response = self._call(
            self.client.search,
            index=self.index_names[kind],
            query=query,
            from_=offset,
            size=limit,
            sort=sort_clause or SORT_CLAUSES["newest"],
            source=False,
            aggs=facet_aggregations(kind),
            track_total_hits=True,
            **missing_ok,
        )
        hits = response["hits"]["hits"]
        facets = {}
        for name, agg in response.get("aggregations", {}).items():
            facets[name] = {str(b["key"]): b["doc_count"] for b in agg["buckets"] if b["doc_count"]}
        return BackendPage(
            ids=[int(hit["_id"]) for hit in hits],
            total=response["hits"]["total"]["value"],
            facets=facets,
            scores={int(hit["_id"]): hit["_score"] or 0.0 for hit in hits},
        )

    def count_many(self, *, kinds, analysed, filters):
        """{kind: how many documents match}, for every kind in one round trip."""
        searches = []
        for kind in kinds:
            header = {"index": self.index_names[kind]}
            if kind not in LISTING_KINDS:
                header["ignore_unavailable"] = True
            searches += [
                header,
                {"size": 0, "track_total_hits": True, "query": self._query(kind, analysed, filters[kind])},
            ]
        if not searches:
            return {}
        responses = self._call(self.client.msearch, searches=searches)["responses"]
        counts = {}
        for kind, response in zip(kinds, responses, strict=True):
            if "error" in response:
                if kind in LISTING_KINDS:
                    raise BackendUnavailable(str(response["error"]))
                counts[kind] = 0  # no index yet
            else:
                counts[kind] = response["hits"]["total"]["value"]
        return counts
