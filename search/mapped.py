"""Files written once per revision and mapped by every process (read-only, or copy-on-write).

Shared by the embedded index's base segments (``search.backends.embedded.store``), the
technologies' passages (``search.passages_shared``) and every listing's averaged vector
(``search.vectors_shared``). Layout under ``settings.SEARCH_EMBEDDED_DIR``:
``<database>/<kind>/rev-<label>-<id>/`` holds one revision (written by the ``save`` callable,
read back by ``load``), ``CURRENT`` names the revision in use and
``build.lock`` lets one process build while the others wait for its result instead of building
the same thing. A revision is written under a temporary name and renamed into place, and
``CURRENT`` is replaced atomically, so a reader never sees half a revision; a process that still
maps a removed revision keeps reading it (the pages stay until it lets go).
"""

import contextlib
import datetime
import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
import uuid

import numpy as np
from django.conf import settings
from django.db import connection

STALE_TEMPORARY_SECONDS = 3600
DELTA_MIN = 256
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MARGIN = datetime.timedelta(seconds=60)  # a row saved just before a base was written may commit after

logger = logging.getLogger(__name__)


def database_key():
    """Which database the index describes (two databases never share a directory)."""
    info = connection.settings_dict
    ident = "|".join(str(info.get(key) or "") for key in ("ENGINE", "NAME", "HOST", "PORT"))
    return f"{connection.vendor}-{hashlib.sha1(ident.encode(), usedforsecurity=False).hexdigest()[:16]}"


