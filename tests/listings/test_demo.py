import io

from demo import listings as demo
from demo.site_data import ORGANISATIONS
from listings.models import Demand, Technology
from tests.factories.accounts import OrganisationFactory


def _demo_organisations():
    for org in ORGANISATIONS:
        OrganisationFactory(slug=org["slug"], name=org["name"]["zh"], kind=org["kind"])


def test_demo_listings_are_published_across_all_tracks_and_idempotent(tracks):
    _demo_organisations()
    out = io.StringIO()
    made = demo.load(out)
    assert made == len(demo.TECHNOLOGIES) + len(demo.DEMANDS) >= 30
    assert "0 skipped" in out.getvalue()
    assert Technology.objects.published().count() == len(demo.TECHNOLOGIES)
    assert Demand.objects.published().count() == len(demo.DEMANDS)
    used = set(Technology.objects.values_list("track__slug", flat=True)) | set(
        Demand.objects.values_list("track__slug", flat=True)
    )
    assert used == {t.slug for t in tracks}
    assert set(Technology.objects.values_list("language", flat=True)) == {"zh", "en"}
    assert Technology.objects.get(ref="DEMO-T01").patents.count() == 2
    demo.load()
    assert Technology.objects.count() == len(demo.TECHNOLOGIES)
    assert Technology.objects.get(ref="DEMO-T01").patents.count() == 2


def test_demo_skips_listings_whose_organisation_is_missing(tracks):
    out = io.StringIO()
    assert demo.load(out) == 0
    assert f"{len(demo.TECHNOLOGIES) + len(demo.DEMANDS)} skipped" in out.getvalue()
