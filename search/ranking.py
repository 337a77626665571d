"""The one re-ranking function both backends share.

A backend only retrieves candidates and reports term statistics (how many listings hold each
token); the score and the reasons are computed here, so Elasticsearch and the embedded backend
rank the same candidates the same way.

score = relevance × (0.70 + 0.15·same track + 0.05·TRL fit + 0.05·budget fit + 0.05·deadline fit)

relevance blends the IDF-weighted share of the source's terms that the candidate shares (title
and keywords count 1.5×) with the same share over glossary concepts, which is what carries a
Chinese listing to an English one. Below ``MIN_RELEVANCE`` a candidate is not a match at all,
whatever its track or fit.
"""

import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from taxonomy.models import Track

from .analysis import CONCEPT_PREFIX, ListingFeatures
from .glossary import concepts

MIN_RELEVANCE = 0.12
KEY_WEIGHT = 1.5
SHARED_TERMS_SHOWN = 5


@dataclass
class TermStats:
    """Corpus statistics for the tokens and concepts of one source listing."""

    n_docs: int
    df: dict = field(default_factory=dict)
    concept_df: dict = field(default_factory=dict)

    def idf(self, token):
        return _idf(self.n_docs, self.df.get(token, 0))

    def concept_idf(self, key):
        return _idf(self.n_docs, self.concept_df.get(key, 0))


def _idf(n_docs, df):
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


@dataclass
class Ranked:
    features: ListingFeatures
    score: float
    reasons: list


def _coverage(source_terms, source_key, candidate_terms, candidate_key, idf):
    total = shared = 0.0
    for term in sorted(source_terms):
        weight = idf(term) * (KEY_WEIGHT if term in source_key else 1.0)
        total += weight
        if term in candidate_terms:
            shared += weight * (1.0 if term in candidate_key else 0.8)
    return shared / total if total else 0.0


def relevance(source, candidate, stats):
    """How much of what the source is about the candidate shares, 0..1."""
    text = _coverage(source.tokens, source.key_tokens, candidate.tokens, candidate.key_tokens, stats.idf)
    concept = _coverage(
        source.concepts, source.key_concepts, candidate.concepts, candidate.key_concepts, stats.concept_idf
    )
    if source.language == candidate.language:
        return 0.5 * text + 0.5 * concept
    return 0.1 * text + 0.9 * concept


def _money(amount):
    return f"¥{amount:,}"


def _track_name(slug):
    """The track's name as editors keep it, in the reader's language; the slug if it is gone."""
    track = Track.objects.filter(slug=slug).first()
    return track.name if track else slug


def _shared_terms(source, candidate, stats):
    """The most distinctive shared terms, glossary concepts named in the reader's language."""
    language = get_language() or "zh-hans"
    catalogue = concepts()
    weighted = []
    covered = set()
    for key in source.concepts & candidate.concepts:
        concept = catalogue.get(key)
        if concept:
            covered.update(v.lower() for v in concept.zh + concept.en)
        boost = 2 * (2 if key in source.key_concepts else 1) * (1.5 if key in candidate.key_concepts else 1)
        weighted.append((stats.concept_idf(key) * boost, concept.label(language) if concept else key))
    for token in source.tokens & candidate.tokens:
        if token.startswith(CONCEPT_PREFIX) or any(token in variant for variant in covered):
            continue
        boost = (2 if token in source.key_tokens else 1) * (1.5 if token in candidate.key_tokens else 1)
        # Plain words come after glossary concepts, which say more to a reader.
        weighted.append((stats.idf(token) * boost - 1000, token))
    ordered = []
    for _weight, label in sorted(weighted, key=lambda pair: (-pair[0], pair[1])):
        if label not in ordered:
            ordered.append(label)
    labels = [label for label in ordered if not any(label != other and label in other for other in ordered)]
    return labels[:SHARED_TERMS_SHOWN]


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


def rank(*, source, candidates, stats, limit=10, today=None):
    """Score and explain ``candidates`` for ``source``; best first, irrelevant ones left out.

    No backend; the database is read only for the source's track name (as editors keep it) when a
    reason needs it. Ties are broken by ref so every backend orders alike. Every candidate is scored;
    only the ``limit`` kept are explained.
    """
    today = today or timezone.localdate()
    scored = []
    for candidate in candidates:
        if candidate.kind == source.kind:
            continue
        rel = relevance(source, candidate, stats)
        if rel < MIN_RELEVANCE:
            continue
        technology, demand = (source, candidate) if source.kind == "technology" else (candidate, source)
        same_track = bool(source.track) and source.track == candidate.track
        trl_fit, budget_fit, deadline_fit, _ = _fit(technology, demand, today, explain=False)
        score = rel * (0.70 + 0.15 * same_track + 0.05 * trl_fit + 0.05 * budget_fit + 0.05 * deadline_fit)
        scored.append((round(score, 4), candidate, same_track))
    scored.sort(key=lambda item: (-item[0], item[1].ref))
    ranked = []
    track_name = None
    for score, candidate, same_track in scored[:limit]:
        technology, demand = (source, candidate) if source.kind == "technology" else (candidate, source)
        reasons = []
        shared = _shared_terms(source, candidate, stats)
        if shared:
            reasons.append(gettext("Shared terms: %(terms)s") % {"terms": ", ".join(shared)})
        if same_track:
            track_name = track_name or _track_name(source.track)
            reasons.append(gettext("Same track: %(track)s") % {"track": track_name})
        reasons.extend(_fit(technology, demand, today)[3])
        ranked.append(Ranked(candidate, score, reasons))
    return ranked
