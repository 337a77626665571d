"""Fixtures the request parts' tests share (deal flow, platforms, funding, network): the people
around a private request, who read English (preferred_language "en") so assertions can name the
exact texts, and a fresh cache for the message rate limits. Each part's conftest imports them."""

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.listings import TechnologyFactory


@pytest.fixture
def researcher(university):
    return user_with_role(
        Role.RESEARCHER, organisation=university, display_name="王研究员", preferred_language="en"
    )


@pytest.fixture
def editor(db):
    return user_with_role(Role.EDITOR, display_name="周编辑", preferred_language="en")


@pytest.fixture
def outsider(db):
    """A member of an organisation that has nothing to do with the request (reads Chinese)."""
    return user_with_role(
        Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"), display_name="局外人"
    )


@pytest.fixture
def technology(university, researcher, tracks):
    """The university's published technology with a granted patent at TRL 6, which it takes to a
    centre or a bank (deal flow and the network define their own)."""
    return TechnologyFactory(
        published=True,
        organisation=university,
        title="钠离子电池正极材料",
        trl=6,
        ip_status="granted",
        track=tracks[6],
    )


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
