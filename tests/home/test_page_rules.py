"""Which page may live under which: the editorial tree stays home → index → item."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
    StandardPage,
    TrackIndexPage,
    TrackPage,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        for parent in (HomePage, TrackIndexPage, NewsIndexPage, PolicyIndexPage, StandardPage):
            self.assertCanNotCreateAt(parent, HomePage)

    def test_home_page_holds_the_indexes_and_standard_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage, {TrackIndexPage, PolicyIndexPage, NewsIndexPage, StandardPage}
        )

    def test_track_pages_live_only_under_the_track_index(self):
        self.assertAllowedParentPageTypes(TrackPage, {TrackIndexPage})
        self.assertCanNotCreateAt(HomePage, TrackPage)
        self.assertCanNotCreateAt(NewsIndexPage, TrackPage)
        self.assertAllowedSubpageTypes(TrackPage, set())

    def test_policies_live_only_under_the_policy_index(self):
        self.assertAllowedParentPageTypes(PolicyPage, {PolicyIndexPage})
        self.assertCanCreateAt(PolicyIndexPage, PolicyPage)
        self.assertCanNotCreateAt(NewsIndexPage, PolicyPage)
        self.assertAllowedSubpageTypes(PolicyIndexPage, {PolicyPage})

    def test_news_lives_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(PolicyIndexPage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsPage)

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_indexes_are_created_under_home_only(self):
        for index in (TrackIndexPage, PolicyIndexPage, NewsIndexPage):
            self.assertAllowedParentPageTypes(index, {HomePage})
            self.assertCanNotCreateAt(StandardPage, index)


def test_only_one_index_of_each_kind_per_home(page_tree):
    home = page_tree["home"]
    for model in (TrackIndexPage, PolicyIndexPage, NewsIndexPage):
        assert not model.can_create_at(home)
    assert StandardPage.can_create_at(home)
    assert not HomePage.can_create_at(Page.get_first_root_node()) or HomePage.max_count_per_parent == 1
