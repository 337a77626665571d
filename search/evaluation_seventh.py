"""The seventh round's experiments on the closeness the shared re-ranking reads (README, "Matching",
seventh round), run by ``search.evaluation_reranking.Experiment`` for ``evaluate_matching --passages
MODE``. Only evaluation reads this module; the site's closeness is ``search.embedding.Closeness``.
Each gives, for one demand, (the closeness its list is ranked by, the closeness whether to answer
is judged on), each {technology pk: closeness}, from the site's closeness of its candidates.

Local centering (``resid…``): what is specific to a demand beyond its field. A listing's *field*
is the mean of the averaged vectors of its ``k`` closest technologies (a technology's own excluded;
``-dem``: a demand's field from its ``k`` closest other demands instead); closeness is measured
between the residuals d − α·field(d) and t − α·field(t) (each passage of t minus α·field(t) too),
in spreads above the median of its language as the site measures it, the larger of the averaged
and the best passage. ``resid`` ranks and answers by it, ``residrank`` only ranks, ``residabs``
only answers; ``-mM`` blends it with the site's (1 − M)·site + M·residual; ``-gate`` keeps the
words' gate on the site's closeness (only the test of a meaning outlier reads the residual).

Diversity at the top (``mmr…``): the candidates in order of the site's closeness; within the first
``DIVERSE_DEPTH``, one whose averaged vector is a near-duplicate of one before it (cosine above
``NEAR_DUPLICATE``) is ranked by its closeness less λ spreads per 0.05 of cosine above that (a
maximal-marginal-relevance penalty). The answer is judged on the site's closeness.

Requirement-level support (``req…``): the demand's requirement sentences (``requirements``), each
embedded as an e5 query of the title and the sentence; a candidate's support for one is its best
passage's cosine in spreads above the median of that figure over the technologies of its language
(as the site's best passage). ``req`` ranks by (1 − M)·site + M·support, support the first
requirement's (``-first``, default: the core need is stated first), the best one's (``-max``), the
mean (``-mean``) or the mean of the two best (``-top2``); M 0.3 unless ``-mM``. The answer is judged
on the site's closeness. A demand's requirement texts are found by its vector (``register``: the
command registers every set it runs): in the site they would be embedded by the background job with
the demand's vector, never per request.
"""

import re

import numpy as np

from . import embedding
from .ranking import WORDS_NEED_CLOSENESS

DIVERSE_DEPTH = 10
NEAR_DUPLICATE = 0.85
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_MARKER = re.compile(
    r"(?:【(?:需求|技术需求|具体需求|要求)】|(?:需求|要求)[：:]|(?:Requirements?|Needs?|We need)\s*[:：])(.*?)(?=【|$)",
    re.S | re.I,
)
_PIECES = re.compile(rf"[{CIRCLED}]|[；;。！？]|(?<=[.!?])\s+(?=[A-Z(])|\(\d+\)|（\d+）|\b\d\)\s")
# demand vector digest (``embedding._digest``) -> the e5 queries of its requirements
REQUIREMENTS = {}


def requirements(record):
    """The requirement sentences of a demand's record: after a 【需求】, 需求：or "Requirements:"
    marker (up to the next 【 section), split at circled numbers, semicolons and sentence ends;
    without a marker every sentence of the description. Pieces under 6 characters are left out."""
    text = re.sub(r"<[^>]+>", " ", record.get("description") or "")
    found = _MARKER.search(text)
    pieces = (piece.strip(" ,，、.:：") for piece in _PIECES.split(found.group(1) if found else text))
    return [piece for piece in pieces if piece and len(piece) >= 6]


def requirement_queries(record):
    """What is embedded for ``requirements``: the title with each requirement, as e5 queries."""
    title = record.get("title", "")
    return [embedding._joined(title, requirement) for requirement in requirements(record)]


def register(records, vectors):
    """Remember the requirement queries of demands ({ref: record}) by their vectors ({ref: vector})."""
    for ref, vector in vectors.items():
        queries = requirement_queries(records[ref])
        if queries:
            REQUIREMENTS[embedding._digest(np.asarray(vector, dtype=np.float32))] = queries


def gated(site, judged):
    """``judged`` kept on the same side of the words' gate as the site's closeness (``-gate``:
    words count as the site counts them, only the test of a meaning outlier changes)."""
    return {
        pk: max(value, WORDS_NEED_CLOSENESS) if site[pk] >= WORDS_NEED_CLOSENESS else min(value, site[pk])
        for pk, value in judged.items()
    }


def _unit(matrix):
    return matrix / np.maximum(np.linalg.norm(matrix, axis=-1, keepdims=True), 1e-9)


def _z_by_language(values, languages, source_language):
    """``values`` in spreads above the median of their language (``embedding._profile``)."""
    out = np.zeros(len(values), dtype=np.float64)
    for language in sorted(set(languages.tolist())):
        rows = languages == language
        centre, spread = embedding._profile(values[rows], language == source_language)
        out[rows] = (values[rows] - centre) / spread
    return out


