import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEntry
from dealflow import services
from dealflow.models import MatchRequest, ThreadMessage
from dealflow.queries import evaluation_figures, responsiveness
from listings.models import Technology
from listings.signals import listings_changed
from notifications.models import Notification
from tests.factories.dealflow import match_request

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="nda.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.mark.smoke
def test_request_sets_deadline_and_tells_the_owner_what_to_do_by_when(
    technology, enterprise_user, researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mr = match_request(requester=enterprise_user, listing=technology)
    assert mr.status == MatchRequest.Status.PENDING
    assert mr.owner_organisation == technology.organisation
    assert abs((mr.response_deadline - timezone.now()) - datetime.timedelta(days=7)) < datetime.timedelta(
        minutes=1
    )
    notice = Notification.objects.get(recipient=researcher, kind="match_request.received")
    assert notice.action_deadline == mr.response_deadline
    assert "accept or decline with a reason by" in notice.body
    assert AuditEntry.objects.filter(object_id=mr.pk, action="requested").count() == 1
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    email = mail.outbox[0]
    assert email.subject == f"New introduction request for {technology.title}"
    assert "Please act by" in email.body and mr.get_absolute_url() in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_request_to_own_organisation_and_duplicates_are_refused(technology, enterprise_user, researcher):
    with pytest.raises(ValidationError, match="your own organisation"):
        match_request(requester=researcher, listing=technology)
    match_request(requester=enterprise_user, listing=technology)
    with pytest.raises(ValidationError, match="already have an open request"):
        match_request(requester=enterprise_user, listing=technology)
    assert MatchRequest.objects.count() == 1


def test_unpublished_listing_cannot_be_requested(technology, enterprise_user):
    technology.status = "draft"
    technology.save()
    with pytest.raises(ValidationError, match="not published"):
        match_request(requester=enterprise_user, listing=technology)
    assert not MatchRequest.objects.exists()


@pytest.mark.smoke
def test_decline_requires_a_structured_reason_and_the_requester_sees_it(
    technology, enterprise_user, researcher
):
    mr = match_request(requester=enterprise_user, listing=technology)
    with pytest.raises(ValidationError, match="Choose a reason"):
        services.decline_match_request(match_request=mr, user=researcher, reason="")
    with pytest.raises(ValidationError, match="Explain the reason"):
        services.decline_match_request(match_request=mr, user=researcher, reason="other", detail=" ")
    mr.refresh_from_db()
    assert mr.status == MatchRequest.Status.PENDING
    with pytest.raises(PermissionDenied):
        services.decline_match_request(match_request=mr, user=enterprise_user, reason="budget")
    services.decline_match_request(
        match_request=mr, user=researcher, reason="already_licensed", detail="已独家许可给另一家企业。"
    )
    mr.refresh_from_db()
    assert (mr.status, mr.decline_reason, mr.decline_detail) == (
        "declined",
        "already_licensed",
        "已独家许可给另一家企业。",
    )
    notice = Notification.objects.get(recipient=enterprise_user, kind="match_request.declined")
    assert "Reason: Already licensed" in notice.body and "已独家许可给另一家企业。" in notice.body


def test_thread_messages_only_for_participants_and_rate_limited(
    technology, enterprise_user, researcher, outsider, settings
):
    settings.DEALFLOW_MESSAGES_PER_MINUTE = 3
    mr = match_request(requester=enterprise_user, listing=technology)
    with pytest.raises(ValidationError, match="opens once the request is accepted"):
        services.post_message(match_request=mr, author=enterprise_user, body="你好")
    mr = services.accept_match_request(match_request=mr, user=researcher)
    with pytest.raises(PermissionDenied):
        services.post_message(match_request=mr, author=outsider, body="让我看看")
    for i in range(3):
        services.post_message(match_request=mr, author=enterprise_user, body=f"消息{i}")
    with pytest.raises(services.RateLimited):
        services.post_message(match_request=mr, author=enterprise_user, body="太快了")
    assert list(ThreadMessage.objects.values_list("body", flat=True)) == ["消息0", "消息1", "消息2"]
    assert Notification.objects.filter(recipient=researcher, kind="thread.message").count() == 3


def test_confidential_files_wait_for_the_nda_acknowledged_by_both_sides(
    technology, enterprise_user, researcher
):
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    with pytest.raises(ValidationError, match="acknowledged the NDA"):
        services.share_file(match_request=mr, user=researcher, upload=pdf("data.pdf"), confidential=True)
    with pytest.raises(ValidationError, match="must be a PDF"):
        services.attach_nda(
            match_request=mr, user=researcher, upload=SimpleUploadedFile("nda.pdf", b"not a pdf at all")
        )
    services.attach_nda(match_request=mr, user=researcher, upload=pdf())
    services.acknowledge_nda(match_request=mr, user=researcher)
    mr.refresh_from_db()
    assert not mr.nda_in_force
    services.acknowledge_nda(match_request=mr, user=enterprise_user)
    mr.refresh_from_db()
    assert mr.nda_in_force
    shared = services.share_file(match_request=mr, user=researcher, upload=pdf("data.pdf"), confidential=True)
    assert shared.confidential and shared.content_type == "application/pdf"


def test_upload_is_checked_by_content_not_name(technology, enterprise_user, researcher):
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    fake = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
    )
    with pytest.raises(ValidationError, match="Only PDF, Word"):
        services.share_file(match_request=mr, user=researcher, upload=fake)
    renamed = SimpleUploadedFile("report.docx", PDF)
    with pytest.raises(ValidationError, match=r"\.docx.*application/pdf"):
        services.share_file(match_request=mr, user=researcher, upload=renamed)
    assert not mr.files.exists()


