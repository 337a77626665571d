from django.core.management import call_command
from django.test import Client

from funding.models import Application, FinancialProduct, ProductRequest, Programme


def test_demo_has_a_fund_and_a_validated_technology_funded_in_both_languages_and_loads_once(db):
    call_command("load_demo", verbosity=0)
    counts = (Programme.objects.count(), Application.objects.count(), ProductRequest.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Programme.objects.count(), Application.objects.count(), ProductRequest.objects.count()) == counts
    assert [
        (p.slug, p.stage, p.organisation.kind, p.organisation.is_verified)
        for p in Programme.objects.order_by("slug")
    ] == [
        ("demo-new-energy-pilot-fund", "pilot", "fund", True),
        ("demo-proof-of-concept-fund", "poc", "fund", True),
    ]
    assert sorted(FinancialProduct.objects.values_list("kind", flat=True)) == ["insurance", "ip_pledge_loan"]
    application = Application.objects.get(technology__ref="DEMO-T01")
    assert (application.status, application.funded_stage, application.amount_awarded_cny) == (
        "funded",
        "pilot",
        1500000,
    )
    assert [t.is_released for t in application.tranches.all()] == [True, True]
    assert application.evidence.count() == 1 and application.rounds.get().answered_at is not None

    client = Client()
    english = application.technology.get_absolute_url()
    assert 'data-testid="funded-stage">Pilot-scale' in client.get(english).content.decode()
    chinese = client.get(english.removeprefix("/en")).content.decode()
    assert 'data-testid="funded-stage">' in chinese and "示例滨海科技成果转化基金管理有限公司" in chinese
    assert "Binhai New Energy Pilot Fund (demo)" in client.get("/en/funding/").content.decode()
    assert client.login(email="fund@demo.binhai.test", password="binhai-demo-2026")
