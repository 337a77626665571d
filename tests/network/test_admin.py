"""Editors manage agencies and brokers and resolve disputes in the admin, through the services."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.models import AuditEntry
from network import figures, services
from network.models import Agency, BrokerProfile
from tests.factories.network import deal


def test_editor_publishes_an_agency_only_for_a_verified_agency_organisation(
    client, editor, agency_org, university, tracks
):
    client.force_login(editor)
    data = {
        "organisation": university.pk,
        "slug": "new-agency",
        "name_zh": "新机构",
        "name_en": "New agency",
        "description_zh": "简介",
        "description_en": "About",
        "tracks": [tracks[6].pk],
        "languages": ["zh", "en"],
        "fee_model": "success",
        "is_published": "on",
    }
    response = client.post("/admin/network/agencies/new/", data)
    assert response.status_code == 200
    assert "所属机构的类型必须是“技术转移机构”。" in response.content.decode()  # the admin speaks Chinese
    assert not Agency.objects.exists()
    response = client.post("/admin/network/agencies/new/", {**data, "organisation": agency_org.pk})
    assert response.status_code == 302
    agency = Agency.objects.get()
    assert (agency.is_published, agency.languages) == (True, ["zh", "en"])
    assert list(agency.tracks.values_list("slug", flat=True)) == ["advanced-energy"]
    assert AuditEntry.objects.filter(action="created", actor=editor, object_id=agency.pk).exists()


def test_a_broker_must_hold_the_role_and_belong_to_the_agency(agency, editor, enterprise, outsider):
    with pytest.raises(ValidationError) as error:
        services.save_broker(
            profile=BrokerProfile(user=enterprise, agency=agency, headline_zh="经纪人", headline_en="Broker"),
            user=editor,
        )
    assert error.value.message_dict == {"user": ["赵经理 does not hold the technology-broker role."]}


def test_editor_upholds_a_dispute_in_the_admin_and_the_deal_leaves_the_figures(
    client, agency, broker, demand, technology, researcher, editor, outsider
):
    mr = deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    dispute = services.raise_dispute(match_request=mr, user=outsider, reason="这个合同并非经该经纪人撮合。")
    client.force_login(outsider)
    assert client.get(f"/admin/network/disputes/edit/{dispute.pk}/").status_code in (302, 403)
    client.force_login(editor)
    response = client.post(
        f"/admin/network/disputes/edit/{dispute.pk}/", {"decision": "uphold", "resolution_note": ""}
    )
    assert response.status_code == 200
    assert "请向提出异议的人说明处理结果。" in response.content.decode()
    assert figures.agency_figures([agency])[agency.pk]["contracts"] == 1
    response = client.post(
        f"/admin/network/disputes/edit/{dispute.pk}/",
        {"decision": "uphold", "resolution_note": "核实后经纪人未参与。"},
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.status, dispute.resolved_by) == ("upheld", editor)
    assert figures.agency_figures([agency])[agency.pk]["contracts"] == 0
    assert AuditEntry.objects.filter(action="figure_dispute_upheld", object_id=mr.pk, actor=editor).exists()
    assert outsider.notifications.get(kind="network.dispute_resolved").title.startswith(
        f"您对交易 #{mr.pk} 的异议"
    )


def test_the_command_prints_the_same_figures(agency, broker, demand, technology, researcher, editor, capsys):
    deal(
        requester=researcher,
        demand=demand,
        technology=technology,
        broker=broker,
        amount="750000",
        editor=editor,
    )
    call_command("agency_figures", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "agency": "binhai-ttc",
            "name": "滨海技术转移中心",
            "introductions": 1,
            "contracts": 1,
            "value_cny": "750000.00",
            "median_answer_hours": None,
            "brokers": [
                {
                    "broker": "孙经纪",
                    "introductions": 1,
                    "contracts": 1,
                    "value_cny": "750000.00",
                    "median_answer_hours": None,
                }
            ],
        }
    ]
