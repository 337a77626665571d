"""Every response carries a Content-Security-Policy and a Permissions-Policy; the pages still load."""

import pytest

from accounts.roles import Role
from tests.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_public_pages_allow_scripts_and_styles_from_the_site_only(client, settings):
    for path in ("/", "/indicators/", "/search/?q=x", "/roadshow/"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], path
        assert policy["form-action"] == ["'self'", "https://checkout.stripe.com"], path
        assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY, path
    assert "camera=()" in settings.PERMISSIONS_POLICY and "geolocation=()" in settings.PERMISSIONS_POLICY


def test_admin_loads_for_editors_with_inline_scripts_allowed_there_only(client):
    client.force_login(user_with_role(Role.EDITOR))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'"]
    assert response["Permissions-Policy"]


def test_indicators_page_loads_its_chart_script_from_the_site(client):
    response = client.get("/indicators/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="/static/indicators/vendor/chart.umd.min.js"' in html
    assert "<script>" not in html and " style=" not in html
