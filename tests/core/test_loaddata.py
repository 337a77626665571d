"""Loading a fixture (``loaddata``, Django's raw saves) copies rows in as they were: no background
work is queued for them, and the figures and cached pages are brought up to date once at the end."""

import pytest
from django.core import serializers
from django.core.management import call_command

from core import pagecache, tallies
from core.models import OutboxMessage
from listings.models import Technology
from procurement.models import InnovationProduct
from roadshow.models import PitchApplication, RoadshowSession
from search.models import GlossaryTerm
from tests.factories.listings import TechnologyFactory
from tests.factories.procurement import InnovationProductFactory
from tests.factories.roadshow import PitchFactory, RoadshowSeriesFactory, RoadshowSessionFactory

pytestmark = pytest.mark.django_db


def test_loading_a_fixture_queues_no_work_and_leaves_figures_and_pages_right(
    tmp_path, tracks, university, enterprise_org, researcher, django_capture_on_commit_callbacks
):
    technology = TechnologyFactory(ref="T-LOADED", organisation=university, track=tracks[0], published=True)
    product = InnovationProductFactory(
        organisation=enterprise_org, track=tracks[0], status=InnovationProduct.Status.RECOMMENDED
    )
    series = RoadshowSeriesFactory(is_active=True)
    session = RoadshowSessionFactory(series=series, track=tracks[0])
    pitch = PitchFactory(
        technology=technology, session=session, applicant=researcher, status=PitchApplication.Status.ACCEPTED
    )
    term = GlossaryTerm.objects.create(chinese="集矿机器人", english="nodule collector")
    rows = [technology, product, series, session, pitch, term]
    fixture = tmp_path / "restore.json"
    fixture.write_text(serializers.serialize("json", rows), encoding="utf-8")
    series_pk = series.pk
    for row in reversed(rows):
        row.delete()
    OutboxMessage.objects.all().delete()
    generations = pagecache.generations()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", str(fixture), verbosity=0)

    assert Technology.objects.get(ref="T-LOADED").is_published
    assert RoadshowSession.objects.filter(series=series_pk).count() == 1
    assert list(OutboxMessage.objects.values_list("task", flat=True)) == []
    assert pagecache.generations() == {family: value + 1 for family, value in generations.items()}
    assert tallies.rebuild_all() == []  # nothing had drifted: the loaded listing is counted
