import pytest
from django.utils import translation

from accounts.roles import Role
from tests.factories import user_with_role


@pytest.fixture
def reader(university):
    return user_with_role(
        Role.RESEARCHER, organisation=university, display_name="读者", preferred_language="en"
    )


@pytest.fixture(autouse=True)
def _english(_media_and_language):
    """Services called directly answer in English here; pages still follow their URL's language."""

    translation.activate("en")
