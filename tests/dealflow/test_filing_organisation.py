"""A request or proposal is filed for an organisation the person chose among those they have accepted
to join, or as an individual when they belong to none; pages and API follow the one rule in the service."""

import pytest

from accounts import services as accounts_services
from accounts.models import Membership
from accounts.roles import Role
from dealflow.models import MatchRequest, Proposal
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.dealflow import ChallengeFactory

pytestmark = pytest.mark.django_db

# The API answers in Chinese, the site's first language; the pages here are the English ones.

API = "/api/v1/deals/requests/"


def api_request(technology, **extra):
    return {
        "technology_ref": technology.ref,
        "message": "希望了解许可条件与中试数据。",
        "cooperation_mode": "license",
        "non_confidential": True,
        **extra,
    }


def test_the_api_refuses_an_organisation_the_person_is_not_a_member_of(client, technology, enterprise_user):
    other = OrganisationFactory(name="别人的公司", name_en="Someone Else Ltd")
    client.force_login(enterprise_user)
    response = client.post(
        API, api_request(technology, organisation=other.slug), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"organisation": ["您不是别人的公司的成员：请选择您所属的机构。"]}
    assert not MatchRequest.objects.exists()


def test_the_api_refuses_an_organisation_the_person_was_only_invited_to(client, technology, investor):
    inviter_org = OrganisationFactory(name="邀请方")
    admin = user_with_role(Role.INVESTOR, organisation=inviter_org, is_admin=True)
    accounts_services.invite_member(organisation=inviter_org, email=investor.email, invited_by=admin)
    client.force_login(investor)
    response = client.post(
        API, api_request(technology, organisation=inviter_org.slug), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["organisation"] == ["您不是邀请方的成员：请选择您所属的机构。"]
    assert not MatchRequest.objects.exists()


def test_an_unknown_organisation_gets_the_same_refusal(client, technology, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        API, api_request(technology, organisation="no-such-org"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"organisation": ["您不是no-such-org的成员：请选择您所属的机构。"]}


def test_the_api_files_for_the_chosen_organisation(client, technology, enterprise_user, enterprise_org):
    second = OrganisationFactory(name="第二家公司", kind="enterprise")
    Membership.objects.create(user=enterprise_user, organisation=second)
    client.force_login(enterprise_user)
    refused = client.post(API, api_request(technology), content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"organisation": ["您属于多个机构：请选择您代表提交的机构。"]}
    response = client.post(
        API, api_request(technology, organisation=second.slug), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["requester_organisation"] == second.slug
    assert MatchRequest.objects.get().requester_organisation == second


def test_an_investor_without_organisation_files_as_an_individual(client, technology, investor, researcher):
    client.force_login(investor)
    response = client.post(API, api_request(technology), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["requester_organisation"] is None
    mr = MatchRequest.objects.get()
    assert (mr.requester, mr.requester_organisation) == (investor, None)
    assert mr.side_of(investor) == "requester"


def test_the_request_form_preselects_the_single_organisation(
    client, technology, enterprise_user, enterprise_org
):
    client.force_login(enterprise_user)
    field = client.get(f"/en/deals/ask/technology/{technology.ref}/").context["form"]["organisation"]
    assert field.initial == enterprise_org.pk
    assert list(field.field.queryset) == [enterprise_org]


def test_the_request_form_offers_an_individual_only_the_individual_choice(client, technology, investor):
    client.force_login(investor)
    page = client.get(f"/en/deals/ask/technology/{technology.ref}/")
    assert "Myself, as an individual" in page.content.decode()
    assert list(page.context["form"].fields["organisation"].queryset) == []


def test_the_request_form_refuses_an_organisation_not_offered(client, technology, enterprise_user):
    other = OrganisationFactory(name="别人的公司")
    client.force_login(enterprise_user)
    response = client.post(
        f"/en/deals/ask/technology/{technology.ref}/",
        {
            "organisation": other.pk,
            "message": "希望了解许可条件与价格区间。",
            "cooperation_mode": "license",
            "non_confidential": "on",
        },
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not MatchRequest.objects.exists()


def test_a_proposal_is_filed_for_the_chosen_organisation(
    client, demand, enterprise_user, researcher, university
):
    second = OrganisationFactory(name="第二研究所")
    Membership.objects.create(user=researcher, organisation=second)
    challenge = ChallengeFactory(demand=demand, created_by=enterprise_user)
    client.force_login(researcher)
    data = {
        "summary": "宽温域正极方案。",
        "approach": "掺杂改性结合低凝固点电解液。",
        "team": "课题组十二人。",
        "timeline_months": "12",
        "budget_cny": "1000000",
    }
    response = client.post(f"/en/deals/challenges/{challenge.pk}/propose/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"] == ["This field is required."]
    response = client.post(
        f"/en/deals/challenges/{challenge.pk}/propose/", {**data, "organisation": second.pk}
    )
    assert response.status_code == 302
    assert Proposal.objects.get().organisation == second
