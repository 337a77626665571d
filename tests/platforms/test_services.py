"""Slot requests through every state, who may move them, and bad input that changes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.models import AuditEntry
from digest import services as digest_services
from listings import services as listing_services
from listings.models import Technology
from notifications.models import Notification
from platforms import queries, services, tasks
from platforms.digest import awaiting_answer_items
from platforms.models import SlotMessage, SlotRequest, ValidationReport, VerificationCentre
from tests.factories.listings import TechnologyFactory
from tests.factories.platforms import VerificationCentreFactory, ask, pdf, reported

TODAY = timezone.localdate()


def actions(obj):
    return list(
        AuditEntry.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("action", "from_state", "to_state")
    )


def test_request_carries_the_listing_and_tells_the_centre_what_to_do_by_when(
    technology, centre, researcher, operator, settings
):
    settings.PLATFORMS_RESPONSE_DAYS = 5
    slot_request = ask(requester=researcher, technology=technology, centre=centre, budget_cny="80000.5")
    assert (slot_request.status, slot_request.trl_at_request, slot_request.ip_status_at_request) == (
        "pending",
        6,
        "granted",
    )
    assert slot_request.owner_organisation == technology.organisation
    assert str(slot_request.budget_cny) == "80000.50"
    assert abs(
        (slot_request.response_deadline - timezone.now()) - datetime.timedelta(days=5)
    ) < datetime.timedelta(minutes=1)
    [notice] = Notification.objects.filter(recipient=operator)
    assert notice.title == "New validation request for 钠离子电池正极材料"
    assert notice.body.startswith(
        "王研究员 asks for a slot. Next: accept with a date and price, decline with a reason or ask questions by "
    )
    assert notice.action_deadline == slot_request.response_deadline
    assert notice.url == f"/en/platforms/requests/{slot_request.pk}/"  # the operator reads English
    assert actions(slot_request) == [("requested", "", "pending")]


def test_only_members_of_the_technology_organisation_may_ask(technology, centre, operator, outsider):
    for person in (operator, outsider):
        with pytest.raises(PermissionDenied):
            ask(requester=person, technology=technology, centre=centre)
    assert not SlotRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"stage": "research"}, "stage"),  # the centre does not offer it
        ({"what_to_test": "太短"}, "what_to_test"),
        ({"sample": "   "}, "sample"),
        ({"earliest_start": TODAY - datetime.timedelta(days=1)}, "earliest_start"),
        ({"latest_end": TODAY + datetime.timedelta(days=3)}, "latest_end"),
        ({"budget_cny": "0"}, "budget_cny"),
        ({"budget_cny": "lots"}, "budget_cny"),
        ({"earliest_start": "2027-01-01"}, "earliest_start"),
    ],
)
def test_bad_request_input_names_the_field_and_saves_nothing(
    technology, centre, researcher, overrides, field
):
    with pytest.raises(ValidationError) as caught:
        ask(requester=researcher, technology=technology, centre=centre, **overrides)
    assert field in caught.value.message_dict
    assert (
        not SlotRequest.objects.exists()
        and not Notification.objects.exists()
        and not AuditEntry.objects.exists()
    )


def test_unpublished_centres_technologies_own_centres_and_duplicates_are_refused(
    technology, centre, researcher, university, tracks
):
    hidden = VerificationCentreFactory(is_published=False, tracks=[tracks[6]])
    with pytest.raises(ValidationError, match="published verification centre"):
        ask(requester=researcher, technology=technology, centre=hidden)
    own = VerificationCentreFactory(organisation=university, tracks=[tracks[6]])
    with pytest.raises(ValidationError, match="Your own organisation runs this centre"):
        ask(requester=researcher, technology=technology, centre=own)
    draft = TechnologyFactory(organisation=university, track=tracks[6])
    with pytest.raises(ValidationError, match="Publish the technology"):
        ask(requester=researcher, technology=draft, centre=centre)
    ask(requester=researcher, technology=technology, centre=centre)
    with pytest.raises(ValidationError, match="already has an open request"):
        ask(requester=researcher, technology=technology, centre=centre)
    assert SlotRequest.objects.count() == 1


def test_accept_with_date_and_price_then_start_and_report(
    technology, centre, researcher, colleague, operator
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    start = TODAY + datetime.timedelta(days=10)
    with pytest.raises(PermissionDenied):
        services.accept_slot_request(
            slot_request=slot_request, user=researcher, start_date=start, price_cny="1"
        )
    services.accept_slot_request(
        slot_request=slot_request, user=operator, start_date=start, price_cny="72000"
    )
    slot_request.refresh_from_db()
    assert (slot_request.status, slot_request.scheduled_start, str(slot_request.price_cny)) == (
        "accepted",
        start,
        "72000.00",
    )
    assert slot_request.responded_by == operator and slot_request.responded_at is not None
    told = Notification.objects.filter(kind="platforms.request_accepted")
    assert sorted(n.recipient.display_name for n in told) == ["李老师", "王研究员"]
    assert told[0].title == "Binhai Energy Pilot Base accepted your validation request for 钠离子电池正极材料"

    with pytest.raises(PermissionDenied):
        services.start_validation(slot_request=slot_request, user=researcher)
    services.start_validation(slot_request=slot_request, user=operator)
    slot_request.refresh_from_db()
    assert slot_request.status == "in_progress" and slot_request.started_at is not None

    report = services.attach_report(
        slot_request=slot_request,
        user=operator,
        title="中试验证报告",
        findings="三批次克容量一百二十八毫安时每克，保持率高。",
        outcome="passed",
        trl_supported=7,
        upload=pdf(),
    )
    slot_request.refresh_from_db()
    assert slot_request.status == "reported"
    assert (report.is_public, report.trl_review, report.original_name) == (False, "", "report.pdf")
    assert actions(slot_request) == [
        ("requested", "", "pending"),
        ("accepted", "pending", "accepted"),
        ("started", "accepted", "in_progress"),
        ("reported", "in_progress", "reported"),
    ]


def test_accept_refuses_past_dates_and_bad_prices_and_keeps_the_request_pending(
    technology, centre, researcher, operator
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    with pytest.raises(ValidationError) as caught:
        services.accept_slot_request(
            slot_request=slot_request,
            user=operator,
            start_date=TODAY - datetime.timedelta(days=1),
            price_cny="-5",
        )
    assert set(caught.value.message_dict) == {"start_date", "price_cny"}
    slot_request.refresh_from_db()
    assert (slot_request.status, slot_request.responded_at, slot_request.price_cny) == ("pending", None, None)
    assert actions(slot_request) == [("requested", "", "pending")]


def test_decline_needs_a_reason_and_other_needs_text(technology, centre, researcher, operator):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    with pytest.raises(ValidationError) as caught:
        services.decline_slot_request(slot_request=slot_request, user=operator, reason="nonsense")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.decline_slot_request(slot_request=slot_request, user=operator, reason="other", detail=" ")
    assert "detail" in caught.value.message_dict
    assert SlotRequest.objects.get().status == "pending"
    services.decline_slot_request(
        slot_request=slot_request, user=operator, reason="no_capacity", detail="Booked until March."
    )
    slot_request.refresh_from_db()
    assert (slot_request.status, slot_request.decline_reason) == ("declined", "no_capacity")
    notice = Notification.objects.get(recipient=researcher, kind="platforms.request_declined")
    assert notice.body == "Reason: No capacity in those dates. Booked until March. Next: ask another centre."
    with pytest.raises(ValidationError, match="already been answered"):
        services.accept_slot_request(
            slot_request=slot_request, user=operator, start_date=TODAY, price_cny="0"
        )


def test_questions_open_the_private_thread_and_count_as_an_answer(
    technology, centre, researcher, operator, outsider
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    with pytest.raises(ValidationError, match="thread opens"):
        services.post_message(slot_request=slot_request, author=researcher, body="Hello")
    with pytest.raises(ValidationError):
        services.ask_for_information(slot_request=slot_request, user=operator, question="short")
    with pytest.raises(PermissionDenied):
        services.ask_for_information(
            slot_request=slot_request, user=researcher, question="Is the sample stable in air?"
        )
    services.ask_for_information(
        slot_request=slot_request, user=operator, question="Is the sample stable in air?"
    )
    slot_request.refresh_from_db()
    assert slot_request.status == "needs_info" and slot_request.responded_at is not None
    services.post_message(slot_request=slot_request, author=researcher, body="Keep it under argon.")
    with pytest.raises(PermissionDenied):
        services.post_message(slot_request=slot_request, author=outsider, body="Let me in")
    assert list(SlotMessage.objects.values_list("author__display_name", "body")) == [
        ("孙平台", "Is the sample stable in air?"),
        ("王研究员", "Keep it under argon."),
    ]
    assert (
        Notification.objects.get(recipient=operator, kind="platforms.thread_message").body
        == "Keep it under argon."
    )
    services.accept_slot_request(slot_request=slot_request, user=operator, start_date=TODAY, price_cny="0")
    slot_request.refresh_from_db()
    assert slot_request.status == "accepted"
    assert actions(slot_request)[-2:] == [
        ("needs_info", "pending", "needs_info"),
        ("accepted", "needs_info", "accepted"),
    ]


def test_thread_messages_are_rate_limited(technology, centre, researcher, operator, settings):
    settings.PLATFORMS_MESSAGES_PER_MINUTE = 2
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    services.ask_for_information(slot_request=slot_request, user=operator, question="Which batch sizes?")
    services.post_message(slot_request=slot_request, author=researcher, body="one")
    services.post_message(slot_request=slot_request, author=researcher, body="two")
    with pytest.raises(services.RateLimited):
        services.post_message(slot_request=slot_request, author=researcher, body="three")
    assert slot_request.messages.count() == 3


def test_thread_files_are_checked_by_content(technology, centre, researcher, operator):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    services.ask_for_information(
        slot_request=slot_request, user=operator, question="Send the sintering curve."
    )
    with pytest.raises(ValidationError) as caught:
        services.share_file(
            slot_request=slot_request,
            user=researcher,
            upload=SimpleUploadedFile("curve.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert caught.value.message_dict["file"] == [
        "Only PDF, Word, Excel, PowerPoint, PNG and JPEG files may be shared."
    ]
    shared = services.share_file(slot_request=slot_request, user=researcher, upload=pdf("curve.pdf"))
    assert (shared.original_name, shared.content_type) == ("curve.pdf", "application/pdf")
    assert services.can_download(slot_file=shared, user=operator)
    assert slot_request.files.count() == 1


def test_withdraw_by_the_owner_only_before_work_starts(technology, centre, researcher, operator):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    with pytest.raises(PermissionDenied):
        services.withdraw_slot_request(slot_request=slot_request, user=operator)
    services.withdraw_slot_request(slot_request=slot_request, user=researcher)
    assert SlotRequest.objects.get().status == "withdrawn"
    assert Notification.objects.filter(recipient=operator, kind="platforms.request_withdrawn").count() == 1
    second = ask(requester=researcher, technology=technology, centre=centre)
    services.accept_slot_request(slot_request=second, user=operator, start_date=TODAY, price_cny="100")
    services.start_validation(slot_request=second, user=operator)
    with pytest.raises(ValidationError, match="work has not started"):
        services.withdraw_slot_request(slot_request=second, user=researcher)


def test_report_needs_a_pdf_findings_and_an_outcome_and_saves_nothing_otherwise(
    technology, centre, researcher, operator
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    with pytest.raises(ValidationError, match="work in progress"):
        services.attach_report(
            slot_request=slot_request,
            user=operator,
            title="t",
            findings="f" * 30,
            outcome="passed",
            upload=pdf(),
        )
    services.accept_slot_request(slot_request=slot_request, user=operator, start_date=TODAY, price_cny="100")
    services.start_validation(slot_request=slot_request, user=operator)
    with pytest.raises(ValidationError) as caught:
        services.attach_report(
            slot_request=slot_request,
            user=operator,
            title=" ",
            findings="short",
            outcome="great",
            trl_supported=12,
            upload=SimpleUploadedFile("report.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        )
    assert set(caught.value.message_dict) == {"title", "findings", "outcome", "trl_supported", "file"}
    with pytest.raises(PermissionDenied):
        services.attach_report(
            slot_request=slot_request,
            user=researcher,
            title="Mine",
            findings="f" * 30,
            outcome="passed",
            upload=pdf(),
        )
    assert not ValidationReport.objects.exists()
    assert SlotRequest.objects.get().status == "in_progress"


def test_owner_shows_the_report_and_a_higher_trl_waits_for_an_editor(
    technology, centre, researcher, operator, editor
):
    report = reported(
        requester=researcher, operator=operator, technology=technology, centre=centre, trl_supported=7
    )
    with pytest.raises(PermissionDenied):
        services.set_report_visibility(report=report, user=operator, public=True)
    services.set_report_visibility(report=report, user=researcher, public=True)
    report.refresh_from_db()
    assert (report.is_public, report.trl_review) == (True, "pending")
    assert list(queries.public_reports(technology=technology)) == [report]
    [notice] = Notification.objects.filter(recipient=editor, kind="platforms.trl_review")
    assert (
        notice.body == "A public validation report supports TRL 7 (listed: 6). Next: review it in the admin."
    )
    technology.refresh_from_db()
    assert technology.trl == 6  # not before the editor's review
    services.set_report_visibility(report=report, user=researcher, public=False)
    report.refresh_from_db()
    assert (report.is_public, report.trl_review) == (False, "")
    assert list(queries.public_reports(technology=technology)) == []


def test_editor_review_raises_the_trl_on_the_listing_and_its_latest_revision(
    technology, centre, researcher, operator, editor
):
    technology.save_revision(user=researcher)
    report = reported(
        requester=researcher, operator=operator, technology=technology, centre=centre, trl_supported=8
    )
    with pytest.raises(ValidationError, match="no TRL change awaiting review"):
        services.review_trl(report=report, editor=editor, approve=True)
    services.set_report_visibility(report=report, user=researcher, public=True)
    with pytest.raises(PermissionDenied):
        services.review_trl(report=report, editor=researcher, approve=True)
    services.review_trl(report=report, editor=editor, approve=True, note="Three batches match the lab.")
    technology = Technology.objects.get(pk=technology.pk)
    assert technology.trl == 8
    assert technology.get_latest_revision_as_object().trl == 8
    report.refresh_from_db()
    assert (report.trl_review, report.trl_reviewed_by) == ("approved", editor)
    assert actions(technology) == [("trl_raised", "6", "8")]
    assert Notification.objects.get(recipient=researcher, kind="platforms.trl_reviewed").title == (
        "The TRL of 钠离子电池正极材料 is now 8"
    )
    with pytest.raises(ValidationError):
        services.review_trl(report=report, editor=editor, approve=True)


def test_editor_keeping_the_trl_must_say_why(technology, centre, researcher, operator, editor):
    report = reported(
        requester=researcher, operator=operator, technology=technology, centre=centre, trl_supported=9
    )
    services.set_report_visibility(report=report, user=researcher, public=True)
    with pytest.raises(ValidationError) as caught:
        services.review_trl(report=report, editor=editor, approve=False, note="")
    assert "trl_review_note" in caught.value.message_dict
    assert ValidationReport.objects.get().trl_review == "pending"
    services.review_trl(report=report, editor=editor, approve=False, note="One batch only.")
    assert Technology.objects.get(pk=technology.pk).trl == 6
    assert Notification.objects.get(recipient=researcher, kind="platforms.trl_reviewed").title == (
        "The TRL of 钠离子电池正极材料 stays at 6"
    )


def test_reminders_before_the_deadline_once_then_expiry(technology, centre, researcher, operator):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    deadline = slot_request.response_deadline
    services.send_deadline_reminders(now=deadline - datetime.timedelta(hours=20))
    services.send_deadline_reminders(now=deadline - datetime.timedelta(hours=19))
    assert Notification.objects.filter(recipient=operator, kind="platforms.request_reminder").count() == 1
    services.send_deadline_reminders(now=deadline + datetime.timedelta(minutes=1))
    slot_request.refresh_from_db()
    assert slot_request.status == "expired"
    assert Notification.objects.get(recipient=researcher, kind="platforms.request_expired").body == (
        "The centre did not answer by the deadline. Next: ask another centre."
    )


def test_responsiveness_counts_answers_in_time_and_the_median(
    technology, centre, researcher, operator, tracks, university
):
    now = timezone.now()
    answered = ask(requester=researcher, technology=technology, centre=centre)
    services.ask_for_information(slot_request=answered, user=operator, question="Which batch sizes?")
    SlotRequest.objects.filter(pk=answered.pk).update(
        created_at=now - datetime.timedelta(hours=10), responded_at=now
    )
    other = TechnologyFactory(published=True, organisation=university, track=tracks[6])
    late = ask(requester=researcher, technology=other, centre=centre)
    SlotRequest.objects.filter(pk=late.pk).update(response_deadline=now - datetime.timedelta(hours=1))
    third = TechnologyFactory(published=True, organisation=university, track=tracks[6])
    withdrawn = ask(requester=researcher, technology=third, centre=centre)
    services.withdraw_slot_request(slot_request=withdrawn, user=researcher)
    figures = queries.responsiveness(centre)
    assert figures == {
        "counted": 2,
        "answered": 1,
        "answered_in_time": 1,
        "share_in_time": 0.5,
        "median_hours": 10.0,
    }


def test_closing_the_technology_ends_waiting_requests_and_tells_the_centre(
    technology, centre, researcher, operator, django_capture_on_commit_callbacks
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.close_listing(listing=technology, user=researcher)
    slot_request.refresh_from_db()
    assert slot_request.status == "withdrawn"
    assert Notification.objects.get(recipient=operator, kind="platforms.request_withdrawn").body == (
        "The owner took the technology off the marketplace. Nothing more is needed from you."
    )


def test_editors_publish_centres_only_for_verified_platform_organisations(
    editor, researcher, university, centre_org
):
    def centre(organisation, **kwargs):
        return VerificationCentre(
            organisation=organisation,
            slug=f"c-{organisation.pk}",
            name_zh="中心",
            name_en="Centre",
            summary_zh="摘要",
            summary_en="Summary",
            covers_pilot=True,
            is_published=True,
            **kwargs,
        )

    with pytest.raises(PermissionDenied):
        services.save_centre(centre=centre(centre_org), user=researcher)
    with pytest.raises(ValidationError) as caught:
        services.save_centre(centre=centre(university), user=editor)
    assert "organisation" in caught.value.message_dict
    centre_org.verification_status = "pending"
    centre_org.save()
    with pytest.raises(ValidationError) as caught:
        services.save_centre(centre=centre(centre_org), user=editor)
    assert "is_published" in caught.value.message_dict
    assert not VerificationCentre.objects.exists()
    centre_org.verification_status = "verified"
    centre_org.save()
    saved = services.save_centre(centre=centre(centre_org), user=editor)
    assert saved.published_at is not None and actions(saved) == [("created", "", "published")]


def test_the_centres_daily_digest_lists_requests_awaiting_their_answer(
    technology, centre, researcher, operator
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    mail.outbox.clear()
    assert digest_services.send_user_digest(user=operator, day=TODAY) is True
    body = mail.outbox[0].body
    assert "Validation request awaiting your centre's answer by" in body
    assert f"{technology.ref} 钠离子电池正极材料" in body
    services.accept_slot_request(slot_request=slot_request, user=operator, start_date=TODAY, price_cny="1")
    assert awaiting_answer_items(operator, None) == []
    assert awaiting_answer_items(researcher, None) == []


def test_the_deadline_task_runs_the_service_and_is_scheduled(technology, centre, researcher, operator):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    SlotRequest.objects.filter(pk=slot_request.pk).update(response_deadline=timezone.now())
    tasks.send_deadline_reminders.delay()
    assert SlotRequest.objects.get().status == "expired"
    assert (
        PeriodicTask.objects.get(name="platforms: slot request deadlines").task
        == "platforms.send_deadline_reminders"
    )
