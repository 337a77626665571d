"""Demo roadshow: weekly sessions for three tracks, a monthly cross-track investor day, and a few
accepted pitches from the demo technologies. Idempotent (series by slug, pitches by technology)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from accounts.queries import members_of
from listings.models import Technology
from roadshow import services
from roadshow.models import PitchApplication, RoadshowSeries
from taxonomy.models import Track

SHANGHAI = ZoneInfo("Asia/Shanghai")

SERIES = [
    # slug, track, title, English title, rule, first start (local), price, description, English description
    (
        "advanced-energy-weekly",
        "advanced-energy",
        "先进能源每周路演",
        "Advanced energy weekly roadshow",
        "FREQ=WEEKLY;BYDAY=TH",
        (2026, 11, 26, 14, 0),
        0,
        "每周四下午，氢能、储能与新型电池成果面向投资机构和产业链企业路演。",
        "Thursday afternoons: hydrogen, storage and new battery technologies pitch to investors and companies along the value chain.",
    ),
    (
        "new-materials-weekly",
        "new-materials",
        "新型材料每周路演",
        "New materials weekly roadshow",
        "FREQ=WEEKLY;BYDAY=TU",
        (2026, 12, 1, 15, 0),
        0,
        "每周二下午，高端金属、先进高分子与前沿新材料成果路演。",
        "Tuesday afternoons: advanced metals, high-performance polymers and frontier materials.",
    ),
    (
        "bio-manufacturing-weekly",
        "bio-manufacturing",
        "生物制造每周路演",
        "Bio-manufacturing weekly roadshow",
        "FREQ=WEEKLY;BYDAY=WE",
        (2026, 12, 2, 10, 0),
        0,
        "每周三上午，合成生物、酶工程与生物基材料成果路演。",
        "Wednesday mornings: synthetic biology, enzyme engineering and bio-based materials.",
    ),
    (
        "investor-day-monthly",
        None,
        "滨海未来产业投资人日",
        "Binhai future industries investor day",
        "FREQ=MONTHLY;BYDAY=-1FR",
        (2026, 11, 27, 9, 30),
        299,
        "每月最后一个周五，八大赛道精选成果集中路演，投资机构一对一对接。",
        "The last Friday of each month: selected technologies from all eight tracks, with one-to-one meetings for investors.",
    ),
]


def _stage(technology, language):
    with translation.override(language):
        return str(technology.get_development_stage_display())


def load(stdout=None):
    """Create the demo series, generate their sessions and place a few pitches.

    Side effects: RoadshowSeries, RoadshowSession and PitchApplication rows.
    """

    tracks = {t.slug: t for t in Track.objects.all()}
    series_by_track = {}
    for slug, track_slug, title, title_en, rule, start, price, description, description_en in SERIES:
        series, _created = RoadshowSeries.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "title_en": title_en,
                "track": tracks.get(track_slug) if track_slug else None,
                "rrule": rule,
                "first_start": dt.datetime(*start, tzinfo=SHANGHAI),
                "price_cny": price,
                "capacity": 200 if price else 100,
                "format": "both" if price else "online",
                "venue": "天津经济技术开发区 滨海科技成果转化中心 路演厅" if price else "",
                "venue_en": "Roadshow hall, Binhai Technology Transfer Centre, TEDA" if price else "",
                "stream_url": f"https://meeting.example.cn/binhai/{slug}",
                "description": description,
                "description_en": description_en,
                "is_active": True,
            },
        )
        services.generate_sessions(series=series, now=timezone.now())
        series_by_track[track_slug] = series

    placed = 0
    technologies = Technology.objects.published().select_related("track").order_by("ref")
    for technology in technologies[:40]:
        series = series_by_track.get(technology.track.slug) or series_by_track[None]
        session = series.sessions.upcoming().first()
        applicant = technology.created_by or members_of(technology.organisation).first()
        if session is None or applicant is None:
            continue
        if session.pitches.count() >= 4 or PitchApplication.objects.filter(technology=technology).exists():
            continue
        PitchApplication.objects.create(
            technology=technology,
            applicant=applicant,
            ask=PitchApplication.Ask.INVESTMENT if placed % 2 == 0 else PitchApplication.Ask.LICENSEE,
            stage=_stage(technology, "zh-hans") or "中试验证",
            stage_en=_stage(technology, "en") or "Pilot-scale verification",
            team=f"{technology.organisation.name} 项目团队",
            status=PitchApplication.Status.ACCEPTED,
            session=session,
            slot_order=session.pitches.count() + 1,
            duration_minutes=20,
        )
        placed += 1
        if placed >= 8:
            break
    if stdout is not None:
        stdout.write(f"roadshow: {len(SERIES)} series, {placed} pitches placed\n")
