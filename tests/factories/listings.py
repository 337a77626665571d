import factory

from listings.models import Demand, Technology
from tests.factories.accounts import OrganisationFactory
from tests.factories.home import TrackFactory


class TechnologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technology

    ref = factory.Sequence(lambda n: f"T9{n:05d}")
    title = factory.Sequence(lambda n: f"高能量密度钠离子电池正极材料{n}")
    summary = "一种低成本、长循环寿命的层状氧化物正极材料。"
    description = "<p>采用铜铁锰三元层状氧化物体系。</p>"
    track = factory.SubFactory(
        TrackFactory, slug="advanced-energy", name_zh="先进能源", name_en="Advanced energy"
    )
    keywords = factory.LazyFunction(lambda: ["钠离子电池", "正极材料"])
    organisation = factory.SubFactory(OrganisationFactory, kind="university")
    trl = 6
    transfer_modes = factory.LazyFunction(lambda: ["license", "joint_development"])
    status = Technology.Status.DRAFT
    live = False

    class Params:
        published = factory.Trait(
            status=Technology.Status.PUBLISHED,
            live=True,
            published_at=factory.LazyFunction(
                lambda: __import__("django.utils.timezone").utils.timezone.now()
            ),
        )


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    ref = factory.Sequence(lambda n: f"D9{n:05d}")
    title = factory.Sequence(lambda n: f"储能电站低温高安全电池需求{n}")
    summary = "寻求零下二十度仍能稳定放电的储能电池方案。"
    description = "<p>北方储能电站冬季容量衰减明显。</p>"
    track = factory.SubFactory(
        TrackFactory, slug="advanced-energy", name_zh="先进能源", name_en="Advanced energy"
    )
    keywords = factory.LazyFunction(lambda: ["储能", "低温性能"])
    organisation = factory.SubFactory(OrganisationFactory, kind="enterprise")
    budget_max_cny = 3_000_000
    status = Demand.Status.DRAFT
    live = False

    class Params:
        published = factory.Trait(
            status=Demand.Status.PUBLISHED,
            live=True,
            published_at=factory.LazyFunction(
                lambda: __import__("django.utils.timezone").utils.timezone.now()
            ),
        )
