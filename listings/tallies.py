"""The listing counts the home, track and list pages show, kept as maintained tallies.

Series ``listings.technology`` and ``listings.demand``: one entry per published listing, for its
track, on the day it was published. ``send_listings_changed`` records the changed listings in the
same transaction as the change; the indicators' "published listings" figure reads the same series.
"""

from django.utils import timezone

from core import tallies

from .models import Demand, Technology

SERIES = {Technology: "listings.technology", Demand: "listings.demand"}


def _builder(model):
    def contributions(keys):
        rows = model.objects.published()
        if keys is not None:
            rows = rows.filter(pk__in=[int(key) for key in keys])
        found = {key: [] for key in keys or ()}
        for pk, track_id, published_at in rows.values_list("pk", "track_id", "published_at").iterator(
            chunk_size=5000
        ):
            if published_at is not None:
                day = timezone.localtime(published_at).date()
                found[str(pk)] = [tallies.Contribution((track_id,), day, 1)]
        return found

    return contributions


for _model, _series in SERIES.items():
    tallies.register(_series, _builder(_model))


def record_listings(model, ids):
    """Side effects: the published counts of ``model`` follow these listings (current transaction)."""
    series = SERIES.get(model)
    if series:
        tallies.record(series, ids)


def published_count(model, *, track=None):
    """How many listings of ``model`` are published (in a track): one indexed read of the tally."""
    return int(tallies.total(SERIES[model], scope=track.pk if track else tallies.ALL))


def published_counts(*, track=None):
    """{Technology: n, Demand: n} published (in a track), in one indexed read of the tallies."""
    found = tallies.totals(SERIES.values(), scope=track.pk if track else tallies.ALL)
    return {model: int(found[series]) for model, series in SERIES.items()}
