"""Matching programmes and technologies both ways, and searching programmes (saved searches).

The text part uses the search part's public analysis (``search.analysis.analyse``: the same
segmentation, glossary concepts and glosses the listing matcher uses), so a Chinese programme and
an English listing meet on shared concepts; track, stage and TRL decide the rest.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from listings.models import Technology
from search.analysis import analyse

from .models import LADDER, Programme, Stage

CANDIDATES = 500


def stage_for_trl(trl):
    """The ladder's rung a technology at this TRL usually needs next."""
    if trl <= 4:
        return Stage.PROOF_OF_CONCEPT
    if trl <= 6:
        return Stage.PILOT
    if trl == 7:
        return Stage.TRANSFER
    return Stage.GROWTH


@dataclass
class Fit:
    """One programme or technology that fits the other side, with why."""

    obj: object
    score: float
    reasons: list = field(default_factory=list)


def _programme_terms(programme):
    analysed = analyse(
        " ".join([programme.title_zh, programme.title_en, programme.summary_zh, programme.summary_en])
    )
    return set(analysed.tokens), set(analysed.concepts), set(analysed.glosses)


def _technology_terms(technology):
    words = " ".join([technology.title, technology.summary, " ".join(technology.keywords or [])])
    analysed = analyse(words)
    return set(analysed.tokens), set(analysed.concepts), set(analysed.glosses)


def fit(programme, technology, *, programme_terms=None, technology_terms=None, track_ids=None):
    """How well a programme and a technology fit, with reasons; None when the TRL or track rules it out."""
    if technology.trl < programme.min_trl:
        return None
    if track_ids is None:
        track_ids = {t.pk for t in programme.tracks.all()}
    reasons, score = [], 0.0
    if track_ids:
        if technology.track_id not in track_ids:
            return None
        score += 3
        reasons.append(_("Same track: %(track)s") % {"track": technology.track.name})
    else:
        score += 1
    needed = stage_for_trl(technology.trl)
    if needed == programme.stage:
        score += 3
        reasons.append(
            _("TRL %(trl)s fits the %(stage)s stage")
            % {"trl": technology.trl, "stage": programme.get_stage_display()}
        )
    elif abs(LADDER.index(needed) - LADDER.index(programme.stage)) == 1:
        score += 1
    tokens, concepts, glosses = programme_terms or _programme_terms(programme)
    t_tokens, t_concepts, t_glosses = technology_terms or _technology_terms(technology)
    shared = (tokens & t_tokens) | (glosses & t_glosses)
    shared_concepts = concepts & t_concepts
    text_score = min(4.0, 0.5 * len(shared) + 1.5 * len(shared_concepts))
    if text_score:
        score += text_score
        words = sorted(w for w in shared if len(w) > 1)[:4]
        if words:
            reasons.append(_("Shared terms: %(words)s") % {"words": "、".join(words)})
    return Fit(obj=None, score=round(score, 1), reasons=reasons)


def programmes_for_technology(technology, *, limit=5):
    """Open programmes that fit a technology, best first. Read-only."""
    terms = _technology_terms(technology)
    fits = []
    for programme in Programme.objects.open().select_related("organisation").prefetch_related("tracks"):
        result = fit(programme, technology, technology_terms=terms)
        if result is not None:
            result.obj = programme
            fits.append(result)
    fits.sort(key=lambda f: (-f.score, f.obj.pk))
    return fits[:limit]


def technologies_for_programme(programme, *, limit=10):
    """Published technologies that fit a programme, best first (newest CANDIDATES considered). Read-only."""
    track_ids = {t.pk for t in programme.tracks.all()}
    candidates = Technology.objects.published().filter(trl__gte=programme.min_trl).select_related("track")
    if track_ids:
        candidates = candidates.filter(track_id__in=track_ids)
    terms = _programme_terms(programme)
    fits = []
    for technology in candidates.order_by("-published_at")[:CANDIDATES]:
        result = fit(
            programme,
            technology,
            programme_terms=terms,
            technology_terms=_technology_terms(technology),
            track_ids=track_ids,
        )
        if result is not None:
            result.obj = technology
            fits.append(result)
    fits.sort(key=lambda f: (-f.score, -f.obj.pk))
    return fits[:limit]


def search_programmes(*, query="", filters=None, open_only=True):
    """Programmes whose text holds the query's words, filtered by ``stage`` and ``track`` (slug). Read-only."""
    filters = filters or {}
    programmes = (Programme.objects.open() if open_only else Programme.objects.published()).select_related(
        "organisation"
    )
    if filters.get("stage"):
        programmes = programmes.filter(stage=filters["stage"])
    if filters.get("track"):
        programmes = programmes.filter(tracks__slug=filters["track"])
    words = [w for w in analyse(query).tokens if len(w.strip()) > 1][:8] if query.strip() else []
    if words:
        condition = Q()
        for word in words:
            for name in ("title_zh", "title_en", "summary_zh", "summary_en"):
                condition |= Q(**{f"{name}__icontains": word})
        programmes = programmes.filter(condition)
    return programmes.distinct().prefetch_related("tracks")
