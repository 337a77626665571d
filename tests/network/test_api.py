"""The API under /api/v1/network/ runs the same services as the pages."""

from decimal import Decimal

from network.models import BrokerageRequest, FigureDispute
from tests.factories.network import deal


def test_agencies_with_figures_and_filters(client, agency, broker, demand, technology, researcher, editor):
    deal(
        requester=researcher,
        demand=demand,
        technology=technology,
        broker=broker,
        amount="900000",
        editor=editor,
    )
    rows = client.get("/api/v1/network/agencies/").json()["results"]
    assert [row["slug"] for row in rows] == ["binhai-ttc"]
    assert rows[0]["services"] == ["matchmaking", "negotiation", "registration"]
    assert rows[0]["figures"]["introductions"] == 1
    assert rows[0]["figures"]["contracts"] == 1
    assert Decimal(rows[0]["figures"]["value"]) == Decimal("900000")
    assert client.get("/api/v1/network/agencies/?track=bio-manufacturing").json()["results"] == []
    bad = client.get("/api/v1/network/agencies/?service=astrology")
    assert bad.status_code == 400
    detail = client.get("/api/v1/network/agencies/binhai-ttc/").json()
    assert [b["name"] for b in detail["brokers"]] == ["孙经纪"]
    assert detail["brokers"][0]["figures"]["contracts"] == 1
    broker_data = client.get(f"/api/v1/network/brokers/{broker.broker_profile.pk}/").json()
    assert (broker_data["agency"], broker_data["figures"]["introductions"]) == ("binhai-ttc", 1)


def test_request_accept_and_thread_through_the_api(
    client, agency, agency_admin, broker, enterprise, demand, outsider
):
    client.force_login(enterprise)
    response = client.post(
        "/api/v1/network/requests/",
        {
            "agency": "binhai-ttc",
            "demand_ref": demand.ref,
            "message": "请协助撮合低温电池技术。",
            "services_wanted": ["negotiation"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    short = client.post(
        "/api/v1/network/requests/",
        {"agency": "binhai-ttc", "demand_ref": demand.ref, "message": "短"},
        content_type="application/json",
    )
    assert short.status_code == 400
    client.force_login(outsider)
    assert client.get(f"/api/v1/network/requests/{pk}/").status_code == 404
    assert client.get(f"/api/v1/network/requests/{pk}/messages/").status_code == 404
    client.force_login(enterprise)
    refused = client.post(
        f"/api/v1/network/requests/{pk}/answer/",
        {"action": "accept", "broker": broker.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(agency_admin)
    accepted = client.post(
        f"/api/v1/network/requests/{pk}/answer/",
        {"action": "accept", "broker": broker.pk},
        content_type="application/json",
    )
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["broker"]) == ("accepted", "孙经纪")
    message = client.post(
        f"/api/v1/network/requests/{pk}/messages/",
        {"body": "孙经纪将与您联系。"},
        content_type="application/json",
    )
    assert message.status_code == 201
    client.force_login(broker)
    thread = client.get(f"/api/v1/network/requests/{pk}/messages/").json()["results"]
    assert [m["body"] for m in thread] == ["孙经纪将与您联系。"]
    assert BrokerageRequest.objects.get(pk=pk).broker == broker


def test_dispute_through_the_api(client, agency, broker, demand, technology, researcher, editor, outsider):
    mr = deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    assert client.post(
        "/api/v1/network/disputes/", {"deal": mr.pk, "reason": "x"}, content_type="application/json"
    ).status_code in (401, 403)
    client.force_login(outsider)
    response = client.post(
        "/api/v1/network/disputes/",
        {"deal": mr.pk, "reason": "该合同并非由该经纪人撮合。"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert FigureDispute.objects.get().status == "open"
    unknown = client.post(
        "/api/v1/network/disputes/",
        {"deal": 999999, "reason": "该合同并非由该经纪人撮合。"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
