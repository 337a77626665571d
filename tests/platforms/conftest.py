"""People here read English (preferred_language "en") so assertions can name the exact texts."""

import pytest

from accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.platforms import VerificationCentreFactory
from tests.request_sides import (  # noqa: F401
    _english,
    _fresh_cache,
    editor,
    outsider,
    researcher,
    technology,
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
def centre(centre_org, tracks):
    return VerificationCentreFactory(
        organisation=centre_org,
        slug="energy-pilot",
        name_zh="滨海新能源中试基地",
        name_en="Binhai Energy Pilot Base",
        tracks=[tracks[6], tracks[7]],
    )
