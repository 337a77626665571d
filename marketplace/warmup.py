"""What a web process loads once, before its first request, so that no visitor waits for it."""

import logging

from django.conf import settings
from django.db import connections
from django.urls import get_resolver
from django.utils import translation

from search import analysis, lexicon

logger = logging.getLogger(__name__)

# Chinese and English, so both halves of the analysis are exercised.
SAMPLE_TEXT = "钠离子电池储能 sodium-ion battery storage"


def warm_up():
    """Load the URL configuration in every language, the segmenter with the glossary, and the
    bilingual lexicon.

    Each is otherwise loaded by the first request that needs it: measured under load (2 gunicorn
    workers, load average 10-13), a worker's first search or listing with its matches took 10-11 s
    (URL configuration 2.2 s, segmenter 0.5 s, lexicon 4.6 s), and both fresh workers spent the
    first minute of a load run doing it while visitors queued. Side effects: fills those
    process-wide caches and closes the database connections it opened (a server that loads the
    application before forking must not hand one connection to every worker). A failure (the
    database not reachable for the glossary) is logged and left to the first request, as before.
    """
    try:
        resolver = get_resolver()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                resolver.reverse_dict  # noqa: B018 (populating the reverse lookup is the point)
        analysis.analyse(SAMPLE_TEXT)
        lexicon.lexicon()
    except Exception:
        logger.warning("warm-up incomplete: the first requests will load the rest", exc_info=True)
    finally:
        connections.close_all()
