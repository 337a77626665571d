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

from django.conf import settings

from .mapped import RevisionStore, by_version, changed_rows, source_rows
from .passages import BaseRows, load_base, save_base

FORMAT = 2  # bumped when the files change: a revision of another format is written again


def shared_from():
    """From how many stored technology vectors the passages are mapped from a shared file."""
    return settings.SEARCH_PASSAGES_SHARED_FROM


def store(kind):
    return RevisionStore(f"passages-{kind}", save=save_base, load=load_base, label=by_version)


def attach(passages, *, kind, rows, version, summary):
    """Map the shared passages of ``kind`` into ``passages`` (a ``PassageStore``), building them
    when no current file will do, and read the rows changed since into its delta. ``rows``: the
    kind's readable ``ListingEmbedding`` rows; ``summary``: their count and latest update, read
    after ``version``. Returns whether the passages are now shared (False: read by pk)."""
    found = store(kind).attached(
        lambda base: changed_rows(base, rows, "passages", fmt=FORMAT, version=version, summary=summary),
        lambda: BaseRows(*source_rows(rows, "passages", fmt=FORMAT, version=version)),
        otherwise="Passages read from the database per match",
    )
    if found is not None:
        passages.attach(*found)
    return found is not None
