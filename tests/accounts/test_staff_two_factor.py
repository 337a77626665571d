"""Staff sign in through allauth and, where required, use an authenticator app for the admin."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def test_wagtail_login_form_hands_over_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/pages/"


def test_admin_sends_anonymous_visitors_to_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_editor_without_authenticator_must_set_one_up_when_required(client, editor, settings):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_editor_with_authenticator_reaches_the_admin(client, editor, settings):
    settings.STAFF_MFA_REQUIRED = True
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "not-used-here"})
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_people_without_admin_access_are_not_asked_for_a_second_factor(client, researcher, settings):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(researcher)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert not response.has_header("Location")


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/snippets/"])
def test_signed_in_person_without_admin_access_gets_a_plain_403_not_a_redirect_loop(client, researcher, path):
    client.force_login(researcher)
    response = client.get(path)
    assert response.status_code == 403
    assert not response.has_header("Location")
    # The login page no longer bounces them back to the admin either: nothing to follow.
    assert client.get(path, follow=True).redirect_chain == []


def test_production_requires_a_second_factor_for_staff_by_default():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STAFF_MFA_REQUIRED)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
