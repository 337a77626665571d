"""The one re-ranking function both backends share.

A backend only retrieves candidates and reports term statistics (how many listings hold each
token); the score and the reasons are computed here, so Elasticsearch and the embedded backend
rank the same candidates the same way.

score = relevance × (0.70 + 0.15·same track + 0.05·TRL fit + 0.05·budget fit + 0.05·deadline fit)

relevance blends three IDF-weighted shares of what the source is about that the candidate also
holds (title and keywords count 1.5×): its words, its glossary concepts (curated terms of the
eight tracks) and its lexicon glosses (CC-CEDICT: a Chinese word's English meanings, an English
word itself), which is what carries a Chinese listing to an English one. With meaning vectors
(``search.embedding``) relevance becomes 0.6 × that + 0.4 × meaning, where meaning maps the
candidate's closeness (its cosine in spreads above the median of the listings in its language;
for a technology the larger of its averaged vector's and its best passage's, ``search.passages``)
from ``MEANING_SCALE[0]`` (0) to ``MEANING_SCALE[1]`` (1).

Abstention: when even the best candidate scores below ``MATCH_THRESHOLD`` nothing is returned:
no technology really answers, and weak matches are not shown as if they were answers. With
meaning vectors an answer needs either words (a candidate's lexical score reaches
``HYBRID_MATCH_THRESHOLD``, counted only where its closeness reaches ``WORDS_NEED_CLOSENESS``)
or a candidate that stands out in meaning (closeness at least
``MEANING_OUTLIER``: far above what the rest of the listings reach for this source), so
paraphrases keep their answers while demands whose neighbours are uniformly mediocre stay
empty. A match is ``strong`` from ``STRONG_THRESHOLD`` (``HYBRID_STRONG_THRESHOLD``) and
``possible`` below. All were calibrated on the development sets (README, "Matching: abstention
and bands"); both backends share them. Held out (``evaluate_matching --folds 2``: calibrated on
half of the shared set's demands, scored on the other) the ranking holds and the abstention does
not yet (3 of 7 no-answer demands empty against 5 in-sample).
"""

import math
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from taxonomy.models import Track

from .analysis import _CJK, CONCEPT_PREFIX, ListingFeatures
from .glossary import concepts
from .lexicon import lexicon

# A candidate sharing less than this is not a match at all, whatever its track or fit.
MIN_RELEVANCE = 0.01
# Answer only when the best match reaches this score; otherwise say nothing fits (abstain).
MATCH_THRESHOLD = 0.22
# Matches from this score are shown as strong, the others as possible.
STRONG_THRESHOLD = 0.32
STRONG, POSSIBLE = "strong", "possible"
# With meaning vectors (search.embedding): relevance = (1 − w)·lexical + w·meaning, where meaning
# maps a candidate's closeness (z-score in its language, search.embedding.Closeness) linearly
# from MEANING_SCALE[0] (0) to MEANING_SCALE[1] (1). Calibrated on the development sets
# (README, "Meaning").
SEMANTIC_WEIGHT = 0.4
MEANING_SCALE = (1.5, 4.5)
# Answer with vectors when a candidate's words reach this (its lexical score: the lexical rule,
# not re-tuned) ...
HYBRID_MATCH_THRESHOLD = MATCH_THRESHOLD
# ... or when a candidate's closeness reaches this (an outlier among this source's neighbours).
MEANING_OUTLIER = 3.5
# Words are evidence only from a candidate whose meaning does not contradict them: closeness at
# least this (spreads above the median of its language). A listing sharing a demand's words while
# its meaning sits in the crowd is a lexical trap, not a reason to answer (README, "Matching").
WORDS_NEED_CLOSENESS = 1.0
HYBRID_STRONG_THRESHOLD = 0.45
# From this meaning share an explanation says the listings are close in meaning.
CLOSE_MEANING = 0.6
# (text, glossary concepts, lexicon glosses) for a candidate in the source's language, then across.
WEIGHTS = ((0.45, 0.35, 0.20), (0.05, 0.45, 0.50))
KEY_WEIGHT = 1.5
CONCEPTS_FOR_FULL_WEIGHT = 1
SHARED_TERMS_SHOWN = 5


