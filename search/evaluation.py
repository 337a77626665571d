"""Scores matching on a labelled set in the shared dev-set format, with the shared ``score.py`` metrics.

A set is a directory holding ``listings.jsonl`` (the PRODUCT.md exchange format), ``qrels.json``
(``{demand ref: {technology ref: grade}}``, ``{}`` for a demand nothing answers) and optionally
``tags.json`` (``{demand ref: [tag, ...], "traps": {demand ref: [technology ref, ...]}}``). Our own
set in ``search/devset/`` marks hard negatives with grade 0 instead: they are read as its traps; a
demand judged with grade 0 only (or ``{}``) is a no-answer demand whose grade-0 listings are its
traps. The ``no-answer`` and ``lexical-trap`` tags are derived from that and added to those of a
``tags.json`` (ours gives paraphrase, cross-language, cross-track, standard; the shared one all).

The set is evaluated on a private corpus, never the site's listings: the embedded backend gets an
in-memory index of the set, Elasticsearch gets throw-away indexes under its own prefix. Every
demand goes through the backend's candidates and the shared ranking, abstention included, exactly
as ``match`` runs it.

Metrics (the definitions of the shared ``score.py``), averaged over the answerable demands of a scope:
nDCG@10 with graded gain 2^rel − 1; MRR@10 and P@5 on rel ≥ 2; Recall@20 on rel ≥ 1; and over the
demands that have them, NA-empty (no-answer demands answered with an empty list) and trap@3
(demands with one of their traps in the top 3).

Held out (``evaluate_folds``): the demands are split into two halves (no-answer and answerable
demands alternately by ref), the answer thresholds are calibrated on one half and the other half
is scored with them, both ways; the pooled held-out figures say whether the abstention holds on
demands it was not fitted to. ``abstain=False`` scores the ranking alone. With meaning, a
technology's closeness is what the site computes (``search.passages``: the larger of its averaged
vector's and its best passage's, passages rounded to float16 as stored); ``passages=MODE`` is an
experiment (README, "Matching", fifth round) that replaces it (``PASSAGE_MODES``), or one that
re-ranks or judges the answer on another closeness (sixth round, ``search.evaluation_reranking``).
"""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings

from . import embedding
from . import passages as passage_vectors
from .analysis import features_from_record
from .backends.base import document_from_features, features_from_document
from .backends.elasticsearch import ElasticsearchBackend
from .backends.embedded import EmbeddedBackend
from .evaluation_passages import (
    PASSAGE_MODES,
    combined_closeness,
    demand_passage_closeness,
    passage_closeness,
)
from .evaluation_reranking import Experiment, is_reranking
from .ranking import MEANING_OUTLIER, evidence, rank, thresholds

DEVSET = Path(__file__).resolve().parent / "devset"
TAG_ORDER = ["cross-language", "paraphrase", "cross-track", "no-answer", "lexical-trap", "standard"]
LIMIT = 20


@dataclass
class LabelledSet:
    documents: list
    qrels: dict  # demand ref -> {technology ref: grade ≥ 1}
    tags: dict  # demand ref -> [tag]
    traps: dict  # demand ref -> {technology ref}
    texts: dict = field(default_factory=dict)  # ref -> the texts embedded (search.embedding)
    stored: dict = field(default_factory=dict)  # ref -> (digest, vector) from the set's VECTORS file
    stored_passages: dict = field(default_factory=dict)  # technology ref -> float16 passages (VECTORS)
    records: dict = field(default_factory=dict)  # ref -> the listing's record as the set gives it


# A set may carry its listings' vectors (our own set does, so tests match with meaning without
# running the model): refs, digests (``embedding.digest``: model, side, texts) and float32 vectors.
VECTORS = "vectors.npz"


def _stored_vectors(directory):
    """({ref: (digest, vector)}, {technology ref: float16 passages}) from the set's ``VECTORS``."""
    path = Path(directory) / VECTORS
    if not path.is_file():
        return {}, {}
    with np.load(path) as data:
        vectors = {
            str(ref): (str(digest), vector)
            for ref, digest, vector in zip(data["refs"], data["digests"], data["vectors"], strict=True)
        }
        passages = {}
        if "passage_refs" in data:
            ends = np.cumsum(data["passage_counts"])
            for ref, end, count in zip(data["passage_refs"], ends, data["passage_counts"], strict=True):
                passages[str(ref)] = data["passages"][end - count : end]
    return vectors, passages


