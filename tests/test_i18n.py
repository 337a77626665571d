"""Pages choose their language by URL; the API by the client's Accept-Language header."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_api_answers_in_the_language_the_client_asks_for(client):
    url = "/api/v1/roadshow/sessions/1/registrations/"
    english = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.post(url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert english.status_code == chinese.status_code == 403
    assert english.json()["detail"] == "Authentication credentials were not provided."
    assert chinese.json()["detail"] == "身份认证信息未提供。"


def test_pages_without_a_prefix_are_chinese_whatever_the_browser_says(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode().lower()


def test_pages_under_en_are_english(client):
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode().lower()


def test_sitemap_lists_pages_in_both_languages(client):
    call_command("load_demo", "--site-only", stdout=StringIO())
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    # The demo site is 127.0.0.1:8000, so that is where the sitemap points.
    assert "<loc>http://127.0.0.1:8000/</loc>" in body
    assert "<loc>http://127.0.0.1:8000/en/</loc>" in body


@pytest.mark.parametrize(
    ("language", "refused", "missing"),
    [
        ("en", "Demands cannot be sorted by trl.", "No published technology with ref T-NONE."),
        ("zh-CN,zh;q=0.9", "需求不能按 trl 排序。", "没有编号为 T-NONE 的已发布科技成果。"),
    ],
)
def test_api_errors_are_in_the_clients_language(client, language, refused, missing):
    sort = client.get("/api/v1/search/?kind=demand&sort=trl", HTTP_ACCEPT_LANGUAGE=language)
    assert sort.status_code == 400
    assert sort.json() == {"sort": [refused]}
    matches = client.get("/api/v1/technologies/T-NONE/matches/", HTTP_ACCEPT_LANGUAGE=language)
    assert matches.status_code == 404
    assert matches.json() == {"detail": missing}
