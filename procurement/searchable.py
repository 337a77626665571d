"""Innovation products in the site-wide search: the public ones (recommended or in the catalogue)."""

from datetime import UTC, datetime

from django.db.models.signals import post_delete, post_save
from django.utils.translation import pgettext_lazy

from search.registry import SearchableKind, SiteEntry, Trigger, texts_in_both, urls_in_both

from .models import InnovationProduct


def public_products():
    """Products an anonymous visitor may see, with what their search documents read."""
    return InnovationProduct.objects.public().select_related("track", "category", "organisation")


def product_entry(product):
    """The product as search indexes it: name, summary, description, specifications, where proven."""
    body = {}
    for language, parts in (
        (
            "zh",
            [product.description, product.specifications, product.proven_scenarios, product.category.name_zh],
        ),
        (
            "en",
            [
                product.description_en,
                product.specifications_en,
                product.proven_scenarios_en,
                product.category.name_en,
            ],
        ),
    ):
        body[language] = "\n".join(part for part in parts if part)
    return SiteEntry(
        pk=product.pk,
        ref=product.ref,
        title=texts_in_both(product, "name"),
        summary=texts_in_both(product, "summary"),
        body=body,
        tracks=(product.track.slug,),
        url=urls_in_both(product),
        published_at=product.decided_at or product.recommended_at or product.created_at or datetime.now(UTC),
    )


def _saved_product(instance, **kwargs):
    return [instance.pk]


PRODUCT_KIND = SearchableKind(
    name="product",
    label=pgettext_lazy("search kind", "Innovation products"),
    order=30,
    public=public_products,
    entry=product_entry,
    triggers=(
        Trigger(post_save, _saved_product, sender=InnovationProduct),
        Trigger(post_delete, _saved_product, sender=InnovationProduct),
    ),
)
