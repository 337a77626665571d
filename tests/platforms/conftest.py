"""People here read English (preferred_language "en") so assertions can name the exact texts."""

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.listings import TechnologyFactory
from tests.factories.platforms import VerificationCentreFactory


@pytest.fixture
def researcher(university):
    return user_with_role(
        Role.RESEARCHER, organisation=university, display_name="王研究员", preferred_language="en"
    )


@pytest.fixture
def colleague(university):
    """Another member of the technology's organisation."""
    return user_with_role(
        Role.RESEARCHER, organisation=university, display_name="李老师", preferred_language="en"
    )


@pytest.fixture
def centre_org(db):
    return OrganisationFactory(name="滨海新能源中试基地", name_en="Binhai Energy Pilot Base", kind="platform")


@pytest.fixture
def operator(centre_org):
    return user_with_role(
        Role.ENTERPRISE, organisation=centre_org, display_name="孙平台", preferred_language="en"
    )


@pytest.fixture
def editor(db):
    return user_with_role(Role.EDITOR, display_name="周编辑", preferred_language="en")


@pytest.fixture
def outsider(db):
    """A member of an organisation with nothing to do with the request (reads Chinese)."""
    return user_with_role(
        Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"), display_name="局外人"
    )


@pytest.fixture
def centre(centre_org, tracks):
    return VerificationCentreFactory(
        organisation=centre_org,
        slug="energy-pilot",
        name_zh="滨海新能源中试基地",
        name_en="Binhai Energy Pilot Base",
        tracks=[tracks[6], tracks[7]],
    )


@pytest.fixture
def technology(university, researcher, tracks):
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
