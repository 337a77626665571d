"""Strings of Wagtail's editor bar, shown to editors on every page of the site, that Wagtail's own
zh_Hans catalogue leaves in English. Marked here so that the site's catalogue, which Django reads
before Wagtail's, translates them (the demo crawl found them on the Chinese pages). Never imported.
"""

from django.utils.translation import gettext_noop

USERBAR_MESSAGES = (gettext_noop("Checks"), gettext_noop("Show issue"))
