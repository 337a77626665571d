import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from accounts.models import Organisation, User
from accounts.roles import Role
from tests.factories import UserFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def signup(client, **overrides):
    data = {
        "email": "new.person@example.test",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
        "display_name": "新用户",
        "roles": ["researcher"],
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signup_requires_email_verification_before_login(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.test")
    assert user.display_name == "新用户"
    assert user.role_set == {Role.RESEARCHER}
    assert len(mail.outbox) == 1
    # Not signed in until the address is confirmed.
    assert client.get(reverse("accounts:profile")).status_code == 302

    key_url = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    path = key_url.split("testserver", 1)[-1]
    client.post(path)
    assert user.emailaddress_set.get().verified
    response = client.post(
        reverse("account_login"),
        {"login": "new.person@example.test", "password": "a-long-unusual-passphrase"},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_with_mismatched_passwords_saves_nothing(client):
    response = signup(client, password2="something-else-entirely")
    assert response.status_code == 200
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_cannot_claim_the_editor_role(client):
    response = signup(client, roles=["editor"])
    assert response.status_code == 200
    assert "roles" in response.context["form"].errors
    assert not User.objects.exists()


def test_profile_edits_only_ones_own_details(client):
    me = UserFactory(display_name="我")
    other = UserFactory(display_name="别人")
    client.force_login(me)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "新名字",
            "phone": "+86 22 1234 5678",
            "preferred_language": "en",
            "roles": ["investor"],
        },
    )
    assert response.status_code == 302
    me.refresh_from_db()
    other.refresh_from_db()
    assert me.display_name == "新名字"
    assert me.preferred_language == "en"
    assert User.objects.get(pk=me.pk).role_set == {Role.INVESTOR}
    assert other.display_name == "别人"


def test_profile_rejects_bad_input_and_keeps_the_old_values(client):
    me = UserFactory(display_name="我", phone="022-12345678")
    client.force_login(me)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "", "phone": "call me maybe", "preferred_language": "fr", "roles": ["editor"]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"display_name", "phone", "preferred_language", "roles"}
    me.refresh_from_db()
    assert (me.display_name, me.phone, me.preferred_language) == ("我", "022-12345678", "zh-hans")


def test_profile_keeps_appointed_roles_when_self_service_roles_change(client):
    me = user_with_role(Role.BROKER)
    client.force_login(me)
    client.post(reverse("accounts:profile"), {"display_name": "经纪人", "preferred_language": "zh-hans"})
    assert User.objects.get(pk=me.pk).role_set == {Role.BROKER}


def test_anonymous_visitors_are_sent_to_login_for_profile(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_creator_of_an_organisation_becomes_its_admin_pending_verification(client):
    me = UserFactory()
    client.force_login(me)
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "滨海新材料研究院", "name_en": "Binhai New Materials Institute", "kind": "university"},
    )
    organisation = Organisation.objects.get(name="滨海新材料研究院")
    assert response.status_code == 302
    assert organisation.verification_status == Organisation.Verification.PENDING
    assert organisation.is_admin(me)
    assert organisation.slug == "binhai-new-materials-institute"


def test_organisation_form_rejects_a_malformed_credit_code(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "某公司", "kind": "enterprise", "unified_credit_code": "123"},
    )
    assert response.status_code == 200
    assert "unified_credit_code" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_member_list_is_shown_to_admins_only(client, university):
    admin = user_with_role(Role.RESEARCHER, organisation=university, is_admin=True, email="boss@example.test")
    outsider = UserFactory()
    url = university.get_absolute_url()
    client.force_login(outsider)
    assert "boss@example.test" not in client.get(url).content.decode()
    client.force_login(admin)
    assert "boss@example.test" in client.get(url).content.decode()


def test_only_editors_verify_organisations(university, researcher, editor):
    university.verification_status = Organisation.Verification.PENDING
    university.save()
    with pytest.raises(PermissionDenied):
        services.set_verification(organisation=university, status="verified", editor=researcher)
    services.set_verification(
        organisation=university, status="verified", editor=editor, note="营业执照已核验"
    )
    university.refresh_from_db()
    assert university.is_verified
    assert university.verified_by == editor
    assert university.verified_at is not None


def test_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Researchers", "Enterprises", "Investors", "Brokers", "Editors", "Moderators"} <= names
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_organisation").exists()


def test_profile_names_each_language_in_itself_marked_with_its_lang(client):
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="en" lang="en">English</option>' in page
    assert '<option value="zh-hans" selected lang="zh-hans">简体中文</option>' in page
