"""Base segments on disk: one revision per database and kind, mapped by every process
(``search.mapped.RevisionStore`` holding ``segment.save_segment`` / ``load_segment`` revisions)."""

from search.mapped import RevisionStore

from .segment import load_segment, save_segment


class Store(RevisionStore):
    """The base revisions of one kind in one database (``rev-<latest>-<count>-<id>``)."""

    def __init__(self, kind, root=None):
        super().__init__(
            kind,
            save=save_segment,
            load=load_segment,
            label=lambda segment: f"{segment.meta.get('latest', 0)}-{segment.meta['n']}",
            root=root,
        )
