import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from listings.models import Listing, Technology
from tests.factories.listings import DemandFactory, TechnologyFactory


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def token_api(researcher):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token = Token.objects.create(user=researcher)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.smoke
def test_public_list_has_published_only(api, technology, draft_technology):
    response = api.get("/api/v1/technologies/")
    assert response.status_code == 200
    assert [item["ref"] for item in response.json()["results"]] == ["T000777"]
    item = response.json()["results"][0]
    assert item["track"] == "advanced-energy"
    assert item["trl"] == 6
    assert item["organisation_name"] == "天津测试大学"
    assert item["url"] == "http://testserver/en/listings/technologies/T000777/sodium-ion-battery-cathode/"
    assert "rejection_reason" not in item


def test_drafts_are_not_in_the_api_for_anonymous_or_strangers(api, draft_technology, enterprise_user):
    assert api.get("/api/v1/technologies/T000778/").status_code == 404
    api.force_authenticate(enterprise_user)
    assert api.get("/api/v1/technologies/T000778/").status_code == 404
    assert api.get("/api/v1/technologies/").json()["count"] == 0


def test_owner_can_read_own_draft(token_api, draft_technology):
    response = token_api.get("/api/v1/technologies/T000778/")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_filters_like_the_search_page(api, tracks, university):
    TechnologyFactory(
        ref="A1",
        published=True,
        trl=3,
        track=tracks[6],
        organisation=university,
        language="en",
        transfer_modes=["equity"],
        title="Solid-state electrolyte",
    )
    TechnologyFactory(
        ref="A2",
        published=True,
        trl=8,
        track=tracks[6],
        organisation=university,
        transfer_modes=["license"],
        title="锂电池回收",
    )
    TechnologyFactory(
        ref="A3",
        published=True,
        trl=6,
        track=tracks[0],
        organisation=university,
        transfer_modes=["license"],
        title="合成生物学菌株",
    )

    def refs(**params):
        return sorted(item["ref"] for item in api.get("/api/v1/technologies/", params).json()["results"])

    assert refs(track="advanced-energy") == ["A1", "A2"]
    assert refs(track="advanced-energy,bio-manufacturing") == ["A1", "A2", "A3"]
    assert refs(trl_min=5) == ["A2", "A3"]
    assert refs(trl_min=5, trl_max=7) == ["A3"]
    assert refs(transfer_mode="license") == ["A2", "A3"]
    assert refs(language="en") == ["A1"]
    assert refs(q="electrolyte") == ["A1"]
    assert refs(organisation_kind="enterprise") == []
    assert api.get("/api/v1/technologies/", {"transfer_mode": "sale"}).status_code == 400


def test_demand_budget_filters(api, tracks, enterprise_org):
    DemandFactory(
        ref="B1",
        published=True,
        budget_min_cny=None,
        budget_max_cny=500_000,
        organisation=enterprise_org,
        track=tracks[6],
    )
    DemandFactory(
        ref="B2",
        published=True,
        budget_min_cny=2_000_000,
        budget_max_cny=5_000_000,
        organisation=enterprise_org,
        track=tracks[6],
    )

    def refs(**params):
        return sorted(item["ref"] for item in api.get("/api/v1/demands/", params).json()["results"])

    assert refs(budget_min=1_000_000) == ["B2"]
    assert refs(budget_max=1_000_000) == ["B1"]
    assert refs() == ["B1", "B2"]


