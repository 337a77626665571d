from django.core.management import call_command
from django.test import Client
from django.utils import translation

from platforms.models import CentreRate, SlotRequest, ValidationReport, VerificationCentre


def test_demo_has_two_bilingual_centres_and_a_validated_technology_and_loads_once(db):
    call_command("load_demo", verbosity=0)
    counts = (VerificationCentre.objects.count(), CentreRate.objects.count(), SlotRequest.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        VerificationCentre.objects.count(),
        CentreRate.objects.count(),
        SlotRequest.objects.count(),
    ) == counts
    centres = VerificationCentre.objects.published().order_by("slug")
    assert [(c.slug, c.stages, c.organisation.kind, c.organisation.is_verified) for c in centres] == [
        ("biomanufacturing-poc-centre", ["research", "pilot"], "platform", True),
        ("new-energy-materials-pilot", ["pilot", "scenario"], "platform", True),
    ]
    assert all(c.name_en and c.summary_en and c.name_zh and c.summary_zh for c in centres)
    slot_request = SlotRequest.objects.get(technology__ref="DEMO-T01")
    assert slot_request.status == "reported" and slot_request.messages.count() == 2
    report = ValidationReport.objects.get(slot_request=slot_request)
    assert (report.is_public, report.outcome, report.trl_supported, report.trl_review) == (
        True,
        "passed",
        7,
        "pending",
    )

    client = Client()
    with translation.override("zh-hans"):
        url = slot_request.technology.get_absolute_url()
    page = client.get(url).content.decode()
    assert "百公斤级中试验证报告" in page
    english_page = client.get("/en" + url).content.decode()
    assert "Pilot verification report at 100 kg scale" in english_page
    english = client.get("/en/platforms/").content.decode()
    assert "Demo Binhai New Energy Materials Pilot Platform" in english
    assert client.login(email="platform@demo.binhai.test", password="binhai-demo-2026")
