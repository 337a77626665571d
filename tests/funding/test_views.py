"""The funding pages: browse and filter programmes, publish one, apply, review in steps, decide."""

import pytest

from funding.models import Application, ProductRequest, Programme
from tests.factories.funding import ProgrammeFactory, apply, pdf, score, scored_applications, to_last_step
from tests.factories.listings import TechnologyFactory


def test_programme_list_filters_by_stage_and_track(client, programme, fund_org, tracks):
    ProgrammeFactory(organisation=fund_org, stage="poc", title_en="Proof-of-Concept Fund", tracks=[tracks[0]])
    page = client.get("/en/funding/?stage=pilot").content.decode()
    assert "New Energy Pilot Fund" in page and "Proof-of-Concept Fund" not in page
    assert "1 open programme" in page
    page = client.get(f"/en/funding/?track={tracks[0].slug}").content.decode()
    assert "Proof-of-Concept Fund" in page and "New Energy Pilot Fund" not in page


def test_a_bad_filter_says_so_and_lists_nothing(client, programme):
    response = client.get("/en/funding/?stage=moon")
    assert response.status_code == 400
    assert "0 open programmes" in response.content.decode()


def test_programme_page_in_both_languages(client, programme):
    assert "New Energy Pilot Fund" in client.get("/en/funding/pilot-fund/").content.decode()
    page = client.get("/funding/pilot-fund/").content.decode()
    assert "新能源中试基金" in page and "商业计划书" in page


def test_programme_page_offers_apply_only_when_eligible(
    client, programme, technology, researcher, university, tracks
):
    TechnologyFactory(published=True, organisation=university, title="早期菌株", trl=2, track=tracks[6])
    client.force_login(researcher)
    page = client.get("/en/funding/pilot-fund/").content.decode()
    assert f'data-testid="apply-{technology.ref}"' in page
    assert "Not eligible: It asks for TRL 5 or higher; the technology is at TRL 2." in page


def test_a_fund_member_publishes_a_programme_on_the_site(client, reviewer, tracks):
    client.force_login(reviewer)
    assert 'data-testid="new-programme"' in client.get("/en/funding/").content.decode()
    response = client.post(
        "/en/funding/new/",
        {
            "organisation": reviewer.organisation_ids and list(reviewer.organisation_ids)[0],
            "slug": "poc-2027", "title_zh": "概念验证基金", "title_en": "Proof-of-Concept Fund",
            "summary_zh": "支持高校成果完成概念验证。", "summary_en": "Backs university results to proof of concept.",
            "stage": "poc", "tracks": [tracks[0].pk], "ticket_min_cny": "100000", "ticket_max_cny": "500000",
            "min_trl": "2", "ip_statuses": ["granted", "pending"], "documents_zh": "概念验证方案",
            "documents_en": "Proof-of-concept plan", "review_steps": ["screening", "committee"],
            "rubric": "技术新颖性 | Novelty | 60\n团队 | Team | 40", "is_published": "on",
        },
    )  # fmt: skip
    programme = Programme.objects.get(slug="poc-2027")
    assert response.status_code == 302 and response["Location"] == "/en/funding/poc-2027/"
    assert programme.steps == ["screening", "committee"]
    assert [(c.name_en, c.max_points) for c in programme.criteria.all()] == [("Novelty", 60), ("Team", 40)]
    assert programme.ip_statuses == ["granted", "pending"]


def test_a_researcher_cannot_open_the_programme_form(client, researcher):
    client.force_login(researcher)
    assert client.get("/en/funding/new/").status_code == 403


def test_a_bad_rubric_line_is_explained(client, reviewer, fund_org):
    client.force_login(reviewer)
    response = client.post("/en/funding/new/", {"organisation": fund_org.pk, "rubric": "没有分数"})
    assert response.status_code == 400
    assert "Line 1: write “中文名称 | English name | points”." in response.content.decode()


def test_apply_through_the_form_with_documents_and_evidence(client, programme, technology, researcher):
    client.force_login(researcher)
    page = client.get(f"/en/funding/apply/pilot-fund/{technology.ref}/").content.decode()
    assert "The fund sees your listing with its TRL (6/9)" in page
    response = client.post(
        f"/en/funding/apply/pilot-fund/{technology.ref}/",
        {
            "amount_cny": "1200000",
            "plan": "完成百公斤级中试放大三批次，验证克容量和低温容量保持率。",
            "milestones": "第三个月：公开中试报告。",
            "team": "王研究员",
            "document_0": pdf("plan.pdf"),
            "document_1": pdf("ip.pdf"),
        },
    )
    application = Application.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/en/funding/applications/{application.pk}/"
    )
    assert sorted(application.documents.values_list("original_name", flat=True)) == ["ip.pdf", "plan.pdf"]


def test_a_missing_document_keeps_the_form_with_the_message(client, programme, technology, researcher):
    client.force_login(researcher)
    response = client.post(
        f"/en/funding/apply/pilot-fund/{technology.ref}/",
        {
            "amount_cny": "1200000",
            "plan": "完成百公斤级中试放大三批次，验证克容量和低温容量保持率。",
            "milestones": "第三个月：公开中试报告。",
            "team": "王研究员",
            "document_0": pdf(),
        },
    )
    assert response.status_code == 400
    assert "Upload “Proof of IP”." in response.content.decode()
    assert not Application.objects.exists()


