import datetime

import pytest
from django.utils import timezone

from listings.models import Demand, Technology
from listings.signals import listings_changed
from search.backends import get_backend, reset_backends
from tests.factories.listings import DemandFactory, TechnologyFactory


@pytest.fixture(autouse=True)
def _fresh_backends():
    reset_backends()
    yield
    reset_backends()


@pytest.fixture(
    params=["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)],
)
def backend(request, settings):
    """Each test using this runs once per backend; the Elasticsearch run needs the server."""
    settings.SEARCH_BACKEND = request.param
    reset_backends()
    if request.param == "elasticsearch":
        es = get_backend("elasticsearch")
        for kind in ("technology", "demand"):
            es.clear(kind)  # fails (not skips) when Elasticsearch is down
    return request.param


@pytest.fixture
def announce(django_capture_on_commit_callbacks):
    """Send ``listings_changed`` the way the listings part does, running the on-commit hooks."""

    def send(*listings):
        with django_capture_on_commit_callbacks(execute=True):
            for model in (Technology, Demand):
                ids = [obj.pk for obj in listings if isinstance(obj, model)]
                if ids:
                    listings_changed.send(sender=model, ids=ids)

    return send


@pytest.fixture
def energy(tracks):
    return next(t for t in tracks if t.slug == "advanced-energy")


@pytest.fixture
def corpus(tracks, energy, university, enterprise_org, announce):
    """A demand, three technologies that answer it more or less well, one irrelevant, one draft."""
    brain = next(t for t in tracks if t.slug == "brain-smart-medicine")
    deadline = timezone.localdate() + datetime.timedelta(days=200)
    demand = DemandFactory(
        ref="D-COLD",
        title="储能电站用低温钠离子电池",
        summary="北方储能电站寻求低温性能优异的钠离子电池技术。",
        description="<p>要求零下30度容量保持率高、循环寿命长，具备中试验证，可技术许可或合作开发。</p>",
        keywords=["钠离子电池", "储能", "低温性能"],
        track=energy,
        organisation=enterprise_org,
        budget_max_cny=3_000_000,
        deadline=deadline,
        published=True,
    )
    cathode = TechnologyFactory(
        ref="T-CATHODE",
        title="低温型钠离子电池层状氧化物正极材料",
        summary="零下30度容量保持率超过85%的钠离子电池正极材料。",
        description="<p>铜铁锰基层状氧化物正极材料，循环寿命超过4000次，低温性能优异，适用于储能电站。</p>",
        keywords=["钠离子电池", "正极材料", "低温性能"],
        track=energy,
        organisation=university,
        trl=6,
        price_cny=2_000_000,
        price_negotiable=False,
        published=True,
    )
    anode = TechnologyFactory(
        ref="T-ANODE",
        title="Hard-carbon anode for sodium-ion batteries",
        summary="A biomass-derived hard-carbon anode material for low-cost sodium-ion batteries.",
        description="<p>Stable cycling makes this hard carbon suited to sodium-ion batteries for energy storage.</p>",
        keywords=["sodium-ion battery", "hard carbon", "anode material"],
        language="en",
        track=energy,
        organisation=university,
        trl=5,
        published=True,
    )
    unrelated = TechnologyFactory(
        ref="T-LUNG",
        title="肺结节CT影像人工智能辅助诊断系统",
        summary="深度学习自动检出肺结节并评估良恶性。",
        description="<p>在多家医院部署，缩短放射科阅片时间。</p>",
        keywords=["智能诊断", "医学影像"],
        track=brain,
        organisation=university,
        trl=8,
        published=True,
    )
    draft = TechnologyFactory(
        ref="T-DRAFT",
        title="低温钠离子电池正极材料（草稿）",
        summary="尚未发布的钠离子电池正极材料。",
        keywords=["钠离子电池", "正极材料"],
        track=energy,
        organisation=university,
    )
    announce(demand, cathode, anode, unrelated, draft)
    return {
        "demand": demand,
        "cathode": cathode,
        "anode": anode,
        "unrelated": unrelated,
        "draft": draft,
        "deadline": deadline,
    }