def listing_digest(labelled, document):
    """The digest a stored vector of ``document`` must carry to be current."""
    return embedding.digest(kind=document["kind"], texts=labelled.texts[document["ref"]])


def store_vectors(directory=DEVSET):
    """Write the set's ``VECTORS`` file (embedding what the disk cache does not hold: slow the
    first time). Returns the number of listings stored."""
    labelled = load_set(directory)
    labelled.stored, labelled.stored_passages = {}, {}  # recompute every vector from the texts
    refs, digests, rows = [], [], []
    for kind in ("technology", "demand"):
        vectors = set_vectors(labelled, kind)
        documents = [d for d in labelled.documents if d["kind"] == kind]
        for document, vector in zip(documents, vectors.matrix, strict=True):
            refs.append(document["ref"])
            digests.append(listing_digest(labelled, document))
            rows.append(vector)
    pks, matrices, _languages = set_passages(labelled)
    by_pk = {d["pk"]: d["ref"] for d in labelled.documents}
    np.savez_compressed(
        Path(directory) / VECTORS,
        refs=np.asarray(refs),
        digests=np.asarray(digests),
        vectors=np.asarray(rows, dtype=np.float32),
        passage_refs=np.asarray([by_pk[pk] for pk in pks]),
        passage_counts=np.asarray([len(m) for m in matrices], dtype=np.int64),
        passages=np.vstack(matrices).astype("<f2") if matrices else np.zeros((0, embedding.DIM), "<f2"),
    )
    return len(refs)


def load_set(directory=DEVSET):
    """The analysed documents, graded judgements, tags and traps of the set in ``directory``."""
    directory = Path(directory)
    documents = []
    texts, records = {}, {}
    with open(directory / "listings.jsonl", encoding="utf-8") as lines:
        for pk, line in enumerate(lines, start=1):
            if line.strip():
                record = json.loads(line)
                records[record["ref"]] = record
                documents.append(document_from_features(features_from_record(record, pk)))
                texts[record["ref"]] = embedding.embedding_texts(
                    kind=record["type"],
                    title=record["title"],
                    summary=record.get("summary", ""),
                    description=record.get("description", ""),
                    keywords=record.get("keywords") or (),
                )
    raw = json.loads((directory / "qrels.json").read_text(encoding="utf-8"))
    tags_path = directory / "tags.json"
    tags = json.loads(tags_path.read_text(encoding="utf-8")) if tags_path.exists() else {}
    traps = {ref: set(refs) for ref, refs in tags.pop("traps", {}).items()}
    qrels = {}
    for demand, judged in raw.items():
        qrels[demand] = {ref: grade for ref, grade in judged.items() if grade >= 1}
        negatives = {ref for ref, grade in judged.items() if grade <= 0}
        if negatives:
            traps[demand] = traps.get(demand, set()) | negatives
    # The no-answer demands (only grade-0 judgements, or none) and the demands with traps are tagged
    # as the shared set's build.py tags them, added to what a tags.json says (the shared one already
    # carries both; ours gives only paraphrase, cross-language, cross-track and standard).
    for demand in qrels:
        derived = (["no-answer"] if not qrels[demand] else []) + (["lexical-trap"] if demand in traps else [])
        given = tags.get(demand, [])
        if merged := given + [tag for tag in derived if tag not in given]:
            tags[demand] = merged
    stored, stored_passages = _stored_vectors(directory)
    return LabelledSet(
        documents=documents,
        qrels=qrels,
        tags=tags,
        traps=traps,
        texts=texts,
        stored=stored,
        stored_passages=stored_passages,
        records=records,
    )


def load_devset(directory=DEVSET):
    """(documents, qrels) of a set, grade-0 judgements left out."""
    labelled = load_set(directory)
    return labelled.documents, labelled.qrels


