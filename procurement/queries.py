"""Reused querysets for innovation products, evaluations and scenarios."""

from django.db.models import Avg, Count, Prefetch, Q

from listings.models import Technology

from .models import ApplicationScenario, Evaluation, InnovationProduct

SUBMITTED = Evaluation.Status.SUBMITTED


def with_scores(queryset):
    """Annotate products with their mean weighted score and the number of submitted evaluations."""
    return queryset.annotate(
        mean_score=Avg("evaluations__weighted_score", filter=Q(evaluations__status=SUBMITTED)),
        evaluation_count=Count("evaluations", filter=Q(evaluations__status=SUBMITTED), distinct=True),
    )


def public_products(*, track=None, status=None):
    """Recommended and accepted products for the public pages, newest recommendation first."""
    queryset = InnovationProduct.objects.public().select_related("organisation", "track", "category", "batch")
    if track is not None:
        queryset = queryset.filter(track=track)
    if status in InnovationProduct.PUBLIC_STATUSES:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-recommended_at", "-id")


def publicly_named_technologies(product=None):
    """The technologies a product shows to people outside its organisation and the editors (its
    public page, the recommendation feed): only published ones, as scenario pages name them; all
    the published technologies products come from when no product is given (for a Prefetch)."""
    technologies = Technology.objects.published()
    return technologies if product is None else technologies.filter(innovation_products=product)


def feed_products():
    """What the recommendation feed carries: every recommended or accepted product, with its batch
    and the technologies it publicly names."""
    return (
        InnovationProduct.objects.public()
        .select_related("organisation", "track", "category", "batch")
        .prefetch_related(
            "certifications",
            Prefetch("technologies", queryset=publicly_named_technologies()),
            "deals",
        )
        .order_by("-recommended_at", "-id")
    )


def panel_ranking(panel):
    """The panel's products ranked by mean weighted score (best first); unscored products last."""
    products = InnovationProduct.objects.filter(evaluations__panel=panel).distinct()
    ranked = with_scores(
        InnovationProduct.objects.filter(pk__in=products.values("pk")).select_related("organisation", "track")
    )
    return sorted(ranked, key=lambda p: (p.mean_score is None, -(p.mean_score or 0), p.ref))


def batch_products(batch):
    """A batch's products in ranking order (mean score, then ref) with what the export needs."""
    products = with_scores(
        batch.products.select_related("organisation", "track", "category", "batch").prefetch_related(
            "certifications"
        )
    )
    return sorted(products, key=lambda p: (p.mean_score is None, -(p.mean_score or 0), p.ref))


def expert_evaluations(user):
    """The evaluations assigned to this expert, open ones first."""
    return (
        Evaluation.objects.filter(expert=user)
        .select_related("product__organisation", "product__track", "panel")
        .order_by("status", "-assigned_at")
    )


def published_scenarios():
    return ApplicationScenario.objects.filter(is_published=True).prefetch_related("tracks")


IN_REVIEW = (InnovationProduct.Status.SUBMITTED, InnovationProduct.Status.UNDER_EVALUATION)


def products_in_review(organisation_ids):
    """The organisations' products submitted and not yet decided, newest first."""
    return (
        InnovationProduct.objects.filter(organisation_id__in=list(organisation_ids), status__in=IN_REVIEW)
        .select_related("organisation", "batch")
        .order_by("-created_at")
    )
