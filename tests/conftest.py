import pytest
from django.utils import translation

from accounts.roles import Role
from tests.factories import OrganisationFactory, create_tracks, user_with_role


@pytest.fixture(autouse=True)
def _media_and_language(settings):
    # Each test starts in the default language whatever the one before it switched to.

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def tracks(db):
    return create_tracks()


@pytest.fixture
def university(db):
    return OrganisationFactory(name="天津测试大学", name_en="Tianjin Test University", kind="university")


@pytest.fixture
def enterprise_org(db):
    return OrganisationFactory(name="滨海测试科技有限公司", name_en="Binhai Test Tech Co.", kind="enterprise")


@pytest.fixture
def researcher(university):
    return user_with_role(Role.RESEARCHER, organisation=university, display_name="王研究员")


@pytest.fixture
def enterprise_user(enterprise_org):
    return user_with_role(Role.ENTERPRISE, organisation=enterprise_org, display_name="赵经理")


@pytest.fixture
def investor(db):
    return user_with_role(Role.INVESTOR, display_name="钱投资")


@pytest.fixture
def broker(db):
    return user_with_role(Role.BROKER, display_name="孙经纪")


@pytest.fixture
def editor(db):
    return user_with_role(Role.EDITOR, display_name="周编辑")