def test_staged_review_through_the_pages(client, programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    client.force_login(reviewer)
    scores = {f"criterion_{c.pk}": 20 for c in programme.criteria.all()}
    response = client.post(
        f"/en/funding/applications/{application.pk}/score/",
        {**scores, "comment": "材料完整，建议进入尽调。", "recommendation": "advance"},
    )
    assert response.status_code == 302
    client.post(f"/en/funding/applications/{application.pk}/advance/")
    application.refresh_from_db()
    assert application.step == "due_diligence"
    client.post(
        f"/en/funding/applications/{application.pk}/questions/", {"question": "请补充三批次的原始检测数据。"}
    )
    application.refresh_from_db()
    assert application.status == "more_info"
    client.force_login(researcher)
    page = client.get(f"/en/funding/applications/{application.pk}/").content.decode()
    assert "请补充三批次的原始检测数据。" in page and 'data-testid="answer"' in page
    client.post(
        f"/en/funding/applications/{application.pk}/answer/",
        {"answer-answer": "原始检测数据已整理，见附件。", "answer-file": pdf("raw.pdf")},
    )
    application.refresh_from_db()
    assert application.status == "in_review"


def test_decision_form_with_tranches(client, programme, technology, researcher, reviewer):
    application = to_last_step(
        apply(applicant=researcher, programme=programme, technology=technology), reviewer
    )
    client.force_login(reviewer)
    response = client.post(
        f"/en/funding/applications/{application.pk}/decide/",
        {
            "decision": "fund", "note": "委员会同意资助，分两期拨付。", "amount_awarded": "1000000",
            "tranche_1_amount": "300000", "tranche_1_milestone": "on_award",
            "tranche_2_amount": "700000", "tranche_2_milestone": "contract",
        },
    )  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "funded"
    assert [(t.amount_cny, t.milestone, t.is_released) for t in application.tranches.all()] == [
        (300000, "on_award", True),
        (700000, "contract", False),
    ]
    page = client.get(f"/en/funding/applications/{application.pk}/").content.decode()
    assert "Not verified yet" in page


def test_advance_without_a_score_says_why(client, programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    client.force_login(reviewer)
    response = client.post(f"/en/funding/applications/{application.pk}/advance/", follow=True)
    assert "Score the application at this step before moving on." in response.content.decode()


def test_owner_sees_fitting_programmes_on_the_technology_page(client, programme, technology, researcher):
    client.force_login(researcher)
    page = client.get(technology.get_absolute_url()).content.decode()
    assert 'data-testid="fitting-programmes"' in page and "New Energy Pilot Fund" in page
    assert "TRL 6 fits the Pilot-scale stage" in page


def test_ask_a_bank_from_the_listing(client, product, technology, researcher, banker):
    client.force_login(researcher)
    response = client.post(
        f"/en/funding/products/ip-loan/ask/{technology.ref}/",
        {"amount_cny": "2000000", "purpose": "以两项授权发明专利质押，用于中试线建设。"},
    )
    product_request = ProductRequest.objects.get()
    assert response["Location"] == f"/en/funding/requests/{product_request.pk}/"
    client.force_login(banker)
    client.post(
        f"/en/funding/requests/{product_request.pk}/answer/",
        {"offer": "1", "answer": "年利率百分之三点五，期限两年。"},
    )
    client.post(f"/en/funding/requests/{product_request.pk}/messages/", {"body": "请提供专利评估报告。"})
    product_request.refresh_from_db()
    assert product_request.status == "offered"
    assert list(product_request.messages.values_list("body", flat=True)) == ["请提供专利评估报告。"]


def test_product_eligibility_on_the_form(client, product, university, researcher, tracks):
    know_how = TechnologyFactory(
        published=True, organisation=university, trl=6, ip_status="know_how", track=tracks[6]
    )
    client.force_login(researcher)
    page = client.get(f"/en/funding/products/ip-loan/ask/{know_how.ref}/").content.decode()
    assert "It asks for this IP status: Patents granted; the listing says: Know-how / trade secret." in page


@pytest.mark.parametrize("path", ["/funding/", "/en/funding/", "/funding/products/", "/en/funding/products/"])
def test_public_pages_answer(client, programme, product, path):
    assert client.get(path).status_code == 200


def test_a_programme_with_reviews_can_still_be_edited_but_not_its_rubric(
    client, programme, technology, researcher, reviewer
):
    score(apply(applicant=researcher, programme=programme, technology=technology), reviewer)
    client.force_login(reviewer)
    form = client.get("/en/funding/pilot-fund/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        organisation=programme.organisation_id, tracks=[t.pk for t in programme.tracks.all()], is_published="on",
        summary_en="Backs battery materials through pilot-scale runs; now also sodium-ion cells.",
        review_steps=programme.steps, rubric=form.fields["rubric"].initial,
    )  # fmt: skip
    data.pop("deadline", None)
    response = client.post("/en/funding/pilot-fund/edit/", data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.summary_en.endswith("now also sodium-ion cells.")
    data["rubric"] = "新颖性 | Novelty | 100"
    response = client.post("/en/funding/pilot-fund/edit/", data)
    assert "Reviews have been scored with this rubric; it can no longer change." in response.content.decode()


def test_the_programmes_applications_page_costs_the_same_queries_for_two_or_ten(
    client, programme, technology, researcher, reviewer, second_reviewer
):
    from django.db import connection  # noqa: PLC0415 — only this test counts queries
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 — as above

    def add(n):
        scored_applications(
            n, applicant=researcher, programme=programme, like=technology,
            scores=[(reviewer, None), (second_reviewer, (10, 10, 10, 10))],
        )  # fmt: skip

    def cost():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/funding/pilot-fund/applications/")
        return response, len(queries)

    client.force_login(reviewer)
    add(2)
    cost()  # the first visit also reads what stays cached for the session
    _response, few = cost()
    add(8)
    response, many = cost()
    assert [total["mean"] for _application, total in response.context["rows"]] == [57.5] * 10
    assert many == few
