"""An innovation product is filed for an enterprise the person has accepted to join, chosen among theirs."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services as accounts_services
from accounts.roles import Role
from procurement import services
from procurement.models import InnovationProduct
from tests.factories.accounts import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited_enterprise(enterprise_user):
    """An enterprise that invited the person, who has not answered yet."""
    organisation = OrganisationFactory(name="邀请方企业", kind="enterprise")
    admin = user_with_role(Role.ENTERPRISE, organisation=organisation, is_admin=True)
    accounts_services.invite_member(organisation=organisation, email=enterprise_user.email, invited_by=admin)
    return organisation


def test_the_product_form_offers_only_accepted_enterprises_and_preselects_a_single_one(
    client, enterprise_user, enterprise_org, invited_enterprise
):
    client.force_login(enterprise_user)
    field = client.get(reverse("procurement:product_create")).context["form"]["organisation"]
    assert list(field.field.queryset) == [enterprise_org]
    assert field.initial == enterprise_org.pk


def test_a_product_cannot_be_filed_for_an_enterprise_the_person_was_only_invited_to(
    client, enterprise_user, invited_enterprise, tracks, category
):
    with pytest.raises(PermissionDenied):
        services.create_product(
            user=enterprise_user,
            organisation=invited_enterprise,
            data={"name": "储能柜", "summary": "储能柜。"},
        )
    client.force_login(enterprise_user)
    response = client.post(
        reverse("procurement:product_create"),
        {
            "organisation": invited_enterprise.pk,
            "name": "储能柜",
            "summary": "储能柜。",
            "track": tracks[6].pk,
            "category": category.pk,
            "specifications": "215 kWh",
            "price_cny": "380000",
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not InnovationProduct.objects.exists()


def test_a_product_links_only_published_technologies_and_its_enterprises_own_registered_deals(
    enterprise_user, enterprise_org, university, tracks, category
):
    """The rule the product form offered is the service's: any caller gets the same refusal."""
    from django.core.exceptions import ValidationError  # noqa: PLC0415 — only this test expects it

    from dealflow.models import MatchRequest  # noqa: PLC0415 — as above
    from tests.factories.dealflow import match_request  # noqa: PLC0415 — as above
    from tests.factories.listings import TechnologyFactory  # noqa: PLC0415 — as above

    def registered(requester, listing):
        mr = match_request(requester=requester, listing=listing, accept=True)
        MatchRequest.objects.filter(pk=mr.pk).update(stage="closed_deal", registration_number=f"R{mr.pk}")
        return mr

    user_with_role(Role.RESEARCHER, organisation=university)  # who answers the requests
    published = TechnologyFactory(published=True, organisation=university, track=tracks[6])
    draft = TechnologyFactory(organisation=university, track=tracks[6])
    own = registered(enterprise_user, published)
    stranger = user_with_role(Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"))
    others = registered(stranger, published)
    data = {
        "name": "储能柜", "summary": "储能柜。", "track": tracks[6], "category": category,
        "specifications": "215 kWh", "price_cny": 380000,
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.create_product(
            user=enterprise_user, organisation=enterprise_org, data=data, technologies=[draft], deals=[others]
        )
    assert refused.value.message_dict == {
        "technologies": ["只能关联平台上已发布的科技成果。"],
        "deals": ["只能关联本人所属机构已登记的技术合同。"],
    }
    assert not InnovationProduct.objects.exists()
    product = services.create_product(
        user=enterprise_user, organisation=enterprise_org, data=data, technologies=[published], deals=[own]
    )
    assert list(product.technologies.all()) == [published] and list(product.deals.all()) == [own]
    with pytest.raises(ValidationError):
        services.update_product(product=product, user=enterprise_user, data={}, deals=[others])
    assert list(product.deals.all()) == [own]
