import pytest

from demo import roadshow as demo
from roadshow.models import PitchApplication, RoadshowSeries, RoadshowSession
from tests.factories.roadshow import TechnologyFactory


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_places_pitches(tracks, university, researcher):
    for _ in range(3):
        TechnologyFactory(organisation=university, track=tracks[6], created_by=researcher)
    demo.load()
    sessions, pitches = RoadshowSession.objects.count(), PitchApplication.objects.count()
    demo.load()
    assert RoadshowSeries.objects.count() == 4
    assert RoadshowSession.objects.count() == sessions > 0
    assert PitchApplication.objects.count() == pitches == 3
    assert set(PitchApplication.objects.values_list("session__series__slug", flat=True)) == {
        "advanced-energy-weekly"
    }