def _dcg(gains):
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg(ranked_refs, grades, k=10):
    ideal = _dcg(sorted(grades.values(), reverse=True)[:k])
    return _dcg([grades.get(ref, 0) for ref in ranked_refs[:k]]) / ideal if ideal else 0.0


def score_demand(ranked, judged, traps):
    """One demand's figures, as ``score.py`` computes them."""
    row = {"returned": len(ranked), "ranked": ranked}
    if judged:
        row["ndcg10"] = ndcg(ranked, judged)
        row["mrr10"] = next((1 / (i + 1) for i, x in enumerate(ranked[:10]) if judged.get(x, 0) >= 2), 0.0)
        row["p5"] = sum(1 for x in ranked[:5] if judged.get(x, 0) >= 2) / 5
        row["r20"] = sum(1 for x in ranked[:20] if judged.get(x, 0) >= 1) / len(judged)
    else:
        row["empty"] = not ranked
    if traps:
        row["trap3"] = any(x in traps for x in ranked[:3])
    return row


def aggregate(rows):
    answerable = [r for r in rows if "ndcg10" in r]
    no_answer = [r for r in rows if "empty" in r]
    trapped = [r for r in rows if "trap3" in r]

    def mean(key):
        return sum(r[key] for r in answerable) / len(answerable) if answerable else None

    return {
        "n": len(rows),
        "answerable": len(answerable),
        "ndcg10": mean("ndcg10"),
        "mrr10": mean("mrr10"),
        "p5": mean("p5"),
        "r20": mean("r20"),
        "na_empty": sum(r["empty"] for r in no_answer),
        "na_total": len(no_answer),
        "trap3": sum(r["trap3"] for r in trapped),
        "trap_total": len(trapped),
        "answerable_empty": sum(1 for r in answerable if r["returned"] == 0),
    }


@dataclass
class Report:
    backend: str
    scopes: dict  # scope name -> aggregate figures ("overall" first, then each tag)
    per_query: dict = field(default_factory=dict)

    @property
    def overall(self):
        return self.scopes["overall"]

    @property
    def ndcg10(self):
        return self.overall["ndcg10"]

    @property
    def mrr(self):
        return self.overall["mrr10"]

    @property
    def p5(self):
        return self.overall["p5"]

    @property
    def queries(self):
        return self.overall["n"]


def summarise(backend, per_query, labelled):
    scopes = {"overall": aggregate(list(per_query.values()))}
    for tag in TAG_ORDER:
        members = [ref for ref in per_query if tag in labelled.tags.get(ref, [])]
        if members:
            scopes[tag] = aggregate([per_query[ref] for ref in members])
    return Report(backend=backend, scopes=scopes, per_query=per_query)


def _private_backend(name, documents):
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


def set_vectors(labelled, kind, passages=True):
    """A ``VectorSet`` of the set's listings of ``kind``: the set's stored vector where it is
    current (``VECTORS``), else embedded once and then read from a disk cache; technologies with
    their passages as the site holds them (``search.passages``) unless ``passages`` is False."""
    documents = [d for d in labelled.documents if d["kind"] == kind]
    matrix = np.zeros((len(documents), embedding.DIM), dtype=np.float32)
    for i, document in enumerate(documents):
        digest, vector = labelled.stored.get(document["ref"], (None, None))
        if digest is not None and digest == listing_digest(labelled, document):
            matrix[i] = vector
            continue
        matrix[i] = embedding.listing_vector(
            kind=kind, texts=labelled.texts[document["ref"]], embedder=embedding.cached_embed
        )
    vectors = embedding.VectorSet([d["pk"] for d in documents], matrix, [d["language"] for d in documents])
    if kind == "technology" and passages:
        pks, matrices, languages = set_passages(labelled)
        stored = {pk: passage_vectors.to_bytes(m) for pk, m in zip(pks, matrices, strict=True)}
        vectors.passages = passage_vectors.PassageStore(lambda wanted: {pk: stored[pk] for pk in wanted})
        by_language = {}
        for pk, language in zip(pks, languages, strict=True):
            by_language.setdefault(language, []).append(pk)
        vectors.passages.load(by_language)
    return vectors


