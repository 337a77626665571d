import pytest

from accounts.roles import Role
from tests.factories.accounts import OrganisationFactory, user_with_role
from tests.factories.procurement import ProcurementCategoryFactory, panel_with_experts


@pytest.fixture
def category(db):
    return ProcurementCategoryFactory(code="A02010104", name_zh="台式计算机", name_en="Desktop computers")


@pytest.fixture
def experts(db):
    university = OrganisationFactory(name="天津评审大学", kind="university")
    return [
        user_with_role(Role.RESEARCHER, organisation=university, display_name="李专家"),
        user_with_role(Role.RESEARCHER, display_name="陈专家"),
        user_with_role(Role.INVESTOR, display_name="吴专家"),
    ]


@pytest.fixture
def panel(experts):
    return panel_with_experts(experts)
