"""Innovation products in the site-wide search: the public ones (recommended or in the catalogue)."""

from datetime import UTC, datetime

from django.db.models.signals import post_delete, post_save
from django.utils.translation import pgettext_lazy

from search.registry import SearchableKind, bilingual_entry, on_signals, own_pk, texts_in_both

from .models import InnovationProduct


def public_products():
    """Products an anonymous visitor may see, with what their search documents read."""
    return InnovationProduct.objects.public().select_related("track", "category", "organisation")


def product_entry(product):
    """The product as search indexes it: name, summary, description, specifications, where proven."""
    category = product.category
    return bilingual_entry(
        product.pk,
        texts=product,
        page=product,
        title="name",
        body=[
            *(texts_in_both(product, name) for name in ("description", "specifications", "proven_scenarios")),
            {"zh": category.name_zh, "en": category.name_en},
        ],
        tracks=(product.track.slug,),
        ref=product.ref,
        published_at=product.decided_at or product.recommended_at or product.created_at or datetime.now(UTC),
    )


PRODUCT_KIND = SearchableKind(
    name="product",
    label=pgettext_lazy("search kind", "Innovation products"),
    order=30,
    public=public_products,
    entry=product_entry,
    triggers=on_signals(InnovationProduct, own_pk, post_save, post_delete),
)
