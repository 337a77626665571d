"""The Atom feed of recommended and accepted products, for catalogue staff and anyone following."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from .queries import feed_products


class RecommendedProductsFeed(Feed):
    feed_type = Atom1Feed
    title = "滨海未来产业创新产品推荐 · Binhai innovation products recommended for procurement"
    subtitle = "推荐纳入政府采购目录的创新产品 · Innovation products recommended for the government procurement catalogue"

    def __call__(self, request, *args, **kwargs):
        # Item links point at the Chinese (default-language) pages whatever the reader's language.
        with translation.override("zh-hans"):
            return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("procurement:index")

    def items(self):
        return feed_products()[:100]

    def item_title(self, item):
        return f"{item.name} · {item.organisation.name}"

    def item_description(self, item):
        status = "已纳入政府采购目录 " + item.catalogue_entry_number if item.status == "accepted" else "推荐"
        return f"{item.summary}（{item.batch.title if item.batch else ''}；{status}）"

    def item_guid(self, item):
        return f"binhai-product-{item.ref}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.recommended_at

    def item_updateddate(self, item):
        return item.decided_at or item.recommended_at

    def item_categories(self, item):
        return [item.track.slug, item.category.code]
