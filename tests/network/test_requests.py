"""An enterprise asks an agency to broker a demand; the agency accepts and names a broker, who is
assigned to the demand's match requests (running and new) through deal flow's broker mechanism."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry
from dealflow import services as dealflow
from digest import services as digest_services
from network import services
from network.apps import PERIODIC_JOBS
from network.digest import awaiting_answer_items
from network.models import BrokerageRequest
from network.tasks import expire_overdue_requests as expire_task
from notifications.models import Notification
from tests.factories.dealflow import match_request
from tests.factories.listings import TechnologyFactory
from tests.factories.network import deal


def ask(enterprise, agency, demand, **kwargs):
    return services.request_brokerage(
        requester=enterprise,
        agency=agency,
        demand=demand,
        message=kwargs.pop("message", "请协助寻找低温电池技术方案并谈判许可条件。"),
        services_wanted=kwargs.pop("services_wanted", ["matchmaking", "negotiation"]),
        **kwargs,
    )


def test_enterprise_asks_and_the_agency_hears_of_it(agency, agency_admin, broker, enterprise, demand):
    brokerage_request = ask(enterprise, agency, demand)
    assert (brokerage_request.status, brokerage_request.requester_organisation_id) == (
        "pending",
        demand.organisation_id,
    )
    assert brokerage_request.services_wanted_labels == [
        "Matchmaking and introductions",
        "Contract negotiation",
    ]
    titles = set(
        Notification.objects.filter(kind="network.request_received").values_list(
            "recipient__display_name", "title"
        )
    )
    assert titles == {
        ("周主任", f"New brokerage request for {demand.title}"),
        ("孙经纪", f"New brokerage request for {demand.title}"),
    }
    assert AuditEntry.objects.filter(action="requested", object_id=brokerage_request.pk).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"message": "短"}, "Say in at least 10 characters what you need from the agency."),
        ({"services_wanted": ["astrology"]}, "Choose services from the list."),
    ],
)
def test_bad_requests_are_refused_with_a_clear_message(agency, enterprise, demand, change, message):
    with pytest.raises(ValidationError) as error:
        ask(enterprise, agency, demand, **change)
    assert message in error.value.messages
    assert not BrokerageRequest.objects.exists()


def test_only_the_demands_people_ask_and_only_once_at_a_time(agency, enterprise, outsider, demand):
    with pytest.raises(PermissionDenied):
        ask(outsider, agency, demand)
    ask(enterprise, agency, demand)
    with pytest.raises(ValidationError) as error:
        ask(enterprise, agency, demand)
    assert error.value.messages == ["This demand already has an open request with this agency."]


def test_an_unpublished_agency_cannot_be_asked(agency, enterprise, demand):
    agency.is_published = False
    agency.save()
    with pytest.raises(ValidationError) as error:
        ask(enterprise, agency, demand)
    assert error.value.message_dict == {"agency": ["Choose a published agency."]}


def test_accepting_names_a_broker_assigned_to_running_and_new_match_requests(
    agency, agency_admin, broker, enterprise, demand, technology, researcher, university, tracks
):
    running = match_request(requester=researcher, listing=demand, technology=technology, accept=True)
    brokerage_request = ask(enterprise, agency, demand)
    services.accept_brokerage_request(brokerage_request=brokerage_request, user=agency_admin, broker=broker)
    brokerage_request.refresh_from_db()
    running.refresh_from_db()
    assert (brokerage_request.status, brokerage_request.broker, brokerage_request.responded_by) == (
        "accepted",
        broker,
        agency_admin,
    )
    assert running.broker == broker
    assert running.side_of(broker) == "broker"
    entry = AuditEntry.objects.get(action="broker_assigned", object_id=running.pk)
    assert (entry.actor, entry.to_state) == (agency_admin, str(broker.pk))

    later = match_request(
        requester=researcher,
        listing=demand,
        technology=TechnologyFactory(published=True, organisation=university, track=tracks[6]),
    )
    later.refresh_from_db()
    assert later.broker == broker  # a new request about the brokered demand gets the broker at once

    # The broker moves the deal.
    dealflow.move_stage(match_request=running, user=broker, stage="negotiating")
    running.refresh_from_db()
    assert running.stage == "negotiating"


def test_the_broker_must_be_one_the_agency_shows(agency, agency_admin, enterprise, demand, outsider, broker):
    brokerage_request = ask(enterprise, agency, demand)
    with pytest.raises(ValidationError) as error:
        services.accept_brokerage_request(
            brokerage_request=brokerage_request, user=agency_admin, broker=outsider
        )
    assert error.value.message_dict == {"broker": ["Choose one of your agency's brokers."]}
    brokerage_request.refresh_from_db()
    assert brokerage_request.status == "pending"


def test_only_the_agency_answers(agency, enterprise, demand, broker, outsider):
    brokerage_request = ask(enterprise, agency, demand)
    for person in (enterprise, outsider):
        with pytest.raises(PermissionDenied):
            services.accept_brokerage_request(brokerage_request=brokerage_request, user=person, broker=broker)


def test_decline_needs_a_reason_and_tells_the_enterprise(agency, agency_admin, enterprise, demand):
    brokerage_request = ask(enterprise, agency, demand)
    with pytest.raises(ValidationError) as error:
        services.decline_brokerage_request(
            brokerage_request=brokerage_request, user=agency_admin, reason="other"
        )
    assert error.value.message_dict == {"detail": ["Explain the reason when you choose “other”."]}
    services.decline_brokerage_request(
        brokerage_request=brokerage_request,
        user=agency_admin,
        reason="no_capacity",
        detail="本季度经纪人已满。",
    )
    notice = Notification.objects.get(recipient=enterprise, kind="network.request_declined")
    assert notice.title == f"Binhai Technology Transfer Centre declined to broker {demand.title}"
    assert notice.body.startswith("Reason: No broker free now. 本季度经纪人已满。")


def test_an_editor_cannot_be_bypassed_outside_a_brokered_demand(
    agency, agency_admin, broker, demand, technology, researcher
):
    """The agency's authority covers only the demands it accepted to broker."""
    mr = match_request(requester=researcher, listing=demand, technology=technology)
    with pytest.raises(PermissionDenied):
        dealflow.assign_broker(match_request=mr, broker=broker, assigned_by=agency_admin)


