"""A listing in two languages: the API and pages carry its translation, and search finds it in either."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from listings.models import Technology
from tests.factories.listings import TechnologyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_api(researcher):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=researcher).key}")
    return client


@pytest.fixture
def bilingual(tracks, university):
    return TechnologyFactory(
        published=True,
        organisation=university,
        track=tracks[6],
        title="宽温域钠离子电池正极材料",
        summary="零下二十度容量保持率超过九成。",
        description="技术特点：\n\n- 不含钴镍\n- 低温性能好",
        translated_title="Wide-temperature sodium-ion cathode",
        translated_summary="Keeps over 90% of its capacity at −20 °C.",
        translated_description="Features:\n\n- No cobalt or nickel\n- Works in the cold",
    )


def test_the_english_page_shows_the_translation_and_the_chinese_page_the_original(client, bilingual):
    url = bilingual.get_absolute_url()  # before a request activates English in this thread
    en = client.get("/en" + url).content.decode()
    assert "<h1>Wide-temperature sodium-ion cathode</h1>" in en
    assert "Keeps over 90% of its capacity at −20 °C." in en
    assert "<li>No cobalt or nickel</li>" in en and "不含钴镍" not in en
    assert '<meta name="description" content="Keeps over 90% of its capacity at −20 °C.">' in en
    zh = client.get(url).content.decode()
    assert "<h1>宽温域钠离子电池正极材料</h1>" in zh and "<li>不含钴镍</li>" in zh
    assert "Wide-temperature" not in zh


def test_a_listing_without_translation_is_marked_chinese_only_on_the_english_page(client, tracks, university):
    listing = TechnologyFactory(published=True, organisation=university, track=tracks[6], title="深海传感器")
    en = client.get("/en" + listing.get_absolute_url()).content.decode()
    assert (
        '<h1><span lang="zh-Hans">深海传感器</span> <span class="only-in-mark">Chinese only</span></h1>' in en
    )


def test_the_api_reads_and_writes_the_translation(token_api, university, tracks, bilingual):
    data = token_api.get(f"/api/v1/technologies/{bilingual.ref}/").json()
    assert data["translation"] == {
        "title": "Wide-temperature sodium-ion cathode",
        "summary": "Keeps over 90% of its capacity at −20 °C.",
        "description": "Features:\n\n- No cobalt or nickel\n- Works in the cold",
    }
    assert (
        data["description_html"] == "<p>技术特点：</p>\n<ul>\n<li>不含钴镍</li>\n<li>低温性能好</li>\n</ul>\n"
    )
    payload = {
        "title": "深海压力传感器",
        "track": "deep-sea",
        "language": "zh",
        "organisation": university.pk,
        "trl": 5,
        "translation": {"title": "Deep-sea pressure sensor", "summary": "Works at 11,000 m."},
    }
    response = token_api.post("/api/v1/technologies/", payload, format="json")
    assert response.status_code == 201, response.json()
    created = Technology.objects.get(ref=response.json()["ref"])
    assert (created.translated_title, created.translated_summary) == (
        "Deep-sea pressure sensor",
        "Works at 11,000 m.",
    )


def test_the_form_saves_the_translation(client, researcher, university, tracks):
    client.force_login(researcher)
    response = client.post(
        reverse("listings:create", args=["technology"]),
        {
            "organisation": university.pk,
            "language": "zh",
            "title": "深海耐压传感器",
            "summary": "万米深海压力传感器。",
            "description": "",
            "translated_title": "Deep-sea pressure sensor",
            "translated_summary": "A pressure sensor for 11,000 m.",
            "translated_description": "",
            "track": tracks[4].pk,
            "keywords": "深海",
            "trl": "5",
            "transfer_modes": ["license"],
            "price_negotiable": "on",
            "patents-TOTAL_FORMS": "0",
            "patents-INITIAL_FORMS": "0",
            "patents-MIN_NUM_FORMS": "0",
            "patents-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Technology.objects.get().translated_title == "Deep-sea pressure sensor"
