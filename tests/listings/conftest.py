import pytest
from django.utils import translation

from tests.factories.listings import DemandFactory, TechnologyFactory


@pytest.fixture
def technology(tracks, university):
    return TechnologyFactory(
        ref="T000777",
        title="Sodium-ion battery cathode",
        track=tracks[6],
        organisation=university,
        published=True,
    )


@pytest.fixture
def draft_technology(tracks, university, researcher):
    return TechnologyFactory(
        ref="T000778",
        title="未公开的草稿成果",
        track=tracks[6],
        organisation=university,
        created_by=researcher,
    )


@pytest.fixture
def demand(tracks, enterprise_org):
    return DemandFactory(ref="D000555", track=tracks[6], organisation=enterprise_org, published=True)


@pytest.fixture
def english():
    """Pages and messages in English (URLs reversed now get the /en/ prefix)."""

    translation.activate("en")
    yield
    translation.activate("zh-hans")