def test_full_path_to_a_registered_deal_with_evaluations(
    technology, enterprise_user, researcher, broker, editor
):
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    services.assign_broker(match_request=mr, broker=broker, assigned_by=editor)
    services.move_stage(match_request=mr, user=broker, stage="negotiating")
    services.move_stage(match_request=mr, user=enterprise_user, stage="agreement")
    with pytest.raises(ValidationError) as error:
        services.record_registration(
            match_request=mr,
            user=researcher,
            contract_type="x",
            amount_cny="-1",
            signed_on=timezone.localdate() + datetime.timedelta(days=3),
            registration_number="",
        )
    assert set(error.value.message_dict) == {
        "contract_type",
        "amount_cny",
        "signed_on",
        "registration_number",
    }
    services.record_registration(
        match_request=mr,
        user=researcher,
        contract_type="license",
        amount_cny="1200000",
        signed_on=timezone.localdate(),
        registration_number="12011620260001",
    )
    services.confirm_outcome(match_request=mr, user=enterprise_user, outcome="deal")
    mr.refresh_from_db()
    assert mr.stage == "registration"
    services.confirm_outcome(match_request=mr, user=researcher, outcome="deal")
    mr.refresh_from_db()
    assert mr.stage == "closed_deal" and mr.closed_at is not None
    services.evaluate(
        match_request=mr, user=enterprise_user, counterpart_rating=5, service_rating=4, comment="响应迅速"
    )
    services.evaluate(match_request=mr, user=researcher, counterpart_rating=4, service_rating=5)
    with pytest.raises(ValidationError, match="already evaluated"):
        services.evaluate(match_request=mr, user=enterprise_user, counterpart_rating=1, service_rating=1)
    assert evaluation_figures(technology.organisation) == {"count": 1, "rating": 5.0, "service": 4.0}
    actions = list(AuditEntry.objects.filter(object_id=mr.pk).order_by("pk").values_list("action", flat=True))
    assert actions == [
        "requested",
        "accepted",
        "broker_assigned",
        "stage",
        "stage",
        "registered",
        "outcome_confirmed",
        "outcome_confirmed",
        "closed",
        "evaluated",
        "evaluated",
    ]


