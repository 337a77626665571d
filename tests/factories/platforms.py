import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from platforms import services
from platforms.models import VerificationCentre
from tests.factories.accounts import OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class VerificationCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VerificationCentre
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind="platform")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    name_zh = factory.Sequence(lambda n: f"滨海中试基地{n}")
    name_en = factory.Sequence(lambda n: f"Binhai Pilot Platform {n}")
    summary_zh = "电池材料百公斤级中试放大与储能场景验证。"
    summary_en = "Pilot runs of battery materials and energy-storage scenario validation."
    covers_pilot = True
    covers_scenario = True
    equipment = "百公斤级固相合成线；高低温循环测试柜。"
    capacity = "每月四批次。"
    lead_time_days = 21
    is_published = True
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def ask(*, requester, technology, centre, **overrides):
    """A valid slot request through the service."""
    today = timezone.localdate()
    data = {
        "stage": "pilot",
        "what_to_test": "放大到百公斤级后克容量与低温容量保持率是否保持。",
        "sample": "小试样品五公斤。",
        "earliest_start": today + datetime.timedelta(days=7),
        "latest_end": today + datetime.timedelta(days=60),
        "budget_cny": "80000",
        **overrides,
    }
    return services.request_slot(requester=requester, technology=technology, centre=centre, **data)


def reported(*, requester, operator, technology, centre, trl_supported=7):
    """A request taken through acceptance and work to an attached (private) report."""
    slot_request = ask(requester=requester, technology=technology, centre=centre)
    services.accept_slot_request(
        slot_request=slot_request,
        user=operator,
        start_date=timezone.localdate() + datetime.timedelta(days=10),
        price_cny="72000",
    )
    services.start_validation(slot_request=slot_request, user=operator)
    return services.attach_report(
        slot_request=slot_request,
        user=operator,
        title="百公斤级中试验证报告",
        findings="三批次克容量一百二十八毫安时每克，低温保持率百分之九十一。",
        outcome="passed",
        trl_supported=trl_supported,
        upload=pdf(),
    )
