"""People here read English (preferred_language "en") so assertions can name the exact texts;
one test checks the Chinese a zh-hans user receives."""

import pytest

from accounts.roles import Role
from tests.factories import user_with_role
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.request_sides import _english, _fresh_cache, editor, outsider, researcher  # noqa: F401


@pytest.fixture
def enterprise_user(enterprise_org):
    return user_with_role(
        Role.ENTERPRISE, organisation=enterprise_org, display_name="赵经理", preferred_language="en"
    )


@pytest.fixture
def broker(db):
    return user_with_role(Role.BROKER, display_name="孙经纪", preferred_language="en")


@pytest.fixture
def technology(university, researcher, tracks):  # noqa: F811  (the fixture from tests.request_sides)
    return TechnologyFactory(published=True, organisation=university, title="钠离子电池正极材料")


@pytest.fixture
def demand(enterprise_org, enterprise_user, tracks):
    return DemandFactory(published=True, organisation=enterprise_org, title="储能电站低温电池需求")


@pytest.fixture
def other_broker(db):
    return user_with_role(Role.BROKER, display_name="别的经纪人", preferred_language="en")