@dataclass
class TermStats:
    """Corpus statistics for the tokens and concepts of one source listing."""

    n_docs: int
    df: dict = field(default_factory=dict)
    concept_df: dict = field(default_factory=dict)
    gloss_df: dict = field(default_factory=dict)

    def idf(self, token):
        return _idf(self.n_docs, self.df.get(token, 0))

    def concept_idf(self, key):
        return _idf(self.n_docs, self.concept_df.get(key, 0))

    def gloss_idf(self, gloss):
        return _idf(self.n_docs, self.gloss_df.get(gloss, 0))


def _idf(n_docs, df):
    # A term no listing uses yet weighs like one a single listing uses: it cannot tell candidates
    # apart, and in a small corpus it would otherwise outweigh everything that is shared.
    df = max(df, 1)
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


@dataclass
class Ranked:
    features: ListingFeatures
    score: float
    reasons: list
    band: str = POSSIBLE


def thresholds(hybrid):
    """(answer threshold, strong threshold) for lexical or hybrid relevance."""
    if hybrid:
        return HYBRID_MATCH_THRESHOLD, HYBRID_STRONG_THRESHOLD
    return MATCH_THRESHOLD, STRONG_THRESHOLD


def band_of(score, hybrid=False):
    """The confidence band shown instead of a raw score."""
    return STRONG if score >= thresholds(hybrid)[1] else POSSIBLE


def meaning(closeness):
    """A candidate's closeness in meaning (``search.embedding.Closeness``) as a share 0..1."""
    floor, full = MEANING_SCALE
    return min(1.0, max(0.0, (closeness - floor) / (full - floor)))


