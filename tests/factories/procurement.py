import datetime
from decimal import Decimal

import factory

from procurement.models import (
    ExpertPanel,
    InnovationProduct,
    PanelCriterion,
    PanelMembership,
    ProcurementCategory,
    RecommendationBatch,
)

from .accounts import OrganisationFactory
from .home import TrackFactory


class ProcurementCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcurementCategory
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"A0201{n:04d}")
    name_zh = factory.Sequence(lambda n: f"采购品目{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class InnovationProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InnovationProduct

    name = factory.Sequence(lambda n: f"创新产品{n}")
    summary = "一种用于测试的创新产品。"
    organisation = factory.SubFactory(OrganisationFactory, kind="enterprise")
    track = factory.SubFactory(TrackFactory)
    category = factory.SubFactory(ProcurementCategoryFactory)
    specifications = "型号 X-1，额定功率 5 kW"
    price_cny = Decimal("120000.00")
    status = InnovationProduct.Status.SUBMITTED


DEFAULT_CRITERIA = (("innovation", 30), ("maturity", 25), ("market", 25), ("independent_control", 20))


def panel_with_experts(experts, *, name="2026年第一批创新产品评审组", criteria=DEFAULT_CRITERIA):
    """A panel with the four standard weighted criteria and these experts."""
    panel = ExpertPanel.objects.create(name=name)
    for order, (key, weight) in enumerate(criteria):
        PanelCriterion.objects.create(panel=panel, key=key, weight=weight, sort_order=order)
    for order, expert in enumerate(experts):
        PanelMembership.objects.create(panel=panel, expert=expert, sort_order=order)
    return panel


class RecommendationBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationBatch

    code = factory.Sequence(lambda n: f"2026-{n + 1}")
    title = factory.Sequence(lambda n: f"2026年第{n + 1}批创新产品推荐目录")
    recommended_on = datetime.date(2026, 11, 20)
