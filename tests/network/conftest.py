"""People here read English (preferred_language "en") so assertions can name the exact texts.

The cast: an agency (滨海技术转移中心) with two brokers, an enterprise with a published demand,
a university with a technology offered to it, and an editor."""

import pytest

from accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.network import AgencyFactory, BrokerProfileFactory
from tests.request_sides import _english, _fresh_cache, editor, outsider, researcher  # noqa: F401


@pytest.fixture
def agency_org(db):
    return OrganisationFactory(
        name="滨海技术转移中心", name_en="Binhai Technology Transfer Centre", kind="agency"
    )


@pytest.fixture
def agency(agency_org, tracks):
    return AgencyFactory(
        organisation=agency_org,
        slug="binhai-ttc",
        name_zh="滨海技术转移中心",
        name_en="Binhai Technology Transfer Centre",
        tracks=[tracks[6], tracks[7]],
        service_kinds=["matchmaking", "negotiation", "registration"],
    )


@pytest.fixture
def agency_admin(agency_org):
    return user_with_role(
        Role.ENTERPRISE,
        organisation=agency_org,
        is_admin=True,
        display_name="周主任",
        preferred_language="en",
    )


@pytest.fixture
def broker(agency, agency_org):
    person = user_with_role(
        Role.BROKER, organisation=agency_org, display_name="孙经纪", preferred_language="en"
    )
    BrokerProfileFactory(user=person, agency=agency)
    return person


@pytest.fixture
def second_broker(agency, agency_org):
    person = user_with_role(
        Role.BROKER, organisation=agency_org, display_name="李经纪", preferred_language="en"
    )
    BrokerProfileFactory(user=person, agency=agency)
    return person


@pytest.fixture
def enterprise(enterprise_org):
    return user_with_role(
        Role.ENTERPRISE, organisation=enterprise_org, display_name="赵经理", preferred_language="en"
    )


@pytest.fixture
def demand(enterprise_org, enterprise, tracks):
    return DemandFactory(
        published=True, organisation=enterprise_org, title="储能电站低温电池需求", track=tracks[6]
    )


@pytest.fixture
def technology(university, researcher, tracks):  # noqa: F811  (the fixture from tests.request_sides)
    return TechnologyFactory(
        published=True, organisation=university, title="宽温域钠离子电池正极材料", track=tracks[6]
    )
