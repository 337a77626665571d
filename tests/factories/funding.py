"""Funding objects in a known state, built through the services where the state matters."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from funding import services
from funding.models import FinancialProduct, Programme
from tests.factories.accounts import OrganisationFactory
from tests.factories.listings import TechnologyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind="fund")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    title_zh = factory.Sequence(lambda n: f"新能源中试基金{n}")
    title_en = factory.Sequence(lambda n: f"New Energy Pilot Fund {n}")
    summary_zh = "支持电池材料和储能技术完成中试放大、电芯试制和场景验证。"
    summary_en = "Backs battery-material and energy-storage technologies through pilot-scale runs."
    stage = "pilot"
    ticket_min_cny = 500000
    ticket_max_cny = 3000000
    min_trl = 5
    documents_zh = "商业计划书\n知识产权证明"
    documents_en = "Business plan\nProof of IP"
    is_published = True
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)

    @factory.post_generation
    def rubric(self, create, extracted, **kwargs):
        if create and not self.criteria.exists():
            for position, (zh, en, points) in enumerate(services.DEFAULT_RUBRIC):
                self.criteria.create(position=position, name_zh=zh, name_en=en, max_points=points)


class FinancialProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialProduct
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind="bank")
    slug = factory.Sequence(lambda n: f"product-{n}")
    kind = "ip_pledge_loan"
    title_zh = "知识产权质押贷款"
    title_en = "IP-pledge loan"
    summary_zh = "以授权发明专利质押，最高五百万元。"
    summary_en = "Pledge granted invention patents, up to five million yuan."
    amount_min_cny = 500000
    amount_max_cny = 5000000
    min_trl = 4
    ip_statuses = ["granted"]
    is_published = True
    published_at = factory.LazyFunction(timezone.now)


def application_data(**overrides):
    return {
        "amount_cny": "1000000",
        "plan": "完成百公斤级中试放大三批次，验证克容量和低温容量保持率，并完成电芯试制。",
        "milestones": "第三个月：中试报告；第六个月：技术许可合同登记。",
        "team": "王研究员（材料）、李工程师（工艺）。",
        **overrides,
    }


def apply(*, applicant, programme, technology, documents=None, **overrides):
    """A valid application through the service (every asked document uploaded unless given)."""
    if documents is None:
        documents = {index: pdf(f"doc{index}.pdf") for index, _label in programme.documents}
    return services.apply(
        applicant=applicant,
        programme=programme,
        technology=technology,
        documents=documents,
        **application_data(**overrides),
    )


def score(
    application,
    reviewer,
    points=(20, 20, 20, 15),
    recommendation="advance",
    comment="材料扎实，建议进入下一步。",
):
    criteria = list(application.programme.criteria.all())
    return services.score_application(
        application=application,
        reviewer=reviewer,
        scores={c.pk: p for c, p in zip(criteria, points, strict=False)},
        comment=comment,
        recommendation=recommendation,
    )


def scored_applications(n, *, applicant, programme, like, scores):
    """``n`` more applications to ``programme``, each for a new published technology of ``like``'s
    organisation and track, scored once per (reviewer, points) in ``scores`` (points None: ``score``'s)."""
    for _ in range(n):
        technology = TechnologyFactory(
            published=True, organisation=like.organisation, track=like.track, trl=6, ip_status="granted"
        )
        application = apply(applicant=applicant, programme=programme, technology=technology)
        for reviewer, points in scores:
            score(application, reviewer, **({"points": points} if points else {}))


def to_last_step(application, reviewer):
    """Score and advance through every step but the last."""
    for _step in application.programme.steps[:-1]:
        score(application, reviewer)
        application = services.advance_application(application=application, user=reviewer)
    score(application, reviewer)
    return application


def funded(application, reviewer, *, tranches=(("400000", "on_award"), ("600000", "validation"))):
    application = to_last_step(application, reviewer)
    return services.decide_application(
        application=application,
        user=reviewer,
        fund=True,
        note="委员会同意资助，分两期拨付。",
        amount_awarded="1000000",
        tranches=list(tranches),
    )


def deadline_in(days):
    return timezone.now() + datetime.timedelta(days=days)