def delta_bound(n_base):
    """How many rows changed since a base (or its dead rows) may reach before it is written again:
    2 % of it, at least ``DELTA_MIN``."""
    return max(DELTA_MIN, n_base // 50)


def micros(moment):
    """A datetime as integer microseconds since the epoch (naive ones taken as UTC; None: 0), as
    revisions record their rows' updates."""
    if moment is None:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


def moment(us):
    """The datetime of ``micros``' figure."""
    return EPOCH + datetime.timedelta(microseconds=us)


def changed_since(base, rows, *, fmt, version, summary):
    """The pks whose ``ListingEmbedding`` row ``base`` does not hold as it is now (changed, added or
    deleted since it was written), or None when it must be written again: of another format,
    newer than the table (a rolled-back write), or more than ``delta_bound`` rows behind.

    ``base`` has ``meta`` (``format``, ``version``, ``latest`` µs), ``n``, ``pk``, ``differs`` and
    ``get``; ``rows``: the kind's readable rows; ``summary``: their count and latest update, read
    after ``version``. Rows are read again from ``MARGIN`` before the base's latest update."""
    meta = base.meta
    if (
        meta.get("format") != fmt
        or meta.get("version", 0) > version
        or meta.get("latest", 0) > micros(summary["latest"])
    ):
        return None
    if (
        meta.get("version") == version
        and base.n == summary["count"]
        and meta.get("latest") == micros(summary["latest"])
    ):
        return []  # no writer since: each bumps the version in its transaction (StoredVectors reads no rows either)
    since = moment(meta.get("latest", 0)) - MARGIN
    recent = list(rows.filter(updated_at__gte=since).order_by().values_list("listing_id", "updated_at"))
    pks = np.asarray([pk for pk, _at in recent], dtype=np.int64)
    differ = pks[base.differs(pks, [micros(at) for _pk, at in recent])].tolist()
    if len(differ) > delta_bound(base.n):
        return None
    held = base.n + sum(1 for pk in differ if base.get(pk) is None)
    if held < summary["count"]:
        return None  # rows the base does not hold and that did not change since: write it again
    if held > summary["count"]:  # rows deleted since: those of the base no longer in the table
        present = np.fromiter(rows.values_list("listing_id", flat=True).iterator(chunk_size=5000), np.int64)
        differ += base.pk[~np.isin(base.pk, present)].tolist()
    return None if len(differ) > delta_bound(base.n) else differ


def changed_rows(base, rows, column, *, fmt, version, summary):
    """[(pk, ``column`` as the table holds it now, None when the row is gone)] of the rows
    ``changed_since`` ``base``, in that order; None when it must be written again."""
    differ = changed_since(base, rows, fmt=fmt, version=version, summary=summary)
    if differ is None:
        return None
    found = dict(rows.filter(listing_id__in=differ).values_list("listing_id", column)) if differ else {}
    return [(pk, found.get(pk)) for pk in differ]


def by_version(source):
    """A revision's label from the meta ``source_rows`` gives it: ``<version>-<latest>``."""
    return f"{source.meta['version']}-{source.meta['latest']}"


def source_rows(rows, column, *, fmt, version):
    """(stream, meta) to write a revision from: (pk, ``column``, update in µs) of ``rows`` in pk
    order, read in chunks (never all in memory), and when (``version``, latest update)."""
    latest = rows.order_by("-updated_at").values_list("updated_at", flat=True).first()
    ordered = rows.order_by("listing_id").values_list("listing_id", column, "updated_at")
    stream = ((pk, raw, micros(at)) for pk, raw, at in ordered.iterator(chunk_size=2000))
    return stream, {"format": fmt, "version": version, "latest": micros(latest)}


def write_index(directory, meta, **arrays):
    """A revision's ``meta.json`` and one ``<name>.npy`` per int64 array (pks, update times...)."""
    for name, values in arrays.items():
        path = os.path.join(directory, f"{name}.npy")
        np.save(path, np.asarray(values, dtype=np.int64), allow_pickle=False)
    with open(os.path.join(directory, "meta.json"), "w") as file:
        json.dump(meta, file)


def read_index(directory, *names):
    """(meta, the arrays ``names``) that ``write_index`` wrote; each must hold ``meta["n"]`` values
    (a ValueError otherwise: the revision is incomplete)."""
    with open(os.path.join(directory, "meta.json")) as file:
        meta = json.load(file)
    arrays = [np.load(os.path.join(directory, f"{name}.npy"), allow_pickle=False) for name in names]
    if any(len(values) != meta["n"] for values in arrays):
        raise ValueError(f"{directory} is incomplete")
    return meta, *arrays


class RevisionStore:
    """The revisions of one kind in one database. ``save(value, directory)`` writes a revision,
    ``load(directory)`` maps it back; ``label(value)`` names it (``rev-<label>-<id>``)."""

    _mapped = {}  # revision directory -> loaded value, per process

    def __init__(self, kind, *, save, load, label, root=None):
        root = root or settings.SEARCH_EMBEDDED_DIR
        self.directory = os.path.join(str(root), database_key(), kind)
        self._save, self._load, self._label = save, load, label

    def current(self):
        """The name of the revision in use, or None."""
        try:
            with open(os.path.join(self.directory, "CURRENT")) as file:
                name = file.read().strip()
        except FileNotFoundError:
            return None
        return name if name and os.path.isdir(os.path.join(self.directory, name)) else None

    def load(self, name):
        path = os.path.join(self.directory, name)
        value = self._mapped.get(path)
        if value is None:
            value = self._load(path)
            for older in [p for p in self._mapped if os.path.dirname(p) == self.directory]:
                del self._mapped[older]  # let go of this kind's older revisions
            self._mapped[path] = value
        return value

    def readable(self, name):
        """Revision ``name`` mapped, or None when there is none or it cannot be read (a file lost
        or damaged on disk): the caller builds a new one rather than failing every request."""
        if not name:
            return None
        try:
            return self.load(name)
        except (OSError, EOFError, ValueError, KeyError) as failure:
            logger.warning("Revision %s in %s not readable, written again: %s", name, self.directory, failure)
            return None

    def attached(self, since, source, *, otherwise):
        """(base, since(base)) for the current revision, written again (``build``) when there is
        none, it cannot be read or ``since`` answers None. None when three tries do not settle or
        the directory is not usable (a warning starting with ``otherwise``, what the caller does
        instead: read the database)."""
        try:
            name = self.current()
            base = self.readable(name)
            for _attempt in range(3):
                if base is not None:
                    changed = since(base)
                    if changed is not None:
                        return base, changed
                base, name = self.build(source, tried=name)
        except OSError as failure:
            logger.warning("%s, %s is not usable: %s", otherwise, settings.SEARCH_EMBEDDED_DIR, failure)
        return None

    def build(self, source, *, tried=None):
        """(base, revision name): the one another process wrote while this one waited for the
        lock, else ``source()`` published and mapped."""
        with self.building():
            name = self.current()
            if name and name != tried:
                base = self.readable(name)
                if base is not None:
                    return base, name
            name = self.publish(source())
            return self.load(name), name

    @contextlib.contextmanager
    def building(self):
        """Held while a process builds a revision; another one waits here for it."""
        os.makedirs(self.directory, exist_ok=True)
        with open(os.path.join(self.directory, "build.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def publish(self, value):
        """Write ``value`` as the new current revision; returns its name."""
        name = f"rev-{self._label(value)}-{uuid.uuid4().hex[:8]}"
        temporary = os.path.join(self.directory, f"tmp-{uuid.uuid4().hex}")
        self._save(value, temporary)
        os.rename(temporary, os.path.join(self.directory, name))
        pointer = os.path.join(self.directory, f"CURRENT.{uuid.uuid4().hex}")
        with open(pointer, "w") as file:
            file.write(name)
            file.flush()
            os.fsync(file.fileno())
        os.replace(pointer, os.path.join(self.directory, "CURRENT"))
        self._remove_others(name)
        return name

    def _remove_others(self, keep):
        now = time.time()
        for entry in os.listdir(self.directory):
            path = os.path.join(self.directory, entry)
            if entry.startswith("rev-") and entry != keep:
                shutil.rmtree(path, ignore_errors=True)
            elif (
                entry.startswith(("tmp-", "CURRENT."))
                and now - os.path.getmtime(path) > STALE_TEMPORARY_SECONDS
            ):
                if os.path.isdir(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(path)