def set_passages(labelled):
    """The passage vectors of the set's technologies as the site stores them (float16):
    (pks, [passages × DIM matrix], languages); the set's stored ones where current."""
    documents = [d for d in labelled.documents if d["kind"] == "technology"]
    matrices = []
    for document in documents:
        digest, _vector = labelled.stored.get(document["ref"], (None, None))
        stored = labelled.stored_passages.get(document["ref"])
        if stored is not None and digest == listing_digest(labelled, document):
            matrices.append(np.asarray(stored, dtype="<f2"))
        else:
            texts = labelled.texts[document["ref"]]
            matrices.append(passage_vectors.as_stored(embedding.cached_embed(kind="technology", texts=texts)))
    return [d["pk"] for d in documents], matrices, [d["language"] for d in documents]


def run_set(backend_name, labelled, *, limit=LIMIT, ranking=None, semantic=None, refs=None, passages=False):
    """{demand ref: [Ranked]} for every judged demand of the set (or of ``refs``) on one backend
    (private indexes).

    ``semantic``: hybrid matching with meaning vectors (computed for the set, cached on disk),
    as ``match`` runs it; False for lexical matching alone; None: as ``SEARCH_EMBEDDINGS`` says.
    ``passages``: closeness by a technology's best passage (``passage_closeness``, experiment)."""
    ranking = ranking or rank
    semantic = embedding.enabled() if semantic is None else semantic
    by_ref = {d["ref"]: d for d in labelled.documents}
    technologies = demands = by_passage = experiment = None
    reranking = is_reranking(passages)
    if reranking:
        passages, reranking = False, passages  # the site's closeness, then the experiment's
    if semantic:
        # An experiment replaces the site's closeness: it starts from the averaged vector alone.
        technologies = set_vectors(labelled, "technology", passages=not passages)
        demands = set_vectors(labelled, "demand")
        by_passage = set_passages(labelled) if passages and passages != "averaged" else None
        if reranking:
            asked = [d for d in labelled.documents if d["kind"] == "demand"]
            experiment = Experiment(
                reranking, technologies, demands, [d["pk"] for d in asked], [d["language"] for d in asked]
            )
    languages = {d["pk"]: d["language"] for d in labelled.documents}
    backend, cleanup = _private_backend(backend_name, labelled.documents)
    runs = {}
    try:
        for demand_ref in sorted(labelled.qrels if refs is None else refs):
            source = features_from_document(by_ref[demand_ref])
            vector = demands.vector(source.pk) if demands is not None else None
            candidates, stats, cosines = embedding.candidates_with_meaning(
                backend, kind="technology", source=source, vector=vector, vectors=technologies
            )
            if by_passage is not None and cosines is not None:
                mode = passages if passages in PASSAGE_MODES else "best"
                if mode == "demand":
                    closeness = demand_passage_closeness(
                        labelled.records[demand_ref], by_passage, source.language
                    )
                else:
                    closeness = passage_closeness(vector, by_passage, source.language, mode)
                cosines = combined_closeness(
                    mode,
                    averaged=cosines,
                    by_passage=closeness,
                    languages=languages,
                    source_language=source.language,
                )
            common = {"source": source, "candidates": candidates, "stats": stats}
            if experiment is not None and cosines is not None:
                ranked_by, judged_by = experiment.closeness(source.pk, vector, source.language, cosines)
                # Ranked by one closeness, answered only if the other says so (the second call,
                # so a calibration's record keeps the evidence whether to answer).
                ranked = ranking(**common, limit=limit, semantic=ranked_by, threshold=0.0, outlier=0.0)
                answer = ranking(**common, limit=1, semantic=judged_by)
                runs[demand_ref] = ranked if answer else []
                continue
            runs[demand_ref] = ranking(**common, limit=limit, semantic=cosines)
    finally:
        if cleanup:
            cleanup()
    return runs


def _scored(labelled, runs):
    return {
        ref: score_demand(
            [r.features.ref for r in ranked], labelled.qrels[ref], labelled.traps.get(ref, set())
        )
        for ref, ranked in runs.items()
    }


