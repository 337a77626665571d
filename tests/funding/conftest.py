"""People here read English (preferred_language "en") so assertions can name the exact texts."""

import pytest

from accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.funding import FinancialProductFactory, ProgrammeFactory
from tests.request_sides import _english, _fresh_cache, outsider, researcher, technology  # noqa: F401


@pytest.fixture
def fund_org(db):
    return OrganisationFactory(name="滨海中试基金管理公司", name_en="Binhai Pilot Fund Managers", kind="fund")


@pytest.fixture
def reviewer(fund_org):
    return user_with_role(
        Role.INVESTOR, organisation=fund_org, display_name="赵评审", preferred_language="en"
    )


@pytest.fixture
def second_reviewer(fund_org):
    return user_with_role(
        Role.INVESTOR, organisation=fund_org, display_name="钱评审", preferred_language="en"
    )


@pytest.fixture
def programme(fund_org, tracks):
    return ProgrammeFactory(
        organisation=fund_org,
        slug="pilot-fund",
        title_zh="新能源中试基金",
        title_en="New Energy Pilot Fund",
        tracks=[tracks[6], tracks[7]],
    )


@pytest.fixture
def bank_org(db):
    return OrganisationFactory(name="滨海科技银行", name_en="Binhai Tech Bank", kind="bank")


@pytest.fixture
def banker(bank_org):
    return user_with_role(
        Role.INVESTOR, organisation=bank_org, display_name="孙银行", preferred_language="en"
    )


@pytest.fixture
def product(bank_org):
    return FinancialProductFactory(organisation=bank_org, slug="ip-loan")
