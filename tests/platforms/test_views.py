"""The pages in both languages: centre list filters, centre detail, the technology page's panel,
forms that reject bad input and save nothing, and the admin's TRL review."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from core.models import AuditEntry
from listings.models import Technology
from platforms import services
from platforms.models import CentreRate, SlotRequest, ValidationReport, VerificationCentre
from tests.factories.platforms import VerificationCentreFactory, ask, reported

TODAY = timezone.localdate()


def test_centre_list_filters_by_stage_and_track_in_both_languages(client, centre, tracks):
    bio = VerificationCentreFactory(
        name_zh="生物制造概念验证中心",
        name_en="Bio-manufacturing Proof-of-Concept Centre",
        covers_research=True,
        covers_pilot=False,
        covers_scenario=False,
        tracks=[tracks[0]],
    )
    VerificationCentreFactory(name_zh="未发布中心", is_published=False, tracks=[tracks[0]])

    page = client.get("/platforms/").content.decode()
    assert "滨海新能源中试基地" in page and "生物制造概念验证中心" in page and "未发布中心" not in page
    assert "2 个中心" in page

    page = client.get("/platforms/", {"stage": "research"}).content.decode()
    assert "生物制造概念验证中心" in page and "滨海新能源中试基地" not in page

    page = client.get("/en/platforms/", {"track": "advanced-energy", "stage": "pilot"}).content.decode()
    assert "Binhai Energy Pilot Base" in page and "Bio-manufacturing Proof-of-Concept Centre" not in page
    assert "Verification centres and pilot platforms" in page

    response = client.get("/platforms/", {"stage": "nonsense"})
    assert response.status_code == 400
    assert bio.name_zh not in response.content.decode()


def test_centre_detail_shows_rates_stages_figures_and_results_in_both_languages(
    client, centre, technology, researcher, operator
):
    CentreRate.objects.create(
        centre=centre,
        service_zh="百公斤级中试",
        service_en="100 kg pilot run",
        user_type="academic",
        price_cny=60000,
        unit_zh="每批次",
        unit_en="per batch",
    )
    report = reported(requester=researcher, operator=operator, technology=technology, centre=centre)
    services.set_report_visibility(report=report, user=researcher, public=True)

    zh = client.get("/platforms/energy-pilot/").content.decode()
    assert "电池材料百公斤级中试放大与储能场景验证。" in zh
    assert "百公斤级中试" in zh and "6万元 每批次" in zh
    assert "中试验证" in zh  # the pilot stage, in Chinese
    assert "百公斤级中试验证报告" in zh  # its published result
    assert "100%" in zh  # answered in time: one request, answered at once

    en = client.get("/en/platforms/energy-pilot/").content.decode()
    assert "Pilot runs of battery materials and energy-storage scenario validation." in en
    assert "100 kg pilot run" in en and "¥60,000 per batch" in en and "Universities and institutes" in en
    assert "Pilot-scale verification" in en and "Scenario validation" in en
    assert client.get("/platforms/no-such-centre/").status_code == 404


def test_technology_page_offers_validation_to_its_owners_only(
    client, technology, researcher, operator, centre
):
    with translation.override("zh-hans"):
        url = technology.get_absolute_url()
    assert 'data-testid="ask-validation"' not in client.get(url).content.decode()
    client.force_login(operator)
    assert 'data-testid="ask-validation"' not in client.get(url).content.decode()
    client.force_login(researcher)
    page = client.get(url).content.decode()
    assert f'href="/platforms/ask/{technology.ref}/" data-testid="ask-validation"' in page
    assert "申请验证" in page


def test_request_form_rejects_bad_input_and_saves_nothing_then_sends(client, technology, researcher, centre):
    client.force_login(researcher)
    response = client.get(f"/en/platforms/ask/{technology.ref}/?centre={centre.slug}")
    assert response.status_code == 200
    assert "The centre sees your listing with its TRL (6/9)" in response.content.decode()
    bad = {
        "centre": centre.pk,
        "stage": "research",
        "what_to_test": "short",
        "sample": "5 kg",
        "earliest_start": (TODAY + datetime.timedelta(days=5)).isoformat(),
        "latest_end": TODAY.isoformat(),
        "budget_cny": "50000",
    }
    response = client.post(f"/en/platforms/ask/{technology.ref}/", bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This centre does not offer that stage." in page
    assert "Say in at least 20 characters what must be proven." in page
    assert not SlotRequest.objects.exists()
    good = {
        **bad,
        "stage": "pilot",
        "what_to_test": "Capacity retention at -20 °C after scale-up to 100 kg.",
        "latest_end": (TODAY + datetime.timedelta(days=60)).isoformat(),
    }
    response = client.post(f"/en/platforms/ask/{technology.ref}/", good)
    slot_request = SlotRequest.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/en/platforms/requests/{slot_request.pk}/"
    )


def test_centre_answer_forms_reject_bad_input_and_the_request_stays_pending(
    client, technology, researcher, operator, centre
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    client.force_login(operator)
    base = f"/en/platforms/requests/{slot_request.pk}"
    response = client.post(
        f"{base}/accept/",
        {"start_date": (TODAY - datetime.timedelta(days=2)).isoformat(), "price_cny": "100"},
    )
    assert response.status_code == 400
    assert "The start date must be today or later." in response.content.decode()
    response = client.post(f"{base}/decline/", {"reason": "other", "detail": ""})
    assert response.status_code == 400
    assert "Explain the reason when you choose “other”." in response.content.decode()
    response = client.post(f"{base}/questions/", {"question": "?"})
    assert response.status_code == 400
    slot_request.refresh_from_db()
    assert (slot_request.status, slot_request.responded_at) == ("pending", None)
    response = client.post(
        f"{base}/accept/",
        {"start_date": (TODAY + datetime.timedelta(days=3)).isoformat(), "price_cny": "72000"},
    )
    assert response.status_code == 302
    slot_request.refresh_from_db()
    assert slot_request.status == "accepted"
    page = client.get(f"{base}/").content.decode()
    assert "Accepted: starts" in page and "¥72,000" in page


def test_report_form_rejects_non_pdf_and_saves_nothing(client, technology, researcher, operator, centre):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    services.accept_slot_request(slot_request=slot_request, user=operator, start_date=TODAY, price_cny="1")
    services.start_validation(slot_request=slot_request, user=operator)
    client.force_login(operator)
    response = client.post(
        f"/en/platforms/requests/{slot_request.pk}/report/",
        {
            "report-title": "Pilot report",
            "report-outcome": "passed",
            "report-findings": "Three batches match the laboratory results.",
            "report-trl_supported": "7",
            "report-file": SimpleUploadedFile("report.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        },
    )
    assert response.status_code == 400
    assert "The validation report must be a PDF document." in response.content.decode()
    assert not ValidationReport.objects.exists()
    assert SlotRequest.objects.get().status == "in_progress"


def test_editor_raises_the_trl_in_the_admin_through_the_service(
    client, technology, researcher, operator, centre, editor
):
    report = reported(
        requester=researcher, operator=operator, technology=technology, centre=centre, trl_supported=7
    )
    services.set_report_visibility(report=report, user=researcher, public=True)
    client.force_login(editor)
    listing = client.get("/admin/platforms/reports/?trl_review=pending").content.decode()
    assert "百公斤级中试验证报告" in listing
    response = client.post(
        f"/admin/platforms/reports/edit/{report.pk}/", {"decision": "reject", "trl_review_note": ""}
    )
    assert response.status_code == 200
    assert "请告诉成果方维持技术成熟度的理由。" in response.content.decode()  # the admin speaks Chinese
    assert Technology.objects.get(pk=technology.pk).trl == 6
    response = client.post(
        f"/admin/platforms/reports/edit/{report.pk}/",
        {"decision": "approve", "trl_review_note": "Three batches."},
    )
    assert response.status_code == 302
    assert Technology.objects.get(pk=technology.pk).trl == 7
    assert AuditEntry.objects.filter(action="trl_raised", actor=editor, from_state="6", to_state="7").exists()
    page = client.get(technology.get_absolute_url()).content.decode()
    assert '<td data-testid="trl">7 / 9</td>' in page


def test_editor_publishes_a_centre_in_the_admin_only_for_a_verified_platform_organisation(
    client, editor, centre_org, university, tracks
):
    client.force_login(editor)
    data = {
        "organisation": university.pk,
        "slug": "new-centre",
        "name_zh": "新中心",
        "name_en": "New centre",
        "summary_zh": "摘要",
        "summary_en": "Summary",
        "covers_pilot": "on",
        "tracks": [tracks[6].pk],
        "lead_time_days": "14",
        "is_published": "on",
    }
    response = client.post("/admin/platforms/centres/new/", data)
    assert response.status_code == 200
    assert "运营机构的类型必须是“验证中心或中试平台”。" in response.content.decode()
    assert not VerificationCentre.objects.exists()
    response = client.post("/admin/platforms/centres/new/", {**data, "organisation": centre_org.pk})
    assert response.status_code == 302
    centre = VerificationCentre.objects.get()
    assert centre.is_published and centre.published_at is not None
    assert list(centre.tracks.values_list("slug", flat=True)) == ["advanced-energy"]
    assert AuditEntry.objects.filter(action="created", actor=editor, object_id=centre.pk).exists()