def _ranking(abstain=True, ranking=None, answer_at=None, outlier_at=None):
    """The shared ranking (or ``ranking``), with the answer thresholds overridden (calibration)
    or abstention off (a threshold of 0 never leaves a list empty that has any candidate)."""
    if not abstain:
        return functools.partial(ranking or rank, threshold=0.0, outlier=0.0)
    return functools.partial(ranking or rank, threshold=answer_at, outlier=outlier_at)


def evaluate(backend_name, *, directory=DEVSET, limit=LIMIT, semantic=None, abstain=True, passages=False):
    """Run every judged demand of the set through one backend and the shared ranking; a Report.

    ``abstain=False`` scores the ranking without abstention; ``passages``: see ``run_set``."""
    labelled = load_set(directory)
    runs = run_set(
        backend_name, labelled, limit=limit, semantic=semantic, ranking=_ranking(abstain), passages=passages
    )
    return summarise(backend_name, _scored(labelled, runs), labelled)


def halves(labelled):
    """Two halves of the set's judged demands: no-answer and answerable ones alternately by ref."""
    refs = sorted(labelled.qrels)
    no_answer = [ref for ref in refs if not labelled.qrels[ref]]
    answerable = [ref for ref in refs if labelled.qrels[ref]]
    return [set(no_answer[k::2] + answerable[k::2]) for k in (0, 1)]


def choose_thresholds(tops, semantic, *, most_emptied=None):
    """The (lexical, closeness or None) answer thresholds that best separate the demands of
    ``tops`` (``calibrate``'s evidence rows): the most no-answer demands left empty less the
    answerable ones emptied, each as a share of its kind (Youden's J); ties go to the lower
    thresholds (answer rather than hide). ``most_emptied``: only pairs that empty at most this
    share of the answerable demands (``evaluate_pooled``: Recall@20 is kept first)."""
    no_answer = [t for t in tops if not t[4]]
    answerable = [t for t in tops if t[4]]
    lexical_steps = sorted({round(t[0] + 0.005, 3) for t in tops} | {0.0})
    outlier_steps = [round(2.5 + 0.1 * i, 1) for i in range(16)] if semantic else [None]
    best = None
    for outlier_at in outlier_steps:
        for lexical_at in lexical_steps:

            def empty(t, lexical_at=lexical_at, outlier_at=outlier_at):
                return t[0] < lexical_at and (outlier_at is None or (t[1] or 0.0) < outlier_at)

            emptied = sum(map(empty, answerable)) / max(1, len(answerable))
            if most_emptied is not None and emptied > most_emptied + 1e-9:
                continue
            j = sum(map(empty, no_answer)) / max(1, len(no_answer)) - emptied
            key = (round(j, 9), -(outlier_at or 0.0), -lexical_at)
            if best is None or key > best[0]:
                best = (key, lexical_at, outlier_at)
    return best[1], best[2]


@dataclass
class HeldOut:
    """``evaluate_folds``: the pooled held-out Report, each half's calibrated thresholds with its
    held-out Report, and each half scored with the thresholds the ranking ships with."""

    pooled: Report
    halves: list  # [(lexical threshold, closeness threshold or None, Report)]
    shipped: list  # [Report] per half with the ranking's own thresholds


def _evidence(backend_name, labelled, semantic, passages, set_name=""):
    """``calibrate``'s evidence rows for every judged demand of ``labelled``."""
    found = {}

    def record(*, source, candidates, stats, semantic=None, **_ignored):
        found[source.ref] = evidence(source=source, candidates=candidates, stats=stats, semantic=semantic)
        return []

    run_set(backend_name, labelled, limit=1, ranking=record, semantic=semantic, passages=passages)
    return [
        (lexical, closeness if semantic else None, set_name, ref, bool(labelled.qrels[ref]))
        for ref, (lexical, closeness) in found.items()
    ]