def test_only_editors_assign_brokers_and_only_brokers_can_be_assigned(
    technology, enterprise_user, broker, investor, editor
):
    mr = match_request(requester=enterprise_user, listing=technology)
    with pytest.raises(PermissionDenied):
        services.assign_broker(match_request=mr, broker=broker, assigned_by=broker)
    with pytest.raises(ValidationError, match="not a technology broker"):
        services.assign_broker(match_request=mr, broker=investor, assigned_by=editor)
    mr = services.assign_broker(match_request=mr, broker=broker, assigned_by=editor)
    assert mr.side_of(broker) == "broker"
    assert Notification.objects.filter(recipient=broker, kind="match_request.broker").count() == 1


def test_disagreeing_outcomes_do_not_close(technology, enterprise_user, researcher):
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    services.confirm_outcome(match_request=mr, user=enterprise_user, outcome="no_deal")
    with pytest.raises(ValidationError, match="registration before confirming a deal"):
        services.confirm_outcome(match_request=mr, user=researcher, outcome="deal")
    mr.refresh_from_db()
    assert mr.stage == "introduced" and mr.owner_outcome == ""


@pytest.mark.smoke
def test_reminder_fires_before_the_deadline_once_then_the_request_expires(
    technology, enterprise_user, researcher
):
    mr = match_request(requester=enterprise_user, listing=technology)
    day_before = mr.response_deadline - datetime.timedelta(hours=20)
    assert services.send_deadline_reminders(now=mr.response_deadline - datetime.timedelta(days=5)) == 0
    assert services.send_deadline_reminders(now=day_before) == 1
    assert services.send_deadline_reminders(now=day_before + datetime.timedelta(minutes=30)) == 0
    reminder = Notification.objects.get(recipient=researcher, kind="match_request.reminder")
    assert reminder.action_deadline == mr.response_deadline
    assert reminder.title == f"Reminder: answer the introduction request for {technology.title}"
    services.send_deadline_reminders(now=mr.response_deadline + datetime.timedelta(minutes=1))
    mr.refresh_from_db()
    assert mr.status == "expired"
    assert Notification.objects.filter(recipient=enterprise_user, kind="match_request.expired").count() == 1


def test_responsiveness_counts_answers_in_time_and_the_median(
    technology, enterprise_user, researcher, outsider, investor
):
    first = match_request(requester=enterprise_user, listing=technology)
    MatchRequest.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(hours=10))
    services.accept_match_request(match_request=first, user=researcher)
    second = match_request(requester=outsider, listing=technology)
    MatchRequest.objects.filter(pk=second.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=9),
        response_deadline=timezone.now() - datetime.timedelta(days=2),
    )
    services.decline_match_request(match_request=second, user=researcher, reason="too_early")
    match_request(requester=investor, listing=technology)  # still within its deadline: not counted
    figures = responsiveness(technology.organisation)
    assert figures["counted"] == 2 and figures["answered_in_time"] == 1 and figures["share_in_time"] == 0.5
    assert figures["median_hours"] == pytest.approx((10 + 216) / 2, abs=0.2)


def test_closing_a_listing_ends_its_pending_requests_and_tells_the_requester(technology, enterprise_user):
    pending = match_request(requester=enterprise_user, listing=technology)
    Technology.objects.filter(pk=technology.pk).update(status="withdrawn")
    listings_changed.send(sender=Technology, ids=[technology.pk])
    pending.refresh_from_db()
    assert pending.status == "withdrawn"
    notice = Notification.objects.get(recipient=enterprise_user, kind="match_request.listing_closed")
    assert notice.title == f"{technology.title} is no longer available"
    assert responsiveness(technology.organisation)["counted"] == 0


def test_the_api_names_the_listing_in_the_readers_language(client, technology, enterprise_user):
    technology.translated_title = "Sodium-ion battery cathode material"
    technology.save()
    mr = match_request(requester=enterprise_user, listing=technology)
    client.force_login(enterprise_user)
    titles = {
        language: client.get(f"/api/v1/deals/requests/{mr.pk}/", HTTP_ACCEPT_LANGUAGE=language).json()[
            "listing_title"
        ]
        for language in ("en", "zh-CN")
    }
    assert titles == {"en": "Sodium-ion battery cathode material", "zh-CN": "钠离子电池正极材料"}
