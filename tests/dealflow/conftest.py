"""People here read English (preferred_language "en") so assertions can name the exact texts;
one test checks the Chinese a zh-hans user receives."""

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.listings import DemandFactory, TechnologyFactory


@pytest.fixture
def researcher(university):
    return user_with_role(
        Role.RESEARCHER, organisation=university, display_name="王研究员", preferred_language="en"
    )


@pytest.fixture
def enterprise_user(enterprise_org):
    return user_with_role(
        Role.ENTERPRISE, organisation=enterprise_org, display_name="赵经理", preferred_language="en"
    )


@pytest.fixture
def broker(db):
    return user_with_role(Role.BROKER, display_name="孙经纪", preferred_language="en")


@pytest.fixture
def editor(db):
    return user_with_role(Role.EDITOR, display_name="周编辑", preferred_language="en")


@pytest.fixture
def technology(university, researcher, tracks):
    return TechnologyFactory(published=True, organisation=university, title="钠离子电池正极材料")


@pytest.fixture
def demand(enterprise_org, enterprise_user, tracks):
    return DemandFactory(published=True, organisation=enterprise_org, title="储能电站低温电池需求")


@pytest.fixture
def outsider(db):
    """A member of an organisation that has nothing to do with the request (reads Chinese)."""
    return user_with_role(
        Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"), display_name="局外人"
    )


@pytest.fixture
def other_broker(db):
    return user_with_role(Role.BROKER, display_name="别的经纪人", preferred_language="en")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The message rate limit counts in the cache, which outlives a test's database rollback."""

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english(_media_and_language):
    """Services called directly answer in English here; pages still follow their URL's language."""

    translation.activate("en")