def evaluate_folds(backend_name, *, directory=DEVSET, limit=LIMIT, semantic=None, passages=False):
    """2-fold held-out figures: thresholds calibrated on one half of the demands (``halves``,
    ``choose_thresholds``), the other half scored with them, both ways (``HeldOut``)."""
    semantic = embedding.enabled() if semantic is None else semantic
    labelled = load_set(directory)
    tops = _evidence(backend_name, labelled, semantic, passages)
    parts = halves(labelled)
    pooled, chosen, shipped = {}, [], []
    for k, held_out in enumerate(parts):
        fit = [t for t in tops if t[3] in parts[1 - k]]
        lexical_at, outlier_at = choose_thresholds(fit, semantic)
        ranking = _ranking(answer_at=lexical_at, outlier_at=outlier_at if semantic else None)
        common = {"limit": limit, "semantic": semantic, "refs": held_out, "passages": passages}
        per_query = _scored(labelled, run_set(backend_name, labelled, ranking=ranking, **common))
        pooled.update(per_query)
        chosen.append((lexical_at, outlier_at, summarise(backend_name, per_query, labelled)))
        own = _scored(labelled, run_set(backend_name, labelled, ranking=rank, **common))
        shipped.append(summarise(backend_name, own, labelled))
    return HeldOut(summarise(backend_name, pooled, labelled), chosen, shipped)


def shipped_thresholds(semantic):
    """The answer thresholds the ranking ships with: (lexical, closeness or None)."""
    return thresholds(semantic)[0], MEANING_OUTLIER if semantic else None


def calibrate(backend_name, *, directories, semantic=None):
    """The evidence of every judged demand of the sets, for calibrating abstention.

    Returns [(best lexical score, best closeness in meaning or None, set name, demand ref,
    answerable)] sorted by lexical score, and a sweep of candidate thresholds: [(lexical
    threshold, closeness threshold or None, no-answer demands left empty, answerable demands left
    empty, no-answer total, answerable total)]. The thresholds in ``search.ranking`` are chosen
    from it.
    """
    tops = []
    for directory in directories:
        tops += _evidence(backend_name, load_set(directory), semantic, False, Path(directory).name)
    tops.sort(key=lambda t: (t[0], t[1] or 0.0))
    no_answer = [t for t in tops if not t[4]]
    answerable = [t for t in tops if t[4]]
    lexical_steps = sorted({round(t[0] + 0.005, 3) for t in tops} | {0.0})
    outlier_steps = [None]
    if semantic:
        outlier_steps = [round(2.5 + 0.1 * i, 1) for i in range(16)]

    def empty(t, lexical_at, outlier_at):
        return t[0] < lexical_at and (outlier_at is None or (t[1] or 0.0) < outlier_at)

    sweep = []
    for outlier_at in outlier_steps:
        for lexical_at in lexical_steps:
            sweep.append(
                (
                    lexical_at,
                    outlier_at,
                    sum(1 for t in no_answer if empty(t, lexical_at, outlier_at)),
                    sum(1 for t in answerable if empty(t, lexical_at, outlier_at)),
                    len(no_answer),
                    len(answerable),
                )
            )
    return tops, sweep


@dataclass
class Outcome:
    """One set run once through a backend without abstention, with each demand's evidence
    (``ranking.evidence``): any answer thresholds can then be applied without running it again,
    exactly as ``rank`` applies them (a list is emptied or kept whole)."""

    name: str
    labelled: LabelledSet
    ranked: dict  # demand ref -> [technology ref] (no abstention)
    evidence: dict  # demand ref -> (best lexical score, best closeness or None)

    def scored(self, lexical_at, outlier_at, refs=None):
        """Per-demand figures with these thresholds (``outlier_at`` None: lexical matching)."""
        rows = {}
        for ref in sorted(self.ranked if refs is None else refs):
            lexical, closeness = self.evidence[ref]
            by_meaning = outlier_at is not None and (closeness or 0.0) >= outlier_at
            ranked = [] if lexical < lexical_at and not by_meaning else self.ranked[ref]
            rows[ref] = score_demand(ranked, self.labelled.qrels[ref], self.labelled.traps.get(ref, set()))
        return rows

    def tops(self, refs=None):
        """``choose_thresholds``' evidence rows for the demands of ``refs`` (all by default)."""
        return [
            (lexical, closeness, self.name, ref, bool(self.labelled.qrels[ref]))
            for ref, (lexical, closeness) in sorted(self.evidence.items())
            if refs is None or ref in refs
        ]


