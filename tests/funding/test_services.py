"""The funding services: eligibility, applying, the staged review, conflicts, the decision, tranches."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from core.models import AuditEntry
from dealflow.models import MatchRequest
from funding import services
from funding.models import Application, Programme, Tranche
from notifications.models import Notification
from platforms import services as platform_services
from procurement.models import InnovationProduct
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.dealflow import match_request
from tests.factories.funding import ProgrammeFactory, apply, funded, pdf, score, to_last_step
from tests.factories.listings import TechnologyFactory
from tests.factories.platforms import VerificationCentreFactory, reported
from tests.factories.procurement import InnovationProductFactory


def test_eligibility_names_every_reason(programme, technology, tracks):
    programme.min_trl = 7
    programme.ip_statuses = ["software"]
    programme.applicant_kinds = ["enterprise"]
    programme.save()
    programme.tracks.set([tracks[0]])
    reasons = services.programme_eligibility(programme=programme, technology=technology)
    assert reasons == [
        "It asks for TRL 7 or higher; the technology is at TRL 6.",
        "It asks for this IP status: Software copyright; the listing says: Patents granted.",
        f"It funds these tracks: {tracks[0].name}.",
        "It is open to these organisations: Enterprise.",
    ]


def test_eligibility_refuses_after_the_deadline(programme, technology):
    programme.deadline = timezone.now() - timezone.timedelta(hours=1)
    programme.save()
    assert services.programme_eligibility(programme=programme, technology=technology) == [
        "The deadline has passed."
    ]


def test_apply_carries_the_listing_and_tells_the_fund(programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    assert (application.status, application.step) == ("in_review", "screening")
    assert (application.trl_at_application, application.ip_status_at_application) == (6, "granted")
    assert [d.label for d in application.documents.all()] == ["商业计划书", "知识产权证明"]
    notice = Notification.objects.get(recipient=reviewer)
    assert notice.title == "New application to New Energy Pilot Fund: 钠离子电池正极材料"
    assert AuditEntry.objects.filter(action="applied", object_id=str(application.pk)).exists()


def test_apply_refuses_an_ineligible_technology_with_the_reason(programme, university, researcher, tracks):
    early = TechnologyFactory(
        published=True, organisation=university, trl=3, ip_status="granted", track=tracks[6]
    )
    with pytest.raises(ValidationError) as error:
        apply(applicant=researcher, programme=programme, technology=early)
    assert error.value.messages == ["It asks for TRL 5 or higher; the technology is at TRL 3."]
    assert not Application.objects.exists()


def test_apply_requires_every_document_and_the_ticket_range(programme, technology, researcher):
    with pytest.raises(ValidationError) as error:
        apply(
            applicant=researcher,
            programme=programme,
            technology=technology,
            documents={0: pdf()},
            amount_cny="100",
        )
    assert error.value.message_dict["document_1"] == ["Upload “Proof of IP”."]
    assert error.value.message_dict["amount_cny"] == ["Ask for between ¥500,000 and ¥3,000,000."]
    assert not Application.objects.exists()


def test_apply_refuses_a_document_that_is_not_what_it_says(programme, technology, researcher):
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        apply(applicant=researcher, programme=programme, technology=technology, documents={0: fake, 1: pdf()})
    assert "document_0" in error.value.message_dict
    assert not Application.objects.exists()


def test_only_the_technologys_members_apply(programme, technology, outsider):
    with pytest.raises(PermissionDenied):
        apply(applicant=outsider, programme=programme, technology=technology)


def test_one_open_application_per_programme(programme, technology, researcher):
    apply(applicant=researcher, programme=programme, technology=technology)
    with pytest.raises(ValidationError) as error:
        apply(applicant=researcher, programme=programme, technology=technology)
    assert error.value.messages == [
        "This technology already has an application in review with this programme."
    ]


def test_scores_make_a_running_total_per_step(programme, technology, researcher, reviewer, second_reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    score(application, reviewer, points=(30, 20, 20, 10))
    score(application, second_reviewer, points=(20, 20, 20, 20))
    total = services.running_total(application, "screening")
    assert (total["count"], total["mean"], total["max"]) == (2, 80.0, 100)
    again = score(application, reviewer, points=(10, 10, 10, 10))
    assert again.total == 40
    assert services.running_total(application, "screening")["mean"] == 60.0


def test_a_score_above_the_rubric_is_refused(programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    with pytest.raises(ValidationError) as error:
        score(application, reviewer, points=(31, 20, 20, 10))
    first = programme.criteria.first()
    assert error.value.message_dict[f"criterion_{first.pk}"] == ["Give between 0 and 30 points."]
    assert not application.reviews.exists()


def test_applicant_cannot_score(programme, technology, researcher):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    with pytest.raises(PermissionDenied):
        score(application, researcher)


def test_conflict_from_the_deal_flow_flags_and_blocks_the_reviewer(
    programme, technology, researcher, reviewer, second_reviewer
):
    match_request(requester=reviewer, listing=technology)
    application = apply(applicant=researcher, programme=programme, technology=technology)
    reason = services.conflict_of_interest(application=application, user=reviewer)
    assert reason.startswith("Your organisation had a match request with the applicant (#")
    with pytest.raises(PermissionDenied) as error:
        score(application, reviewer)
    assert str(error.value).startswith("Conflict of interest: ")
    # The whole fund had the deal: every member of it is flagged.
    assert services.conflict_of_interest(application=application, user=second_reviewer)


def test_no_conflict_without_a_deal(programme, technology, researcher, reviewer):
    other = OrganisationFactory(kind="enterprise")
    assert other.pk != technology.organisation_id
    application = apply(applicant=researcher, programme=programme, technology=technology)
    assert services.conflict_of_interest(application=application, user=reviewer) == ""


def test_advance_needs_a_score_and_tells_the_applicant_the_public_step(
    programme, technology, researcher, reviewer
):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    with pytest.raises(ValidationError) as error:
        services.advance_application(application=application, user=reviewer)
    assert error.value.messages == ["Score the application at this step before moving on."]
    score(application, reviewer)
    application = services.advance_application(application=application, user=reviewer)
    assert application.step == "due_diligence"
    notice = Notification.objects.filter(recipient=researcher, kind="funding.application_advanced").get()
    assert notice.title == "Your application for 钠离子电池正极材料 moved to Due diligence"
    assert "赵评审" not in notice.body and "建议" not in notice.body


def test_more_information_round_pauses_and_resumes(programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    services.ask_for_information(
        application=application, user=reviewer, question="请提供三批次中试的原始数据。"
    )
    application.refresh_from_db()
    assert application.status == "more_info"
    with pytest.raises(ValidationError):
        score(application, reviewer)
    services.answer_information(
        application=application,
        user=researcher,
        answer="原始数据见附件，三批次一致。",
        upload=pdf("data.pdf"),
    )
    application.refresh_from_db()
    assert application.status == "in_review"
    round_ = application.rounds.get()
    assert (round_.answer, round_.answered_by) == ("原始数据见附件，三批次一致。", researcher)
    assert application.documents.filter(original_name="data.pdf").exists()


def test_funding_needs_the_last_step(programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    score(application, reviewer)
    with pytest.raises(ValidationError) as error:
        services.decide_application(
            application=application,
            user=reviewer,
            fund=True,
            note="同意资助。理由充分。",
            amount_awarded="1000000",
        )
    assert error.value.messages == ["Fund an application at the programme's last review step."]


def test_decision_reaches_every_applicant_by_email_in_their_language(
    programme, technology, researcher, reviewer, university, django_capture_on_commit_callbacks
):
    colleague = user_with_role(
        Role.RESEARCHER, organisation=university, display_name="李老师", preferred_language="zh-hans"
    )
    application = apply(applicant=researcher, programme=programme, technology=technology)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application=application, user=reviewer, fund=False, note="与本期中试方向不符，欢迎下期申请。"
        )
    application.refresh_from_db()
    assert (application.status, application.decided_by) == ("declined", reviewer)
    titles = dict(Notification.objects.filter(kind="funding.decision").values_list("recipient_id", "title"))
    assert titles[researcher.pk] == "Not funded: 钠离子电池正极材料 by New Energy Pilot Fund"
    assert titles[colleague.pk] == "未获资助：钠离子电池正极材料（新能源中试基金）"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([researcher.email, colleague.email])


def test_funded_with_tranches_releases_the_first_on_award(programme, technology, researcher, reviewer):
    application = funded(apply(applicant=researcher, programme=programme, technology=technology), reviewer)
    assert (application.status, application.funded_stage, application.amount_awarded_cny) == (
        "funded",
        "pilot",
        1000000,
    )
    first, second = application.tranches.all()
    assert first.is_released
    assert (first.evidence_note, first.evidence_note_en) == ("签约即拨付", "Released on award")
    assert not second.is_released


def test_tranches_must_add_up_to_the_award(programme, technology, researcher, reviewer):
    application = to_last_step(
        apply(applicant=researcher, programme=programme, technology=technology), reviewer
    )
    with pytest.raises(ValidationError) as error:
        services.decide_application(
            application=application, user=reviewer, fund=True, note="同意资助，分两期拨付资金。", amount_awarded="1000000",
            tranches=[("400000", "on_award"), ("500000", "contract")],
        )  # fmt: skip
    assert error.value.message_dict == {
        "tranches": ["The tranches add up to ¥900,000, not the ¥1,000,000 awarded."]
    }
    assert not Tranche.objects.exists()


def test_a_tranche_is_released_only_on_a_verified_milestone(
    programme, technology, researcher, reviewer, tracks
):
    application = funded(apply(applicant=researcher, programme=programme, technology=technology), reviewer)
    second = application.tranches.get(milestone="validation")
    with pytest.raises(ValidationError) as error:
        services.release_tranche(tranche=second, user=reviewer)
    assert error.value.messages[0].startswith("Not verified yet: A validation report is published.")
    centre = VerificationCentreFactory(tracks=[tracks[6]])

    operator = user_with_role(Role.ENTERPRISE, organisation=centre.organisation)
    report = reported(requester=researcher, operator=operator, technology=technology, centre=centre)

    platform_services.set_report_visibility(report=report, user=researcher, public=True)
    tranche = services.release_tranche(tranche=second, user=reviewer)
    assert tranche.is_released
    # Written in both languages, whatever the language of the person releasing it.
    assert tranche.evidence_note_en == f"Validation report “百公斤级中试验证报告” by {centre.name_en}"
    assert tranche.evidence_note == f"{centre.name_zh} 出具的验证报告“百公斤级中试验证报告”"
    assert Notification.objects.filter(recipient=researcher, kind="funding.tranche_released").exists()


def test_the_decision_prefills_the_next_rung(programme, technology, researcher, reviewer, fund_org, tracks):
    first = funded(apply(applicant=researcher, programme=programme, technology=technology), reviewer)
    transfer = ProgrammeFactory(organisation=fund_org, stage="transfer", tracks=[tracks[6]])
    assert list(services.next_rung_programmes(first)) == [transfer]
    initial = services.prefill(technology=technology, programme=transfer)
    assert (initial["plan"], initial["team"]) == (first.plan, first.team)
    second = apply(applicant=researcher, programme=transfer, technology=technology)
    assert second.previous == first


def test_funded_stages_show_on_the_ladder_order(programme, technology, researcher, reviewer):
    funded(apply(applicant=researcher, programme=programme, technology=technology), reviewer)
    assert [a.funded_stage for a in services.funded_stages(technology)] == ["pilot"]


def test_a_fund_member_publishes_a_programme_with_the_default_rubric(fund_org, reviewer, tracks):
    programme = Programme(
        organisation=fund_org, slug="poc", title_zh="概念验证基金", title_en="Proof-of-concept fund",
        summary_zh="支持早期成果完成概念验证。", summary_en="Backs early results to proof of concept.", stage="poc",
        ticket_min_cny=100000, ticket_max_cny=500000, min_trl=2, is_published=True,
    )  # fmt: skip
    services.save_programme(programme=programme, user=reviewer, tracks=[tracks[0]])
    assert programme.published_at is not None
    assert [c.max_points for c in programme.criteria.all()] == [30, 25, 25, 20]
    assert programme.steps == ["screening", "due_diligence", "committee"]


def test_an_unverified_or_wrong_kind_organisation_cannot_publish(reviewer, fund_org, university, researcher):
    fund_org.verification_status = "pending"
    fund_org.save()
    programme = Programme(
        organisation=fund_org, slug="x", title_zh="基金", title_en="Fund", summary_zh="说明", summary_en="About",
        stage="poc", ticket_min_cny=1, ticket_max_cny=2, is_published=True,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.save_programme(programme=programme, user=reviewer)
    assert error.value.message_dict["is_published"] == [
        "The organisation must be verified by the editors before it publishes."
    ]
    programme.organisation = university
    with pytest.raises(ValidationError) as error:
        services.save_programme(programme=programme, user=researcher)
    assert error.value.message_dict["organisation"] == [
        "Programmes are published by organisations of the kind “fund manager”."
    ]
    assert not Programme.objects.filter(slug="x").exists()


def test_outsiders_cannot_write_a_funds_programme(programme, outsider):
    programme.title_en = "Taken over"
    with pytest.raises(PermissionDenied):
        services.save_programme(programme=programme, user=outsider)


def test_a_registered_contract_releases_the_contract_tranche(
    programme, technology, researcher, reviewer, enterprise_user
):
    application = funded(
        apply(applicant=researcher, programme=programme, technology=technology),
        reviewer,
        tranches=(("400000", "on_award"), ("600000", "contract")),
    )
    second = application.tranches.get(milestone="contract")
    deal = match_request(requester=enterprise_user, listing=technology, accept=True)
    MatchRequest.objects.filter(pk=deal.pk).update(stage="closed_deal", closed_at=timezone.now())
    with pytest.raises(ValidationError):  # closed, but no registration number: not a registered contract
        services.release_tranche(tranche=second, user=reviewer)
    MatchRequest.objects.filter(pk=deal.pk).update(registration_number="2027120000451")
    tranche = services.release_tranche(tranche=second, user=reviewer)
    assert tranche.evidence_note_en == "Technology contract registered as 2027120000451"


def test_a_procurement_recommendation_releases_the_procurement_tranche(
    programme, technology, researcher, reviewer, tracks
):
    application = funded(
        apply(applicant=researcher, programme=programme, technology=technology),
        reviewer,
        tranches=(("1000000", "procurement"),),
    )
    tranche = application.tranches.get()
    assert not tranche.is_released
    product = InnovationProductFactory(
        organisation=technology.organisation, track=tracks[6], name="钠电储能柜"
    )
    product.technologies.add(technology)
    InnovationProduct.objects.filter(pk=product.pk).update(
        status="recommended", recommended_at=timezone.now()
    )
    assert services.release_tranche(tranche=tranche, user=reviewer).evidence_note_en == (
        "“钠电储能柜” recommended for the procurement catalogue"
    )


def test_a_tranche_cannot_be_released_twice_or_by_the_applicant(programme, technology, researcher, reviewer):
    application = funded(apply(applicant=researcher, programme=programme, technology=technology), reviewer)
    first = application.tranches.get(milestone="on_award")
    with pytest.raises(PermissionDenied):
        services.release_tranche(tranche=first, user=researcher)
    with pytest.raises(ValidationError) as error:
        services.release_tranche(tranche=first, user=reviewer)
    assert error.value.messages == ["This tranche has already been released."]
