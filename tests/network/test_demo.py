from decimal import Decimal

from django.core.management import call_command
from django.test import Client

from network import figures
from network.models import Agency, BrokerageRequest, BrokerProfile


def test_demo_has_two_bilingual_agencies_whose_brokered_deals_give_figures_and_loads_once(db):
    call_command("load_demo", verbosity=0)
    counts = (Agency.objects.count(), BrokerProfile.objects.count(), BrokerageRequest.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Agency.objects.count(), BrokerProfile.objects.count(), BrokerageRequest.objects.count()) == counts
    agencies = list(Agency.objects.published().order_by("slug"))
    assert [(a.slug, a.organisation.kind, a.organisation.is_verified) for a in agencies] == [
        ("demo-ip-operations", "agency", True),
        ("demo-ttc", "agency", True),
    ]
    assert all(a.name_en and a.description_en and a.name_zh and a.description_zh for a in agencies)
    numbers = figures.agency_figures(agencies)
    ip, ttc = (numbers[a.pk] for a in agencies)
    assert (ip["brokers"], ip["introductions"], ip["contracts"], ip["value"]) == (1, 2, 1, Decimal("2600000"))
    assert (ttc["brokers"], ttc["contracts"], ttc["value"]) == (2, 1, Decimal("1800000"))
    assert ttc["response"]["answered"] == 1
    assert BrokerageRequest.objects.filter(status="pending").count() == 1

    client = Client()
    english = client.get("/en/network/").content.decode()
    assert (
        "Demo Binhai IP Operations Centre" in english
        and "Demo Technology Transfer Services Centre" in english
    )
    chinese = client.get("/network/demo-ttc/").content.decode()
    assert 'data-testid="agency-figures-value">180万元<' in chinese and "陈经纪人" in chinese
    assert client.login(email="ipbroker@demo.binhai.test", password="binhai-demo-2026")
