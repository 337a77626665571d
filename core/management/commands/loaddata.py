"""Django's ``loaddata``, then what the skipped per-row work would have kept up to date.

A fixture's rows are saved raw (``raw=True``): receivers leave derived work (index updates,
cache bumps, figures, background jobs) alone for them, since a fixture is loaded in no particular
order and each row would otherwise queue its own job. Once the rows are in, in the same
transaction, the maintained figures are recomputed and every cached page family is made stale.
The search index is not touched: ``manage.py rebuild_search_index`` indexes what was loaded.
"""

from django.core.management.commands import loaddata

from core import pagecache, tallies


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        super().loaddata(fixture_labels)
        if not self.loaded_object_count:
            return
        drifted = tallies.rebuild_all()
        pagecache.bump()
        if self.verbosity >= 1:
            self.stdout.write(
                f"Figures recomputed ({len(drifted)} series changed) and cached pages refreshed; "
                "run rebuild_search_index to index the loaded content."
            )
