"""A broker takes part in a match request's private thread only while they belong to the agency they
were assigned through: one who leaves it loses the thread, its files and its notices (page, API and
download alike); the agency's current brokers keep theirs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership
from dealflow import services as dealflow
from dealflow.models import MatchRequest
from notifications.models import Notification
from tests.factories.dealflow import match_request

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def brokered(researcher, demand, technology, enterprise, broker, editor):
    """An accepted request about the demand, offering the technology, brokered by the agency's broker,
    with a message and a file in its thread."""
    mr = match_request(requester=researcher, listing=demand, technology=technology, accept=True)
    mr = dealflow.assign_broker(match_request=mr, broker=broker, assigned_by=editor)
    dealflow.post_message(match_request=mr, author=enterprise, body="附上中试数据摘要。")
    thread_file = dealflow.share_file(
        match_request=mr,
        user=enterprise,
        upload=SimpleUploadedFile("data.pdf", PDF, content_type="application/pdf"),
    )
    return MatchRequest.objects.get(pk=mr.pk), thread_file


def _sees(client, person, mr, thread_file):
    client.force_login(person)
    page = client.get(f"/en/deals/requests/{mr.pk}/")
    api = client.get(f"/api/v1/deals/requests/{mr.pk}/messages/")
    download = client.get(f"/en/deals/requests/{mr.pk}/files/{thread_file.pk}/")
    listed = [row["id"] for row in client.get("/api/v1/deals/requests/").json()["results"]]
    return page.status_code, api.status_code, download.status_code, mr.pk in listed


def test_a_broker_who_leaves_the_agency_loses_the_thread_files_and_notices(
    client, brokered, broker, second_broker, agency_org, enterprise, editor
):
    mr, thread_file = brokered
    assert _sees(client, broker, mr, thread_file) == (200, 200, 200, True)
    assert Notification.objects.filter(recipient=broker, kind="thread.message").count() == 1

    Membership.objects.filter(user=broker, organisation=agency_org).delete()

    assert _sees(client, broker, mr, thread_file) == (404, 404, 404, False)
    assert mr.side_of(type(broker).objects.get(pk=broker.pk)) is None
    dealflow.post_message(match_request=mr, author=enterprise, body="报价单已更新。")
    assert Notification.objects.filter(recipient=broker, kind="thread.message").count() == 1

    # The agency's current broker, assigned in their place, takes part.
    mr = dealflow.assign_broker(match_request=mr, broker=second_broker, assigned_by=editor)
    client.logout()
    assert _sees(client, second_broker, mr, thread_file) == (200, 200, 200, True)
    dealflow.post_message(match_request=mr, author=enterprise, body="下周面谈。")
    assert Notification.objects.filter(recipient=second_broker, kind="thread.message").count() == 1


def test_a_broker_who_leaves_the_agency_loses_the_brokerage_requests_thread_and_notices(
    client, agency, agency_admin, broker, agency_org, enterprise, demand
):
    """The same rule for the network's own brokerage request: its named broker takes part only while
    they belong to the agency (page, API, inbox and notices alike)."""
    from network import services as network  # noqa: PLC0415 — only this test needs the network's services

    brokerage_request = network.request_brokerage(
        requester=enterprise, agency=agency, demand=demand, message="请协助寻找低温电池技术方案。"
    )
    network.accept_brokerage_request(brokerage_request=brokerage_request, user=agency_admin, broker=broker)
    network.post_message(brokerage_request=brokerage_request, author=enterprise, body="预算三百万元以内。")

    def sees():
        client.force_login(broker)
        page = client.get(f"/en/network/requests/{brokerage_request.pk}/")
        api = client.get(f"/api/v1/network/requests/{brokerage_request.pk}/messages/")
        inbox = client.get("/en/network/requests/")
        return page.status_code, api.status_code, brokerage_request in inbox.context["assigned"]

    assert sees() == (200, 200, True)
    notices = Notification.objects.filter(recipient=broker, kind="network.thread_message")
    assert notices.count() == 1

    Membership.objects.filter(user=broker, organisation=agency_org).delete()

    assert sees()[0] in (403, 404) and sees()[1] in (403, 404) and sees()[2] is False
    network.post_message(brokerage_request=brokerage_request, author=enterprise, body="下周面谈。")
    assert notices.count() == 1