class Residual:
    """Local centering (``resid…``): the closeness of residuals once each side's field is taken off."""

    def __init__(self, found, technologies, demands, demand_pks):
        self.use = found["resid"]
        self.k = int(found["rk"] or 10)
        self.alpha = float(found["alpha"] or 0.5)
        self.mix = None if found["mix"] is None else float(found["mix"])
        self.own = bool(found["own"])
        self.gate = bool(found["rgate"])
        self.pks = [int(pk) for pk in technologies.pks]
        self.languages = np.asarray(technologies.languages)
        matrix = np.asarray(technologies.matrix, dtype=np.float64)
        self.matrix = matrix
        self.demand_matrix = np.asarray([demands.vector(pk) for pk in demand_pks], dtype=np.float64).reshape(
            len(demand_pks), -1
        )
        self.demand_row = {pk: i for i, pk in enumerate(demand_pks)}
        sims = matrix @ matrix.T
        np.fill_diagonal(sims, -np.inf)
        k = min(self.k, max(1, len(self.pks) - 1))
        nearest = np.argsort(-sims, axis=1)[:, :k]
        self.field = matrix[nearest].mean(axis=1) if len(self.pks) > 1 else np.zeros_like(matrix)
        self.residuals = _unit(matrix - self.alpha * self.field)
        held = {}
        if technologies.passages is not None:
            languages = {pk: str(language) for pk, language in zip(self.pks, self.languages, strict=True)}
            held = technologies.passages.passages_of(self.pks, languages)
        self.passages = {
            i: _unit(np.asarray(held[pk], dtype=np.float64) - self.alpha * self.field[i])
            for i, pk in enumerate(self.pks)
            if pk in held
        }

    def demand_field(self, demand_pk, vector):
        if self.own:
            others = self.demand_matrix @ vector
            if demand_pk in self.demand_row:
                others[self.demand_row[demand_pk]] = -np.inf
            k = min(self.k, max(1, len(others) - 1))
            return self.demand_matrix[np.argsort(-others)[:k]].mean(axis=0)
        return self.matrix[np.argsort(-(self.matrix @ vector))[: self.k]].mean(axis=0)

    def closeness(self, demand_pk, vector, language, site):
        vector = np.asarray(vector, dtype=np.float64)
        residual = _unit(vector - self.alpha * self.demand_field(demand_pk, vector))
        z = _z_by_language(self.residuals @ residual, self.languages, language)
        if self.passages:
            rows = sorted(self.passages)
            best = np.asarray([float((self.passages[i] @ residual).max()) for i in rows])
            by_passage = _z_by_language(best, self.languages[rows], language)
            z[rows] = np.maximum(z[rows], by_passage)
        position = {pk: i for i, pk in enumerate(self.pks)}
        new = {
            pk: round(float(z[position[pk]]), 6) if pk in position else value for pk, value in site.items()
        }
        if self.mix is not None:
            new = {pk: round((1 - self.mix) * site[pk] + self.mix * new[pk], 6) for pk in site}
        judged = gated(site, new) if self.gate else new
        if self.use == "residrank":
            return new, site
        if self.use == "residabs":
            return site, judged
        return new, judged


class Diverse:
    """Diversity at the top (``mmr…``): a near-duplicate of a closer candidate ranked lower."""

    def __init__(self, found, technologies):
        self.weight = float(found["lam"] or 1.0)
        self.technologies = technologies

    def closeness(self, demand_pk, vector, language, site):
        order = sorted(site, key=lambda pk: (-site[pk], pk))[:DIVERSE_DEPTH]
        vectors = {pk: self.technologies.vector(pk) for pk in order}
        ranked = dict(site)
        for i, pk in enumerate(order[1:], start=1):
            if vectors[pk] is None:
                continue
            similar = max(
                (float(vectors[pk] @ vectors[other]) for other in order[:i] if vectors[other] is not None),
                default=0.0,
            )
            excess = max(0.0, similar - NEAR_DUPLICATE) / 0.05
            ranked[pk] = round(site[pk] - self.weight * excess, 6)
        return ranked, site


class Requirements:
    """Requirement-level support (``req…``): ranked partly by how well a candidate's best passage
    supports the demand's requirements; answered on the site's closeness."""

    def __init__(self, found, technologies):
        self.how = found["how"] or "first"
        self.mix = float(found["rmix"] or 0.3)
        self.technologies = technologies

    def support(self, queries, pks, language):
        """{pk: [support for each query]} for the ``pks`` with passages."""
        store, vectors = self.technologies.passages, self.technologies
        languages = {pk: str(vectors.languages[vectors.position[pk]]) for pk in pks if pk in vectors.position}
        out = {}
        for query in embedding.cached_embed(kind="demand", texts=queries):
            best = store.best_of(query, list(languages), languages)
            profiles = {}
            for pk, cosine in best.items():
                lang = languages[pk]
                if lang not in profiles:
                    profiles[lang] = embedding._profile(store.best_cosines(query, lang), lang == language)
                centre, spread = profiles[lang]
                out.setdefault(pk, []).append((cosine - centre) / spread)
        return out

    def aggregate(self, values):
        if self.how == "max":
            return max(values)
        if self.how == "mean":
            return sum(values) / len(values)
        if self.how == "top2":
            best = sorted(values, reverse=True)[:2]
            return sum(best) / len(best)
        return values[0]

    def closeness(self, demand_pk, vector, language, site):
        queries = REQUIREMENTS.get(embedding._digest(np.asarray(vector, dtype=np.float32)))
        if not queries or self.technologies.passages is None:
            return site, site
        support = self.support(queries, list(site), language)
        ranked = {
            pk: round((1 - self.mix) * value + self.mix * self.aggregate(support[pk]), 6)
            if pk in support
            else value
            for pk, value in site.items()
        }
        return ranked, site