def test_thread_is_for_the_parties_only(agency, agency_admin, broker, enterprise, demand, outsider):
    brokerage_request = ask(enterprise, agency, demand)
    services.post_message(
        brokerage_request=brokerage_request, author=agency_admin, body="请问预算范围是多少？"
    )
    services.post_message(brokerage_request=brokerage_request, author=enterprise, body="三百万元以内。")
    with pytest.raises(PermissionDenied):
        services.post_message(brokerage_request=brokerage_request, author=outsider, body="我也想看看。")
    services.withdraw_brokerage_request(brokerage_request=brokerage_request, user=enterprise)
    with pytest.raises(ValidationError):
        services.post_message(brokerage_request=brokerage_request, author=enterprise, body="还在吗？")
    assert list(brokerage_request.messages.values_list("body", flat=True)) == [
        "请问预算范围是多少？",
        "三百万元以内。",
    ]


def test_requests_past_their_deadline_expire_once(agency, enterprise, demand):
    brokerage_request = ask(enterprise, agency, demand)
    later = timezone.now() + datetime.timedelta(days=6)
    assert services.expire_overdue_requests(now=later) == 1
    assert services.expire_overdue_requests(now=later) == 0
    brokerage_request.refresh_from_db()
    assert brokerage_request.status == "expired"


def test_confirmed_outcome_is_what_dealflow_already_records(demand, technology, researcher, broker, editor):
    """Both sides confirm "deal" after the registration (dealflow.services.confirm_outcome); the
    figures read that. One side alone leaves the request at registration."""
    mr = deal(
        requester=researcher,
        demand=demand,
        technology=technology,
        broker=broker,
        confirm=("deal", None),
        editor=editor,
    )
    assert (mr.stage, mr.requester_outcome, mr.owner_outcome) == ("registration", "deal", "")


def test_the_agencys_daily_digest_lists_requests_awaiting_its_answer(
    agency, agency_admin, broker, enterprise, demand
):
    brokerage_request = ask(enterprise, agency, demand)
    mail.outbox.clear()
    assert digest_services.send_user_digest(user=agency_admin, day=timezone.localdate()) is True
    body = mail.outbox[0].body
    assert "Brokerage request awaiting your agency's answer by" in body
    assert f"{demand.ref} {demand.title}" in body
    services.accept_brokerage_request(brokerage_request=brokerage_request, user=agency_admin, broker=broker)
    assert awaiting_answer_items(agency_admin, None) == []
    assert awaiting_answer_items(enterprise, None) == []


def test_the_deadline_task_runs_the_service_and_is_scheduled(agency, enterprise, demand):
    ask(enterprise, agency, demand)
    assert expire_task.delay().get() == 0
    assert PERIODIC_JOBS[0].task == "network.expire_overdue_requests"
