"""Experiments on how a technology's passages make its closeness, for ``evaluate_matching
--passages MODE`` (README, "Matching", fifth round; ``search.evaluation`` runs them). Only
evaluation reads this module: the site's closeness is ``search.embedding.Closeness``."""

import re

import numpy as np

from . import embedding

# Experiments on how a technology's passages make its closeness (``--passages MODE``; README,
# "Matching", fifth round): ``averaged`` (before the fifth round: the averaged vector alone), and
# the modes of ``combined_closeness`` (``max`` is what the site does, here in float32).
PASSAGE_MODES = ("averaged", "best", "max", "language", "top2", "demand")


def passage_closeness(vector, passages, source_language, mode="best"):
    """{pk: closeness} of every technology of ``passages`` (``set_passages``) by its passages:
    ``best`` (and the modes built on it) takes the highest cosine of the demand's ``vector`` with
    any one of its passages, ``top2`` the mean of its two highest; in spreads above the median of
    that figure over the technologies of its language (as ``embedding.Closeness`` does for the
    averaged vector, same prior for few listings)."""
    pks, matrices, languages = passages

    def figure(matrix):
        cosines = np.sort(np.asarray(matrix, dtype=np.float32) @ vector)[::-1]
        return float(cosines[:2].mean()) if mode == "top2" else float(cosines[0])

    best = np.asarray([figure(matrix) for matrix in matrices], dtype=np.float64)
    languages = np.asarray(languages)
    out = {}
    for language in sorted(set(languages.tolist())):
        rows = np.flatnonzero(languages == language)
        # The median and spread, shrunk toward the model's usual figures (one rule for both).
        centre, spread = embedding._profile(best[rows], language == source_language)
        for i in rows:
            out[pks[i]] = round((best[i] - centre) / spread, 6)
    return out


def demand_passages(document):
    """The demand's own passages (experiment ``demand``, from its record): title + summary, and the title with each
    sentence of its description of at least 6 characters."""
    title, summary = document.get("title", ""), document.get("summary", "")
    sentences = [
        part.strip()
        for part in re.split(r"(?<=[。！？.!?；;])\s*", _plain(document.get("description", "")))
        if len(part.strip()) >= 6
    ]
    texts = [embedding._joined(title, summary)] + [
        embedding._joined(title, sentence) for sentence in sentences
    ]
    return list(dict.fromkeys(t for t in texts if t))


def _plain(html):
    return re.sub(r"<[^>]+>", " ", html or "")


def demand_passage_closeness(document, passages, source_language):
    """{pk: closeness} by the demand's passages (experiment ``demand``): each demand passage's
    best-passage closeness to every technology (``passage_closeness``), averaged over them."""
    vectors = embedding.cached_embed(kind="demand", texts=demand_passages(document))
    per_passage = [passage_closeness(v, passages, source_language, "best") for v in vectors]
    return {pk: round(sum(c[pk] for c in per_passage) / len(per_passage), 6) for pk in per_passage[0]}


def combined_closeness(mode, *, averaged, by_passage, languages, source_language):
    """{pk: closeness} for the candidates of ``averaged`` (their averaged-vector closeness) under a
    passage ``mode``: ``best``/``top2`` the passage figure, ``max`` the larger of the two,
    ``language`` the passage figure in the source's language and the averaged one across."""
    out = {}
    for pk, average in averaged.items():
        passage = by_passage.get(pk)
        if passage is None:
            out[pk] = average
        elif mode == "max":
            out[pk] = max(average, passage)
        elif mode == "language":
            out[pk] = passage if languages.get(pk) == source_language else average
        else:
            out[pk] = passage
    return out
