"""Scores matching on the labelled development set in ``search/devset/`` (nDCG@10, MRR, P@5).

The set is evaluated on a private corpus, never the site's listings: the embedded backend gets
an in-memory index of the set, Elasticsearch gets throw-away indexes under its own prefix.
A technology is relevant for MRR and P@5 when its grade is 1 or more.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .analysis import features_from_record
from .backends.base import document_from_features, features_from_document
from .backends.elasticsearch import ElasticsearchBackend
from .backends.embedded import EmbeddedBackend
from .ranking import rank

DEVSET = Path(__file__).resolve().parent / "devset"


def load_devset(directory=DEVSET):
    """(documents, qrels): analysed documents of every listing and {demand ref: {tech ref: grade}}."""
    documents = []
    with open(directory / "listings.jsonl", encoding="utf-8") as lines:
        for pk, line in enumerate(lines, start=1):
            if line.strip():
                documents.append(document_from_features(features_from_record(json.loads(line), pk)))
    with open(directory / "qrels.json", encoding="utf-8") as file:
        qrels = json.load(file)
    return documents, qrels


def ndcg(ranked_refs, grades, k=10):
    dcg = sum((2 ** grades.get(ref, 0) - 1) / math.log2(i + 2) for i, ref in enumerate(ranked_refs[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked_refs, grades):
    for i, ref in enumerate(ranked_refs):
        if grades.get(ref, 0) >= 1:
            return 1 / (i + 1)
    return 0.0


def precision(ranked_refs, grades, k=5):
    return sum(1 for ref in ranked_refs[:k] if grades.get(ref, 0) >= 1) / k


@dataclass
class Report:
    backend: str
    ndcg10: float
    mrr: float
    p5: float
    queries: int
    per_query: dict


def _devset_backend(name, documents):
    if name == "embedded":
        return EmbeddedBackend(documents=documents), None

    prefix = getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "binhai")
    backend = ElasticsearchBackend(
        index_names={"technology": f"{prefix}-devset-technologies", "demand": f"{prefix}-devset-demands"}
    )
    for kind in ("technology", "demand"):
        backend.clear(kind)
        backend.index_documents(kind, [d for d in documents if d["kind"] == kind])
        backend.refresh(kind)

    def cleanup():
        for kind in ("technology", "demand"):
            backend.client.indices.delete(index=backend.index_names[kind], ignore_unavailable=True)

    return backend, cleanup


def evaluate(backend_name, *, directory=DEVSET, limit=10):
    """Run every labelled demand through ``match_candidates`` + the shared ranking on one backend."""

    documents, qrels = load_devset(directory)
    by_ref = {d["ref"]: d for d in documents}
    backend, cleanup = _devset_backend(backend_name, documents)
    per_query = {}
    try:
        for demand_ref, grades in sorted(qrels.items()):
            source = features_from_document(by_ref[demand_ref])
            candidates, stats = backend.match_candidates(kind="technology", source=source)
            ranked = [
                r.features.ref for r in rank(source=source, candidates=candidates, stats=stats, limit=limit)
            ]
            per_query[demand_ref] = {
                "ndcg10": ndcg(ranked, grades),
                "rr": reciprocal_rank(ranked, grades),
                "p5": precision(ranked, grades),
                "ranked": ranked,
            }
    finally:
        if cleanup:
            cleanup()
    n = len(per_query) or 1
    return Report(
        backend=backend_name,
        ndcg10=sum(q["ndcg10"] for q in per_query.values()) / n,
        mrr=sum(q["rr"] for q in per_query.values()) / n,
        p5=sum(q["p5"] for q in per_query.values()) / n,
        queries=len(per_query),
        per_query=per_query,
    )
