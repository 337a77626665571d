"""Every listing's averaged vector shared by every process at scale: one file per kind and version.

From ``SEARCH_VECTORS_SHARED_FROM`` stored vectors of a kind, the float32 matrix that matching
reads (``search.embedding.VectorSet``) is not read from the database into each process: it is
written once (pk order, ``save``) under ``settings.SEARCH_EMBEDDED_DIR`` by the
``search.mapped.RevisionStore`` the passages and the embedded index use, and every process maps
it copy-on-write (``SharedRows``). A page stays the page cache's, shared by every process, until
a process writes a row into it: a vector changed since the file was written, or a new listing's
in the spare rows the file keeps after its last (``delta_bound`` of them, sparse on disk). Past
that bound of rows changed since, the file is written again. Float32, as stored: float16 moved
closeness by up to 0.001 spreads on the 100,000 synthetic vectors (benchmarks/README.md, "Averaged vectors
mapped from a shared file"), and the brute-force path multiplies the whole matrix.

Below the threshold, or when the directory cannot be written (a warning, never an error), the
vectors are read from the database into each process as before.
"""

import os

import numpy as np
from django.conf import settings

from .mapped import (
    RevisionStore,
    by_version,
    changed_rows,
    delta_bound,
    read_index,
    source_rows,
    write_index,
)
from .passages import DIM, BaseRows, PassageBase

FORMAT = 1  # bumped when the files change: a revision of another format is written again


def shared_from():
    """From how many stored vectors of a kind they are mapped from a shared file."""
    return settings.SEARCH_VECTORS_SHARED_FROM


class VectorBase(PassageBase):
    """Every vector of a kind at one moment: a ``PassageBase`` of one row per listing (its lookups
    and ``differs`` serve both), in a file of ``capacity`` rows of which the first ``n`` are the
    listings' in pk order."""

    def __init__(self, pk, updated, matrix, meta, path):
        super().__init__(pk, np.arange(len(pk) + 1, dtype=np.int64), updated, matrix, meta)
        self.path, self.capacity = path, meta["capacity"]

    def rows(self):
        """The whole file mapped copy-on-write: the rows a process writes are its own."""
        return np.memmap(self.path, dtype="<f4", mode="c", shape=(self.capacity, DIM))


def save(source, directory):
    """Write ``source`` (``search.passages.BaseRows`` of stored vectors) as ``matrix.f4`` (raw float32 with ``delta_bound`` zero rows after the
    listings'), ``pk.npy``, ``updated.npy`` and ``meta.json`` in ``directory``."""
    os.makedirs(directory, exist_ok=True)
    pks, updated = [], []
    path = os.path.join(directory, "matrix.f4")
    with open(path, "wb") as file:
        for pk, raw, at in source.rows:
            raw = bytes(raw)
            if len(raw) != 4 * DIM:
                raise ValueError(f"vector of listing {pk} has {len(raw)} bytes")
            file.write(raw)
            pks.append(pk)
            updated.append(at)
        capacity = len(pks) + delta_bound(len(pks))
        file.truncate(capacity * 4 * DIM)  # the spare rows: a hole on disk until written
    write_index(directory, {**source.meta, "n": len(pks), "capacity": capacity}, pk=pks, updated=updated)


def load(directory):
    """The ``VectorBase`` in ``directory``, mapped read-only."""
    meta, pk, updated = read_index(directory, "pk", "updated")
    path = os.path.join(directory, "matrix.f4")
    if os.path.getsize(path) != meta["capacity"] * 4 * DIM:
        raise ValueError(f"{path} is incomplete")
    matrix = np.memmap(path, dtype="<f4", mode="r", shape=(meta["capacity"], DIM))
    return VectorBase(pk, updated, matrix, meta, path)


def store(kind):
    return RevisionStore(f"vectors-{kind}", save=save, load=load, label=by_version)


class SharedRows:
    """A process's copy-on-write mapping of a ``VectorBase``: ``rows`` (the file's every row),
    ``changed`` (the pks written since the base: at most ``bound``)."""

    def __init__(self, base):
        self.base, self.rows = base, base.rows()
        self.changed = set()
        self.bound = delta_bound(base.n)

    def fits(self, used, touched, new):
        """Whether ``touched`` pks more, ``new`` of them new listings, keep within the bound and the
        spare rows (else the file is written again)."""
        return len(self.changed | touched) <= self.bound and used + new <= self.base.capacity


def mapped(kind, *, rows, version, summary):
    """(``SharedRows``, [(pk, stored vector, or None: deleted)] changed since its base) for
    ``kind``, building the file when no current one will do; None when the directory is not
    usable (a warning: the vectors are read from the database into each process)."""
    found = store(kind).attached(
        lambda base: changed_rows(base, rows, "vector", fmt=FORMAT, version=version, summary=summary),
        lambda: BaseRows(*source_rows(rows, "vector", fmt=FORMAT, version=version)),
        otherwise="Vectors read from the database into each process",
    )
    if found is None:
        return None
    base, changed = found
    return SharedRows(base), changed
