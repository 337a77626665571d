import datetime as dt
from zoneinfo import ZoneInfo

import factory

from listings.models import Technology
from roadshow.models import PitchApplication, Registration, RoadshowSeries, RoadshowSession
from tests.factories import OrganisationFactory, TrackFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


class TechnologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technology

    title = factory.Sequence(lambda n: f"钠离子电池正极材料{n}")
    summary = "低成本、长循环的钠离子电池正极材料。"
    track = factory.SubFactory(
        TrackFactory, slug="advanced-energy", name_zh="先进能源", name_en="Advanced energy"
    )
    organisation = factory.SubFactory(OrganisationFactory)
    status = "published"
    trl = 6


class RoadshowSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadshowSeries

    title = factory.Sequence(lambda n: f"先进能源周路演{n}")
    title_en = factory.Sequence(lambda n: f"Advanced energy weekly roadshow {n}")
    slug = factory.Sequence(lambda n: f"weekly-{n}")
    rrule = "FREQ=WEEKLY;BYDAY=TH"
    first_start = dt.datetime(2026, 11, 26, 14, 0, tzinfo=SHANGHAI)
    stream_url = "https://meeting.example.test/roadshow"
    capacity = 50
    is_active = False  # tests generate explicitly


class RoadshowSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadshowSession

    title = factory.Sequence(lambda n: f"路演专场{n}")
    starts_at = factory.LazyFunction(
        lambda: (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    stream_url = "https://meeting.example.test/roadshow"
    capacity = 50


class PitchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PitchApplication

    technology = factory.SubFactory(TechnologyFactory)
    applicant = None
    ask = PitchApplication.Ask.INVESTMENT
    stage = "中试线运行，三家客户试用"
    team = "王研究员（首席科学家）与五人工程团队"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    status = Registration.Status.CONFIRMED