def outcome(backend_name, directory, *, semantic=None, limit=LIMIT, passages=False):
    """Run a set once (``Outcome``): ranked lists without abstention and each demand's evidence."""
    semantic = embedding.enabled() if semantic is None else semantic
    labelled = load_set(directory)
    found = {}

    def record(*, source, candidates, stats, semantic=None, **options):
        lexical, closeness = evidence(source=source, candidates=candidates, stats=stats, semantic=semantic)
        found[source.ref] = (lexical, closeness if semantic is not None else None)
        return rank(source=source, candidates=candidates, stats=stats, semantic=semantic, **options)

    runs = run_set(
        backend_name,
        labelled,
        limit=limit,
        semantic=semantic,
        ranking=_ranking(False, record),
        passages=passages,
    )
    ranked = {ref: [r.features.ref for r in items] for ref, items in runs.items()}
    return Outcome(Path(directory).name, labelled, ranked, found)


# Pooled calibration empties at most this share of the answerable demands it is fitted on: with
# 27 no-answer demands Youden's J alone trades a tenth of the answers (Recall@20 0.72 on the
# shared set) for them; answering stays first (goal Recall@20 ≥ 0.85; README, "Matching").
POOLED_MOST_EMPTIED = 0.05


@dataclass
class Pooled:
    """``evaluate_pooled``: thresholds and per-set Reports for each way of choosing them.

    ``schemes``: {scheme: {"thresholds": [(lexical, closeness or None)], "reports": {set: Report}}}
    with the schemes "shipped" (``search.ranking``), "fitted on all" (pooled, in-sample; every
    fit here empties at most ``POOLED_MOST_EMPTIED`` of the answerable demands it sees),
    "2-fold pooled" (each set's demands halved as ``halves`` does, the halves of all sets
    joined: thresholds fitted on one joined half, the other scored), and "other set" (each set
    scored with thresholds fitted on the other sets alone)."""

    backend: str
    schemes: dict


def evaluate_pooled(backend_name, *, directories, semantic=None, limit=LIMIT, passages=False):
    """Calibrate the answer thresholds on several sets together and score them held out
    (``Pooled``). Each set is run once (``outcome``); thresholds are applied afterwards."""
    semantic = embedding.enabled() if semantic is None else semantic
    outcomes = [
        outcome(backend_name, directory, semantic=semantic, limit=limit, passages=passages)
        for directory in directories
    ]
    return pooled_schemes(backend_name, outcomes, semantic)


def pooled_schemes(backend_name, outcomes, semantic):
    """``evaluate_pooled``'s schemes from the ``Outcome`` of each set (reads nothing)."""

    def reports(rows_by_set):
        return {o.name: summarise(backend_name, rows_by_set[o.name], o.labelled) for o in outcomes}

    schemes = {}
    shipped = shipped_thresholds(semantic)
    schemes["shipped"] = {
        "thresholds": [shipped],
        "reports": reports({o.name: o.scored(*shipped) for o in outcomes}),
    }
    everything = [t for o in outcomes for t in o.tops()]
    fitted = choose_thresholds(everything, semantic, most_emptied=POOLED_MOST_EMPTIED)
    schemes["fitted on all"] = {
        "thresholds": [fitted],
        "reports": reports({o.name: o.scored(*fitted) for o in outcomes}),
    }
    parts = {o.name: halves(o.labelled) for o in outcomes}
    rows = {o.name: {} for o in outcomes}
    chosen = []
    for k in (0, 1):
        fit = [t for o in outcomes for t in o.tops(parts[o.name][1 - k])]
        pair = choose_thresholds(fit, semantic, most_emptied=POOLED_MOST_EMPTIED)
        chosen.append(pair)
        for o in outcomes:
            rows[o.name].update(o.scored(*pair, refs=parts[o.name][k]))
    schemes["2-fold pooled"] = {"thresholds": chosen, "reports": reports(rows)}
    if len(outcomes) > 1:
        rows, chosen = {}, []
        for o in outcomes:
            others = [t for other in outcomes if other is not o for t in other.tops()]
            pair = choose_thresholds(others, semantic, most_emptied=POOLED_MOST_EMPTIED)
            chosen.append(pair)
            rows[o.name] = o.scored(*pair)
        schemes["other set"] = {"thresholds": chosen, "reports": reports(rows)}
    return Pooled(backend_name, schemes)
