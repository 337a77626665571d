import pytest

from demo import roadshow as demo
from roadshow.models import PitchApplication, RoadshowSeries, RoadshowSession
from tests.factories.roadshow import TechnologyFactory


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_gives_every_upcoming_session_two_to_four_pitches(
    tracks, university, researcher
):
    energy = [
        TechnologyFactory(organisation=university, track=tracks[6], created_by=researcher, language=language)
        for language in ("zh", "zh", "en")
    ]
    demo.load()
    sessions, pitches = RoadshowSession.objects.count(), PitchApplication.objects.count()
    demo.load()
    assert RoadshowSeries.objects.count() == 4
    assert RoadshowSession.objects.count() == sessions > 0
    assert PitchApplication.objects.count() == pitches > 0
    # Sessions of series whose pool has technologies: the energy weekly and the cross-track investor day.
    for slug in ("advanced-energy-weekly", "investor-day-monthly"):
        upcoming = RoadshowSession.objects.upcoming().filter(series__slug=slug)
        assert upcoming.exists()
        for session in upcoming:
            agenda = list(session.pitches.order_by("slot_order"))
            assert 2 <= len(agenda) <= 4
            assert [p.slot_order for p in agenda] == list(range(1, len(agenda) + 1))
            assert len({p.technology_id for p in agenda}) == len(agenda)
            assert all(p.status == "accepted" for p in agenda)
    # A track with no demo technology gets no made-up pitches.
    assert not PitchApplication.objects.filter(session__series__slug="new-materials-weekly").exists()
    # The stage reads in both languages (each reader sees theirs); the team as the team wrote it.
    english = PitchApplication.objects.filter(technology=energy[2]).first()
    assert english.stage in ("中试验证，寻求投资", "中试验证，寻求许可受让方")
    assert english.stage_en in (
        "pilot-scale verification; looking for investment",
        "pilot-scale verification; looking for a licensee",
    )
    assert english.team.endswith("project team: principal scientist and engineering team")
