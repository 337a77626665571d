from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    """Every live public page of the site in both languages (Wagtail's own lists one locale)."""

    def items(self):
        root = self.get_wagtail_site().root_page
        paths = Q()
        for locale_root in [root, *root.get_translations()]:
            paths |= Q(path__startswith=locale_root.path)
        return Page.objects.filter(paths).live().public().order_by("path").defer_streamfields().specific()