def fused(lexical, closeness):
    """Relevance from the lexical share and, when the candidate has a vector, its closeness."""
    if closeness is None:
        return lexical
    return (1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * meaning(closeness)


def words_count(closeness):
    """Whether a candidate's words count as evidence for answering: always without a vector,
    otherwise only when its meaning is not far (``WORDS_NEED_CLOSENESS``)."""
    return closeness is None or closeness >= WORDS_NEED_CLOSENESS


def _weighted(source_terms, source_key, idf):
    """The source's side of ``_coverage``: its terms in order with their weights, and the total."""
    weighted = [
        (term, idf(term) * (KEY_WEIGHT if term in source_key else 1.0)) for term in sorted(source_terms)
    ]
    total = 0.0
    for _term, weight in weighted:
        total += weight
    return weighted, total


def _coverage(weighted, total, candidate_terms, candidate_key):
    shared = 0.0
    for term, weight in weighted:
        if term in candidate_terms:
            shared += weight * (1.0 if term in candidate_key else 0.8)
    return shared / total if total else 0.0


def _source_side(source, stats):
    """The weighted terms of ``source`` (words, concepts, glosses), computed once per source and
    statistics and kept on ``stats``: every candidate is scored against the same ones."""
    kept = stats.__dict__.get("_source_side")
    if kept is None or kept[0] is not source:
        kept = stats.__dict__["_source_side"] = (
            source,
            _weighted(source.tokens, source.key_tokens, stats.idf),
            _weighted(source.concepts, source.key_concepts, stats.concept_idf),
            _weighted(source.glosses, source.key_glosses, stats.gloss_idf),
        )
    return kept[1:]


def relevance(source, candidate, stats):
    """How much of what the source is about the candidate shares, 0..1."""
    words, concepts_, glosses = _source_side(source, stats)
    text = _coverage(*words, candidate.tokens, candidate.key_tokens)
    concept = _coverage(*concepts_, candidate.concepts, candidate.key_concepts)
    gloss = _coverage(*glosses, candidate.glosses, candidate.key_glosses)
    same, across = WEIGHTS
    text_w, concept_w, gloss_w = same if source.language == candidate.language else across
    # A source naming few glossary concepts is judged on its words and glosses instead.
    concept_w *= min(1.0, len(source.concepts) / CONCEPTS_FOR_FULL_WEIGHT)
    total = text_w + concept_w + gloss_w
    return (text_w * text + concept_w * concept + gloss_w * gloss) / total if total else 0.0


def evidence(*, source, candidates, stats, semantic=None, today=None):
    """(best lexical score, best closeness in meaning) among ``candidates``: what ``rank`` weighs
    against ``HYBRID_MATCH_THRESHOLD`` and ``MEANING_OUTLIER`` (for calibration). Reads nothing."""
    today = today or timezone.localdate()
    best_lexical = best_closeness = 0.0
    for candidate in candidates:
        if candidate.kind == source.kind:
            continue
        lexical = relevance(source, candidate, stats)
        closeness = semantic.get(candidate.pk) if semantic is not None else None
        if fused(lexical, closeness) < MIN_RELEVANCE:
            continue
        technology, demand = (source, candidate) if source.kind == "technology" else (candidate, source)
        same_track = bool(source.track) and source.track == candidate.track
        trl_fit, budget_fit, deadline_fit, _ = _fit(technology, demand, today, explain=False)
        factor = 0.70 + 0.15 * same_track + 0.05 * trl_fit + 0.05 * budget_fit + 0.05 * deadline_fit
        if words_count(closeness):
            best_lexical = max(best_lexical, round(lexical * factor, 4))
        if closeness is not None:
            best_closeness = max(best_closeness, closeness)
    return best_lexical, best_closeness


def _money(amount):
    return f"¥{amount:,}"


def _tracks():
    """{slug: track} of every track, as editors keep them: one query (explanations name them)."""
    return {track.slug: track for track in Track.objects.all()}


def _written(label, *listings):
    """``label`` as an English reader expects it: as an English listing's title writes it, else as
    the lexicon does (BeiDou, DNA), else as it is."""
    if _CJK.search(label):
        return label
    for listing in listings:
        if listing.language == "en" and listing.title:
            found = re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", listing.title, re.IGNORECASE)
            if found and any(c.isupper() for c in found.group(0)[1:]):  # LiDAR, CAR-T; not "Rapid"
                return found.group(0)
    words = label.split(" ")
    return " ".join(lexicon().written(word) for word in words) if label.islower() else label


def _shared_terms(source, candidate, stats):
    """The most distinctive shared terms, named in the reader's language and properly written.

    Glossary concepts first, then words both listings use, then lexicon glosses (the meaning a
    Chinese and an English listing share: "honey" for an English reader, 蜂蜜 for a Chinese one).
    """
    language = get_language() or "zh-hans"
    english = language.startswith("en")
    catalogue = concepts()
    weighted = []
    covered = set()
    for key in source.concepts & candidate.concepts:
        concept = catalogue.get(key)
        if concept:
            covered.update(v.lower() for v in concept.zh + concept.en)
        boost = 2 * (2 if key in source.key_concepts else 1) * (1.5 if key in candidate.key_concepts else 1)
        weighted.append((stats.concept_idf(key) * boost + 2000, concept.label(language) if concept else key))
    for token in source.tokens & candidate.tokens:
        if token.startswith(CONCEPT_PREFIX) or any(token in variant for variant in covered):
            continue
        boost = (2 if token in source.key_tokens else 1) * (1.5 if token in candidate.key_tokens else 1)
        # Plain words come after glossary concepts, which say more to a reader.
        weighted.append((stats.idf(token) * boost + 1000, token))
    if source.language != candidate.language:
        chinese = source if source.language == "zh" else candidate
        for gloss in source.glosses & candidate.glosses:
            if gloss in source.tokens and gloss in candidate.tokens:
                continue  # already a shared word
            label = gloss if english else lexicon().chinese_for(gloss, chinese.tokens)
            if not label:
                continue  # no Chinese word to name it by for a Chinese reader
            if any(label in variant or label == variant for variant in covered):
                continue
            boost = (2 if gloss in source.key_glosses else 1) * (1.5 if gloss in candidate.key_glosses else 1)
            weighted.append((stats.gloss_idf(gloss) * boost, label))
    ordered = []
    for _weight, label in sorted(weighted, key=lambda pair: (-pair[0], pair[1])):
        if label not in ordered:
            ordered.append(label)
    labels = [label for label in ordered if not any(label != other and label in other for other in ordered)]
    return [_written(label, source, candidate) for label in labels[:SHARED_TERMS_SHOWN]]


def _missing(technology, demand):
    """What the listings do not say yet that a deal needs, in the reader's language."""
    missing = []
    if not technology.trl:
        missing.append(gettext("the technology's TRL"))
    if not demand.needed_trl:
        missing.append(gettext("the TRL the demand needs"))
    if not demand.budget_max_cny and not demand.budget_min_cny:
        missing.append(gettext("the demand's budget"))
    if not technology.price_cny and not technology.price_negotiable:
        missing.append(gettext("the technology's price"))
    return missing


def _fit(technology, demand, today, explain=True):
    """(TRL fit, budget fit, deadline fit) in 0..1, with their reasons when ``explain``."""
    reasons = []
    trl_fit = budget_fit = deadline_fit = 0.5
    trl, needed = technology.trl, demand.needed_trl
    price, budget = technology.price_cny, demand.budget_max_cny
    if trl and needed:
        trl_fit = 1.0 if trl >= needed else max(0.0, 1.0 - 0.25 * (needed - trl))
    if price and budget:
        budget_fit = 1.0 if price <= budget else budget / price
    if demand.deadline:
        deadline_fit = 0.0 if demand.deadline < today else 1.0
    if not explain:
        return trl_fit, budget_fit, deadline_fit, reasons
    if trl and needed:
        if trl >= needed:
            message = gettext("TRL %(trl)s meets the maturity the demand asks for (TRL %(needed)s or higher)")
        else:
            message = gettext("TRL %(trl)s is below the TRL %(needed)s the demand asks for")
        reasons.append(message % {"trl": trl, "needed": needed})
    elif trl:
        reasons.append(gettext("Technology readiness level %(trl)s") % {"trl": trl})
    if price and budget:
        if price <= budget:
            message = gettext("Price %(price)s is within the budget of %(budget)s")
        else:
            message = gettext("Price %(price)s exceeds the budget of %(budget)s")
        reasons.append(message % {"price": _money(price), "budget": _money(budget)})
    elif budget:
        reasons.append(gettext("Price negotiable; budget up to %(budget)s") % {"budget": _money(budget)})
    if demand.deadline:
        if demand.deadline < today:
            reasons.append(gettext("Deadline passed on %(date)s") % {"date": date_format(demand.deadline)})
        else:
            reasons.append(gettext("Open until %(date)s") % {"date": date_format(demand.deadline)})
    return trl_fit, budget_fit, deadline_fit, reasons


@dataclass(slots=True)  # not frozen: a frozen one costs 0.2 ms per 200 candidates, this 0.04
class Scored:
    """One candidate as ``rank`` scores it: its words' share, closeness (None without a vector),
    fused relevance, the factor its track and fit give, and the score shown (relevance × factor)."""

    candidate: ListingFeatures
    lexical: float
    closeness: float | None
    relevance: float
    factor: float
    same_track: bool
    fits: tuple  # (TRL fit, budget fit, deadline fit), each 0..1
    score: float


def scored_candidates(*, source, candidates, stats, semantic=None, today):
    """Each candidate of the other kind whose fused relevance reaches ``MIN_RELEVANCE``, scored
    (``Scored``), in the order given: the one scoring ``rank`` does, and what an experiment
    (``search.evaluation_learned``) reads so that it scores the same candidates alike. Pure."""
    for candidate in candidates:
        if candidate.kind == source.kind:
            continue
        lexical = relevance(source, candidate, stats)
        closeness = semantic.get(candidate.pk) if semantic is not None else None
        rel = fused(lexical, closeness)
        if rel < MIN_RELEVANCE:
            continue
        technology, demand = (source, candidate) if source.kind == "technology" else (candidate, source)
        same_track = bool(source.track) and source.track == candidate.track
        trl_fit, budget_fit, deadline_fit, _ = _fit(technology, demand, today, explain=False)
        factor = 0.70 + 0.15 * same_track + 0.05 * trl_fit + 0.05 * budget_fit + 0.05 * deadline_fit
        yield Scored(
            candidate,
            lexical,
            closeness,
            rel,
            factor,
            same_track,
            (trl_fit, budget_fit, deadline_fit),
            round(rel * factor, 4),
        )


def rank(
    *,
    source,
    candidates,
    stats,
    limit=10,
    today=None,
    threshold=None,
    outlier=None,
    explain=True,
    semantic=None,
    tracks=None,
):
    """Score and explain ``candidates`` for ``source``; best first, irrelevant ones left out.

    ``semantic``: {candidate pk: closeness in meaning} (``search.embedding.Closeness``), or None
    for lexical matching; a candidate missing from it is judged on its words alone.
    Empty when no candidate is evidence enough (abstention: the best lexical score below
    ``MATCH_THRESHOLD``; with ``semantic``, below ``HYBRID_MATCH_THRESHOLD`` and no closeness up
    to ``MEANING_OUTLIER``), whatever ``limit``; ``threshold`` and ``outlier`` override them for
    calibration only.
    No backend; the database is read only for track names (as editors keep them: one query for
    every track) when a reason needs them. Ties are broken by ref so every backend orders alike. Every
    candidate is scored; only the ``limit`` kept are explained (none with ``explain=False``, which
    reads no database). ``tracks(kept)``, when given, answers {slug: track} for the candidates
    kept (the caller reads them anyway: ``search.services.match_listing``) instead of that query;
    a slug it does not answer is named as before.
    """
    today = today or timezone.localdate()
    scored = []
    best_lexical = best_closeness = 0.0
    for c in scored_candidates(
        source=source, candidates=candidates, stats=stats, semantic=semantic, today=today
    ):
        if words_count(c.closeness):  # words far from the meaning are a trap's, not evidence
            best_lexical = max(best_lexical, round(c.lexical * c.factor, 4))
        if c.closeness is not None:
            best_closeness = max(best_closeness, c.closeness)
        scored.append((c.score, c.candidate, c.same_track))
    scored.sort(key=lambda item: (-item[0], item[1].ref))
    answer_at, strong_at = thresholds(semantic is not None)
    answer_at = answer_at if threshold is None else threshold
    # Answer on words, or on a candidate that stands out in meaning from this source's crowd of
    # neighbours (a paraphrase's answer does; a demand nothing answers sees uniformly mediocre ones).
    outlier_at = MEANING_OUTLIER if outlier is None else outlier
    by_meaning = semantic is not None and best_closeness >= outlier_at
    if not scored or (best_lexical < answer_at and not by_meaning):
        return []
    ranked = []
    named, asked = {}, set()

    def track_name(slug):
        """The track's name in the reader's language; the slug if it is gone. At most one query
        per rank, none when ``tracks`` answers every slug named."""
        if slug not in named and tracks is not None and "kept" not in asked:
            asked.add("kept")
            named.update(tracks([candidate for _score, candidate, _same in scored[:limit]]))
        if slug not in named and "all" not in asked:
            asked.add("all")
            named.update(_tracks())
        track = named.get(slug)
        return track.name if track else slug

    for score, candidate, same_track in scored[:limit]:
        if not explain:
            ranked.append(Ranked(candidate, score, []))
            continue
        technology, demand = (source, candidate) if source.kind == "technology" else (candidate, source)
        reasons = []
        shared = _shared_terms(source, candidate, stats)
        if shared:
            reasons.append(gettext("Shared terms: %(terms)s") % {"terms": ", ".join(shared)})
        # Carried by meaning more than by words: say so, since the listings word it differently.
        close = semantic is not None and meaning(semantic.get(candidate.pk, 0.0)) >= CLOSE_MEANING
        if close:
            reasons.append(gettext("Close in meaning, though worded differently"))
        if same_track:
            reasons.append(gettext("Same track: %(track)s") % {"track": track_name(source.track)})
        elif candidate.track:
            message = (
                gettext("Filed under another track (%(track)s), but it meets the need through %(terms)s")
                if shared
                else gettext("Filed under another track (%(track)s), but close in meaning to the need")
                if close
                else gettext("Filed under another track (%(track)s)")
            )
            reasons.append(message % {"track": track_name(candidate.track), "terms": ", ".join(shared[:2])})
        reasons.extend(_fit(technology, demand, today)[3])
        missing = _missing(technology, demand)
        if missing:
            reasons.append(gettext("Not stated yet: %(missing)s") % {"missing": ", ".join(missing)})
        ranked.append(Ranked(candidate, score, reasons, STRONG if score >= strong_at else POSSIBLE))
    return ranked
