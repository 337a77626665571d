"""The technologies' passages shared by every process at scale: one file per version, mapped.

From ``SEARCH_PASSAGES_SHARED_FROM`` technologies with a vector, every technology's passages are
written once (``search.passages.save_base``: a float16 matrix and the pk → row offsets) under
``settings.SEARCH_EMBEDDED_DIR`` by the ``search.mapped.RevisionStore`` the embedded index's base
uses: one process builds under a file lock while the others wait and map its result. Each process
keeps the rows changed since the base (read by ``updated_at``) in the ``PassageStore``'s delta; past
``delta_bound`` rows the base is written again. A match then reads its candidates' passages from
the mapped file and the delta, with no query. Below the threshold, or when the directory cannot be
written (a warning, never an error), the candidates' passages are read by pk as before.
"""

import datetime
import logging

import numpy as np
from django.conf import settings

from .mapped import RevisionStore, delta_bound, micros, moment
from .passages import BaseRows, load_base, save_base

logger = logging.getLogger(__name__)

MARGIN = datetime.timedelta(seconds=60)  # a row saved just before a look may commit after it
FORMAT = 2  # bumped when the files change: a revision of another format is written again


def shared_from():
    """From how many stored technology vectors the passages are mapped from a shared file."""
    return settings.SEARCH_PASSAGES_SHARED_FROM


def store(kind):
    return RevisionStore(
        f"passages-{kind}",
        save=save_base,
        load=load_base,
        label=lambda source: f"{source.meta['version']}-{source.meta['latest']}",
    )


def attach(passages, *, kind, rows, version, summary):
    """Map the shared passages of ``kind`` into ``passages`` (a ``PassageStore``), building them
    when no current file will do, and read the rows changed since into its delta. ``rows``: the
    kind's readable ``ListingEmbedding`` rows; ``summary``: their count and latest update, read
    after ``version``. Returns whether the passages are now shared (False: read by pk)."""
    try:
        revisions = store(kind)
        name = revisions.current()
        base = revisions.readable(name)
        for _attempt in range(3):
            if base is not None:
                delta = _since(base, rows, version, summary)
                if delta is not None:
                    passages.attach(base, delta)
                    return True
            base, name = _build(revisions, rows, version, tried=name)
    except OSError as failure:
        logger.warning(
            "Passages read from the database per match, %s is not usable: %s",
            settings.SEARCH_EMBEDDED_DIR,
            failure,
        )
    return False


def _since(base, rows, version, summary):
    """[(pk, stored bytes)] changed since ``base``, or None when it must be written again (newer
    than the table, a rolled-back write, or too far behind)."""
    meta = base.meta
    if (
        meta.get("format") != FORMAT
        or meta.get("version", 0) > version
        or meta.get("latest", 0) > micros(summary["latest"])
    ):
        return None
    bound = delta_bound(base.n)
    since = moment(meta.get("latest", 0)) - MARGIN
    recent = list(rows.filter(updated_at__gte=since).order_by().values_list("listing_id", "updated_at"))
    pks = np.asarray([pk for pk, _at in recent], dtype=np.int64)
    differ = pks[base.differs(pks, [micros(at) for _pk, at in recent])].tolist()
    if len(differ) > bound:
        return None
    unknown = sum(1 for pk in differ if base.get(pk) is None)
    if base.n + unknown < summary["count"]:
        return None  # rows the base does not hold and that did not change since: write it again
    return list(rows.filter(listing_id__in=differ).values_list("listing_id", "passages")) if differ else []


def _build(revisions, rows, version, tried=None):
    """(base, revision name): the one another process wrote while this one waited, else a new one."""
    with revisions.building():
        name = revisions.current()
        if name and name != tried:
            base = revisions.readable(name)
            if base is not None:
                return base, name
        latest = rows.order_by("-updated_at").values_list("updated_at", flat=True).first()
        ordered = rows.order_by("listing_id").values_list("listing_id", "passages", "updated_at")
        stream = ((pk, raw, micros(at)) for pk, raw, at in ordered.iterator(chunk_size=2000))
        source = BaseRows(stream, {"format": FORMAT, "version": version, "latest": micros(latest)})
        name = revisions.publish(source)
        return revisions.load(name), name
