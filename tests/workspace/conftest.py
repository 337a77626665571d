"""Shared fixtures of the workspace tests: embedded search, indexing on demand, the energy track,
a fund with a programme, an agency with a broker, a validation-slot request."""

import pytest

from accounts.roles import Role
from listings.signals import listings_changed
from search.backends import reset_backends
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.funding import ProgrammeFactory
from tests.factories.listings import TechnologyFactory
from tests.factories.network import AgencyFactory, BrokerProfileFactory
from tests.factories.platforms import VerificationCentreFactory, ask


@pytest.fixture(autouse=True)
def _embedded_search(settings):
    """Match counts from the embedded backend: the test needs no Elasticsearch index of its own."""
    settings.SEARCH_BACKEND = "embedded"
    reset_backends()
    yield
    reset_backends()


@pytest.fixture
def index(django_capture_on_commit_callbacks):
    def send(*listings):
        with django_capture_on_commit_callbacks(execute=True):
            for listing in listings:
                listings_changed.send(sender=type(listing), ids=[listing.pk])

    return send


@pytest.fixture
def energy(tracks):
    return next(t for t in tracks if t.slug == "advanced-energy")


@pytest.fixture
def fund_org(db):
    return OrganisationFactory(name="滨海中试基金管理公司", name_en="Binhai Pilot Fund Managers", kind="fund")


@pytest.fixture
def reviewer(fund_org):
    return user_with_role(Role.INVESTOR, organisation=fund_org, display_name="赵评审")


@pytest.fixture
def programme(fund_org, energy):
    return ProgrammeFactory(
        organisation=fund_org, title_zh="新能源中试基金", title_en="New Energy Pilot Fund", tracks=[energy]
    )


@pytest.fixture
def technology(university, energy):
    return TechnologyFactory(
        published=True,
        organisation=university,
        title="钠离子电池正极材料",
        trl=6,
        ip_status="granted",
        track=energy,
    )


@pytest.fixture
def agency_org(db):
    return OrganisationFactory(
        name="滨海技术转移中心", name_en="Binhai Technology Transfer Centre", kind="agency"
    )


@pytest.fixture
def agency(agency_org, energy):
    return AgencyFactory(organisation=agency_org, name_zh="滨海技术转移中心", tracks=[energy])


@pytest.fixture
def agency_admin(agency_org):
    return user_with_role(Role.ENTERPRISE, organisation=agency_org, is_admin=True, display_name="周主任")


@pytest.fixture
def broker(agency, agency_org):
    person = user_with_role(Role.BROKER, organisation=agency_org, display_name="孙经纪")
    BrokerProfileFactory(user=person, agency=agency)
    return person


@pytest.fixture
def slot_request(researcher, university, energy):
    technology = TechnologyFactory(
        track=energy, organisation=university, published=True, title="钠电正极中试"
    )
    centre = VerificationCentreFactory(name_zh="滨海储能中试基地")
    operator = user_with_role(Role.ENTERPRISE, organisation=centre.organisation, display_name="基地运营")
    return ask(requester=researcher, technology=technology, centre=centre), operator
