"""Demo roadshow: weekly sessions for three tracks, a monthly cross-track investor day, and every
upcoming session's agenda filled from the rolling pool of the demo technologies (2 to 4 pitches, the
track's own technologies for a track series, all tracks for the investor day). Idempotent: series
by slug, and a session already holding two pitches is left as it is."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

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

    placed = sum(
        _fill_agendas(series, _pool(series.track.slug if series.track else None))
        for series in series_by_track.values()
    )
    if stdout is not None:
        stdout.write(f"roadshow: {len(SERIES)} series, {placed} pitches placed\n")


MIN_PITCHES, MAX_PITCHES = 2, 4

# The pitch's stage and team in the technology's own language.
PITCH_TEXT = {
    "zh": ("{stage}，寻求{ask}", "{organisation} 项目团队：首席科学家与工程化团队"),
    "en": (
        "{stage}; looking for {ask}",
        "{organisation} project team: principal scientist and engineering team",
    ),
}
ASK_TEXT = {
    "zh": {PitchApplication.Ask.INVESTMENT: "投资", PitchApplication.Ask.LICENSEE: "许可受让方"},
    "en": {PitchApplication.Ask.INVESTMENT: "investment", PitchApplication.Ask.LICENSEE: "a licensee"},
}
STAGE_TEXT = {"zh": "中试验证", "en": "pilot-scale verification"}


def _pool(track_slug):
    """The demo technologies a series draws its pitches from, in a stable order."""
    technologies = Technology.objects.published().select_related("track", "organisation", "created_by")
    if track_slug:
        technologies = technologies.filter(track__slug=track_slug)
    return list(technologies.order_by("ref"))


def _fill_agendas(series, pool):
    """Give each upcoming session of the series 2 to 4 pitches, rotating through the pool so each
    week shows a different running order. Returns the number of pitches placed."""
    if len(pool) < MIN_PITCHES:
        return 0
    placed = 0
    wanted = min(len(pool), MAX_PITCHES if series.track is None else 3)
    for week, session in enumerate(series.sessions.upcoming().prefetch_related("pitches")):
        on_agenda = {pitch.technology_id for pitch in session.pitches.all()}
        if len(on_agenda) >= MIN_PITCHES:
            continue
        rotated = pool[week % len(pool) :] + pool[: week % len(pool)]
        for technology in rotated:
            if len(on_agenda) >= wanted:
                break
            applicant = technology.created_by or members_of(technology.organisation).first()
            if applicant is None or technology.pk in on_agenda:
                continue
            language = "en" if technology.language == "en" else "zh"
            ask = PitchApplication.Ask.INVESTMENT if placed % 2 == 0 else PitchApplication.Ask.LICENSEE
            _stage, team = PITCH_TEXT[language]
            # The stage in both languages (shown in the reader's); the team as the team wrote it.
            PitchApplication.objects.create(
                technology=technology,
                applicant=applicant,
                ask=ask,
                stage=PITCH_TEXT["zh"][0].format(stage=STAGE_TEXT["zh"], ask=ASK_TEXT["zh"][ask]),
                stage_en=PITCH_TEXT["en"][0].format(stage=STAGE_TEXT["en"], ask=ASK_TEXT["en"][ask]),
                team=team.format(organisation=technology.organisation.name),
                status=PitchApplication.Status.ACCEPTED,
                session=session,
                slot_order=len(on_agenda) + 1,
                duration_minutes=20,
            )
            on_agenda.add(technology.pk)
            placed += 1
    return placed