def test_member_creates_with_token_as_draft(token_api, university, tracks):
    payload = {
        "title": "Deep-sea pressure sensor",
        "summary": "Works at 11,000 m.",
        "description": "<p>Titanium<script>x</script></p>",
        "track": "deep-sea",
        "keywords": ["pressure sensor", "deep sea"],
        "language": "en",
        "organisation": university.pk,
        "trl": 5,
        "transfer_modes": ["license"],
        "patents": [{"number": "ZL2023100001", "type": "invention", "legal_status": "granted"}],
    }
    response = token_api.post("/api/v1/technologies/", payload, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["description"] == "<p>Titanium<script>x</script></p>"  # the source, as written
    assert data["description_html"] == "<p>&lt;p&gt;Titanium&lt;script&gt;x&lt;/script&gt;&lt;/p&gt;</p>\n"
    tech = Technology.objects.get(ref=data["ref"])
    assert tech.ref.startswith("T")
    assert [p.number for p in tech.patents.all()] == ["ZL2023100001"]


def test_create_for_foreign_organisation_is_a_clear_400(token_api, enterprise_org, tracks):
    response = token_api.post(
        "/api/v1/technologies/",
        {"title": "x", "track": "deep-sea", "organisation": enterprise_org.pk, "trl": 5},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["organisation"] == [
        "You can only publish listings for organisations you belong to."
    ]


def test_bad_input_gives_field_errors(token_api, university, tracks):
    response = token_api.post(
        "/api/v1/technologies/",
        {
            "title": "",
            "track": "quantum",
            "organisation": university.pk,
            "trl": 12,
            "transfer_modes": ["sale"],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"title", "track", "trl", "transfer_modes"}
    assert not Technology.objects.exists()


def test_anonymous_cannot_create(api, university, tracks):
    response = api.post("/api/v1/technologies/", {"title": "x"}, format="json")
    assert response.status_code in (401, 403)


def test_non_member_cannot_update_published_listing(api, technology, enterprise_user):
    api.force_authenticate(enterprise_user)
    response = api.patch("/api/v1/technologies/T000777/", {"title": "hijacked"}, format="json")
    assert response.status_code == 403
    assert Technology.objects.get(pk=technology.pk).title == "Sodium-ion battery cathode"


def test_owner_updates_draft_and_submits(token_api, draft_technology):
    response = token_api.patch("/api/v1/technologies/T000778/", {"trl": 7}, format="json")
    assert response.status_code == 200, response.json()
    assert Technology.objects.get(pk=draft_technology.pk).trl == 7
    response = token_api.post("/api/v1/technologies/T000778/submit/")
    assert response.status_code == 200
    assert response.json()["status"] == Listing.Status.SUBMITTED
    response = token_api.post("/api/v1/technologies/T000778/submit/")
    assert response.status_code == 400


def test_schema_documents_the_listing_endpoints(api, db):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/technologies/" in paths
    assert "/api/v1/demands/{ref}/" in paths
    params = {p["name"] for p in paths["/api/v1/technologies/"]["get"]["parameters"]}
    assert {"track", "trl_min", "trl_max", "transfer_mode", "q", "language"} <= params


def test_editor_imports_jsonl_through_the_api_with_a_bad_line_reported(api, editor, tracks):
    good = {"type": "technology", "ref": "API-T1", "title": "海水淡化膜", "track": "new-materials", "trl": 6,
            "institution": "天津工业大学"}  # fmt: skip
    body = json.dumps(good, ensure_ascii=False) + "\n" + '{"type": "technology", "ref": "API-T2"}\n'
    api.force_authenticate(editor)
    response = api.generic(
        "POST", "/api/v1/listings/import/?publish=true", body.encode(), content_type="application/x-ndjson"
    )
    assert response.status_code == 200
    assert response.json() == {
        "lines": 2,
        "created": 1,
        "updated": 0,
        "failed": 1,
        "errors": [{"line": 2, "ref": "API-T2", "reason": "missing required field “title”"}],
    }
    assert Technology.objects.published().get().ref == "API-T1"


def test_only_editors_may_import(api, researcher, tracks):
    api.force_authenticate(researcher)
    response = api.generic("POST", "/api/v1/listings/import/", b"{}", content_type="application/x-ndjson")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only editors import listings."}


def test_more_than_twenty_patents_is_a_clear_400(token_api, university, tracks):
    patent = {"number": "ZL2023100001", "type": "invention", "legal_status": "granted"}
    response = token_api.post(
        "/api/v1/technologies/",
        {
            "title": "x",
            "track": "deep-sea",
            "organisation": university.pk,
            "trl": 5,
            "patents": [patent] * 21,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["patents"] == {
        "non_field_errors": ["Ensure this field has no more than 20 elements."]
    }
    assert not Technology.objects.exists()
