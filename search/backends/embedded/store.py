"""Base segments on disk: one revision per database and kind, mapped by every process.

Layout under ``settings.SEARCH_EMBEDDED_DIR``: ``<database>/<kind>/rev-<latest>-<count>-<id>/``
holds one segment (``segment.save_segment``), ``CURRENT`` names the revision in use and
``build.lock`` lets one process build while the others wait for its result instead of building
the same thing. A revision is written under a temporary name and renamed into place, and
``CURRENT`` is replaced atomically, so a reader never sees half a revision; a process that still
maps a removed revision keeps reading it (the pages stay until it lets go).
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import time
import uuid

from django.conf import settings
from django.db import connection

from .segment import load_segment, save_segment

STALE_TEMPORARY_SECONDS = 3600


def database_key():
    """Which database the index describes (two databases never share a directory)."""
    info = connection.settings_dict
    ident = "|".join(str(info.get(key) or "") for key in ("ENGINE", "NAME", "HOST", "PORT"))
    return f"{connection.vendor}-{hashlib.sha1(ident.encode(), usedforsecurity=False).hexdigest()[:16]}"


class Store:
    """The base revisions of one kind in one database."""

    _mapped = {}  # revision directory -> Segment, per process

    def __init__(self, kind, root=None):
        root = root or settings.SEARCH_EMBEDDED_DIR
        self.directory = os.path.join(str(root), database_key(), kind)

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
        segment = self._mapped.get(path)
        if segment is None:
            segment = load_segment(path)
            for older in [p for p in self._mapped if os.path.dirname(p) == self.directory]:
                del self._mapped[older]  # let go of this kind's older revisions
            self._mapped[path] = segment
        return segment

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

    def publish(self, segment):
        """Write ``segment`` as the new current revision; returns its name."""
        meta = segment.meta
        name = f"rev-{meta.get('latest', 0)}-{meta['n']}-{uuid.uuid4().hex[:8]}"
        temporary = os.path.join(self.directory, f"tmp-{uuid.uuid4().hex}")
        save_segment(segment, temporary)
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
