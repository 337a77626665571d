"""Maintained aggregates: figures a page reads from a few rows instead of counting every record.

A part declares a *series* (e.g. published technologies) with a builder that says, for a set of
source keys (or for all of them), which events they contribute: the tracks an event counts for,
its day and its value. ``record`` replaces what the given keys contributed, in the caller's
transaction, and moves the ``Tally`` rows by the difference; ``rebuild`` recomputes a series from
scratch (``manage.py rebuild_tallies``, and nightly from beat) and says whether it had drifted.
Each event counts once in scope 0 (the whole marketplace) and once for each of its tracks.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncMonth

from .models import Tally, TallyEntry

logger = logging.getLogger(__name__)

ALL = 0
CHUNK = 500


@dataclass(frozen=True)
class Contribution:
    """One event of a source object: the tracks it counts for, its day, its value."""

    track_ids: tuple
    day: object
    value: Decimal | int = 1


# series -> builder(keys or None) -> {key: [Contribution, ...]}; keys None means every source object.
_builders = {}


def register(series, builder):
    """Declare a series and how to compute its contributions (at import of the declaring part)."""
    _builders[series] = builder


def registered():
    return dict(_builders)


def _rows(contributions):
    """(scope, day) -> value for one key's contributions."""
    rows = defaultdict(Decimal)
    for item in contributions:
        if item.day is None:
            continue
        value = Decimal(item.value)
        rows[(ALL, item.day)] += value
        for track_id in set(item.track_ids):
            if track_id:
                rows[(track_id, item.day)] += value
    return rows


def _move(series, deltas):
    for (scope, day), delta in deltas.items():
        if not delta:
            continue
        rows = Tally.objects.filter(series=series, scope=scope, day=day)
        if not rows.update(value=F("value") + delta):
            try:
                with transaction.atomic():
                    Tally.objects.create(series=series, scope=scope, day=day, value=delta)
            except IntegrityError:  # another transaction created it first
                rows.update(value=F("value") + delta)
        rows.filter(value=0).delete()


@transaction.atomic
def record(series, keys):
    """Bring what ``keys`` contribute to ``series`` up to date with the data.

    Side effects: replaces their ``TallyEntry`` rows and moves the ``Tally`` rows by the
    difference, in the current transaction (so the figure changes exactly when the data does).
    """
    keys = [str(key) for key in keys]
    builder = _builders[series]
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        fresh = {key: _rows(contributions) for key, contributions in builder(chunk).items()}
        old = TallyEntry.objects.filter(series=series, key__in=chunk)
        stored = defaultdict(dict)
        for key, scope, day, value in old.values_list("key", "scope", "day", "value"):
            stored[key][(scope, day)] = value
        if stored == {key: dict(rows) for key, rows in fresh.items() if rows}:
            continue  # nothing this series counts has changed: no writes
        deltas = defaultdict(Decimal)
        for rows in stored.values():
            for scope_day, value in rows.items():
                deltas[scope_day] -= value
        old.delete()
        entries = []
        for key, rows in fresh.items():
            for (scope, day), value in rows.items():
                deltas[(scope, day)] += value
                entries.append(TallyEntry(series=series, key=key, scope=scope, day=day, value=value))
        TallyEntry.objects.bulk_create(entries)
        _move(series, deltas)


@transaction.atomic
def rebuild(series):
    """Recompute ``series`` from its source data; returns True when the stored tally had drifted.

    Side effects: replaces every ``TallyEntry`` and ``Tally`` row of the series.
    """
    before = totals_of(series)
    TallyEntry.objects.filter(series=series).delete()
    Tally.objects.filter(series=series).delete()
    sums, entries = defaultdict(Decimal), []
    for key, contributions in _builders[series](None).items():
        for (scope, day), value in _rows(contributions).items():
            sums[(scope, day)] += value
            entries.append(TallyEntry(series=series, key=str(key), scope=scope, day=day, value=value))
    TallyEntry.objects.bulk_create(entries, batch_size=2000)
    Tally.objects.bulk_create(
        [Tally(series=series, scope=s, day=d, value=v) for (s, d), v in sums.items() if v],
        batch_size=2000,
    )
    drifted = before != totals_of(series)
    if drifted:
        logger.warning("tally %s had drifted from its data; rebuilt", series)
    return drifted


def rebuild_all():
    """Rebuild every registered series; returns the names of those that had drifted."""
    return [series for series in sorted(_builders) if rebuild(series)]


def totals_of(series):
    """Every (scope, day) -> value row of a series: what ``rebuild`` compares."""
    rows = Tally.objects.filter(series=series).exclude(value=0)
    return {(s, d): v for s, d, v in rows.values_list("scope", "day", "value")}


def total(series, *, scope=ALL, until=None):
    """The sum of one or more series (a name or a list) in a scope, up to a day if given."""
    names = [series] if isinstance(series, str) else list(series)
    rows = Tally.objects.filter(series__in=names, scope=scope)
    if until is not None:
        rows = rows.filter(day__lte=until)
    return rows.aggregate(total=Sum("value"))["total"] or Decimal(0)


def totals(series_list, *, scope=ALL):
    """{series: sum} for several series in one scope, in one query."""
    rows = Tally.objects.filter(series__in=list(series_list), scope=scope)
    found = dict(rows.values("series").annotate(total=Sum("value")).values_list("series", "total"))
    return {series: found.get(series) or Decimal(0) for series in series_list}


def monthly(series_list, *, until):
    """{(series, scope, first day of month): sum} up to ``until``, every scope, in one grouped query.

    Reads rows per series, scope and day, so the cost follows the calendar, not the data.
    """
    rows = (
        Tally.objects.filter(series__in=list(series_list), day__lte=until)
        .annotate(month=TruncMonth("day"))
        .values_list("series", "scope", "month")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {(series, scope, month): value for series, scope, month, value in rows}
