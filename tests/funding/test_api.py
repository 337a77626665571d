"""/api/v1/funding/: programmes, matches both ways, applying and reviewing through the same services."""

from funding.models import Application
from tests.factories.funding import apply, score, scored_applications


def test_programmes_are_listed_with_their_rubric(client, programme):
    rows = client.get("/api/v1/funding/programmes/?stage=pilot").json()["results"]
    assert [p["slug"] for p in rows] == ["pilot-fund"]
    assert rows[0]["documents"] == ["商业计划书", "知识产权证明"]
    assert [c["max_points"] for c in rows[0]["criteria"]] == [30, 25, 25, 20]
    assert rows[0]["review_steps"] == ["screening", "due_diligence", "committee"]


def test_a_bad_stage_is_a_400(client, programme):
    response = client.get("/api/v1/funding/programmes/?stage=moon")
    assert response.status_code == 400


def test_programmes_for_a_technology(client, programme, technology):
    rows = client.get(f"/api/v1/funding/technologies/{technology.ref}/programmes/").json()
    assert [r["ref"] for r in rows] == ["pilot-fund"]
    assert rows[0]["score"] >= 6


def test_technologies_for_a_programme_only_for_its_fund(client, programme, technology, reviewer, researcher):
    client.force_login(researcher)
    assert client.get("/api/v1/funding/programmes/pilot-fund/technologies/").status_code == 403
    client.force_login(reviewer)
    rows = client.get("/api/v1/funding/programmes/pilot-fund/technologies/").json()
    assert [r["ref"] for r in rows] == [technology.ref]


def test_apply_through_the_api_refuses_missing_documents(client, programme, technology, researcher):
    client.force_login(researcher)
    response = client.post(
        "/api/v1/funding/applications/",
        {
            "programme": "pilot-fund",
            "technology_ref": technology.ref,
            "amount_cny": "1000000",
            "plan": "完成百公斤级中试放大三批次，验证克容量和低温容量保持率。",
            "milestones": "第三个月：公开中试报告。",
            "team": "王研究员",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "document_0" in response.json()
    assert not Application.objects.exists()


def test_review_actions_through_the_api(client, programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    client.force_login(reviewer)
    url = f"/api/v1/funding/applications/{application.pk}/actions/"
    criteria = {str(c.pk): 20 for c in programme.criteria.all()}
    body = client.post(
        url,
        {
            "action": "score",
            "scores": criteria,
            "comment": "数据可信，建议推进。",
            "recommendation": "advance",
        },
        content_type="application/json",
    ).json()
    assert [r["total"] for r in body["reviews"]] == [80]
    body = client.post(url, {"action": "advance"}, content_type="application/json").json()
    assert body["step"] == "due_diligence"
    body = client.post(
        url, {"action": "decline", "note": "尽调发现知识产权权属存在争议。"}, content_type="application/json"
    ).json()
    assert body["status"] == "declined"
    client.force_login(researcher)
    assert (
        client.post(url, {"action": "score", "scores": criteria}, content_type="application/json").status_code
        == 403
    )


def test_the_applicant_sees_the_decision_but_not_the_reviews(
    client, programme, technology, researcher, reviewer
):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    score(application, reviewer)
    client.force_login(researcher)
    body = client.get("/api/v1/funding/applications/").json()
    assert [a["id"] for a in body] == [application.pk]
    assert "reviews" not in body[0]


def test_products_and_requests(client, product, technology, researcher):
    body = client.get("/api/v1/funding/products/?kind=ip_pledge_loan").json()
    assert [p["slug"] for p in body["results"]] == ["ip-loan"]
    client.force_login(researcher)
    response = client.post(
        "/api/v1/funding/product-requests/",
        {
            "product": "ip-loan",
            "technology_ref": technology.ref,
            "amount_cny": "1000000",
            "purpose": "以授权发明专利质押，建设中试线。",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["trl_at_request"] == 6


def test_the_application_list_costs_the_same_queries_for_two_or_ten_applications(
    client, programme, technology, researcher, reviewer, second_reviewer
):
    from django.db import connection  # noqa: PLC0415 — only this test counts queries
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 — as above

    def counts():
        found = {}
        for person in (researcher, reviewer):
            client.force_login(person)
            with CaptureQueriesContext(connection) as queries:
                rows = client.get("/api/v1/funding/applications/").json()
            found[person.pk] = (len(rows), len(queries))
        return found

    def add(n):
        scored_applications(
            n, applicant=researcher, programme=programme, like=technology,
            scores=[(reviewer, None), (second_reviewer, None)],
        )  # fmt: skip

    add(2)
    few = counts()
    add(8)
    many = counts()
    assert [rows for rows, _ in few.values()] == [2, 2] and [rows for rows, _ in many.values()] == [10, 10]
    assert {pk: queries for pk, (_, queries) in many.items()} == {pk: q for pk, (_, q) in few.items()}


def test_fit_lists_give_titles_in_the_readers_language(client, programme, technology, reviewer):
    technology.translated_title = "Sodium-ion battery cathode material"
    technology.save()
    english = client.get(
        f"/api/v1/funding/technologies/{technology.ref}/programmes/", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert [r["title"] for r in english] == ["New Energy Pilot Fund"]
    client.force_login(reviewer)
    rows = {
        language: client.get(
            "/api/v1/funding/programmes/pilot-fund/technologies/", HTTP_ACCEPT_LANGUAGE=language
        ).json()
        for language in ("en", "zh-CN")
    }
    assert [r["title"] for r in rows["en"]] == ["Sodium-ion battery cathode material"]
    assert [r["title"] for r in rows["zh-CN"]] == ["钠离子电池正极材料"]


def test_the_funds_list_checks_conflicts_in_the_same_queries_for_two_or_ten_applicants(
    client, programme, technology, reviewer
):
    from django.db import connection  # noqa: PLC0415 — only these tests count queries
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 — as above

    from accounts.roles import Role  # noqa: PLC0415 — as above
    from tests.factories import OrganisationFactory, user_with_role  # noqa: PLC0415 — as above
    from tests.factories.dealflow import match_request  # noqa: PLC0415 — as above
    from tests.factories.listings import TechnologyFactory  # noqa: PLC0415 — as above

    conflicted = {}

    def add(n):
        for _ in range(n):
            university = OrganisationFactory(kind="university")
            person = user_with_role(Role.RESEARCHER, organisation=university)
            own = TechnologyFactory(
                published=True, organisation=university, track=technology.track, trl=6, ip_status="granted"
            )
            apply(applicant=person, programme=programme, technology=own)
            if university.pk % 2:  # the fund asked about every other applicant's technology
                conflicted[university.pk] = match_request(requester=reviewer, listing=own).pk

    def rows():
        client.force_login(reviewer)
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/funding/applications/", HTTP_ACCEPT_LANGUAGE="en").json()
        return body, len(queries)

    add(2)
    few, few_queries = rows()
    add(8)
    many, many_queries = rows()
    assert (len(few), len(many)) == (2, 10)
    assert many_queries == few_queries
    expected = {
        application.pk: (
            f"Your organisation had a match request with the applicant (#{conflicted[org]}, Requested)."
            if org in conflicted
            else ""
        )
        for application in Application.objects.all()
        for org in [application.applicant_organisation_id]
    }
    assert {row["id"]: row["conflict"] for row in many} == expected
