import pytest

from listings.models import Demand, Technology
from tests.factories.listings import DemandFactory, TechnologyFactory


@pytest.mark.smoke
def test_technology_made_on_the_site_gets_a_readable_ref(db, university, tracks):
    tech = Technology.objects.create(title="Sodium-ion cathode", track=tracks[6], organisation=university)
    assert tech.ref == f"T{tech.pk:06d}"
    assert Technology.objects.get(pk=tech.pk).ref == tech.ref
    assert tech.kind == "technology"


def test_only_published_listings_are_in_published(db):
    published = TechnologyFactory(published=True)
    TechnologyFactory()
    demand = DemandFactory(published=True)
    DemandFactory()
    assert list(Technology.objects.published()) == [published]
    assert list(Demand.objects.published()) == [demand]


def test_members_and_editors_can_edit_but_others_cannot(db, researcher, enterprise_user, editor, university):
    tech = TechnologyFactory(organisation=university)
    assert tech.can_edit(researcher)
    assert tech.can_edit(editor)
    assert not tech.can_edit(enterprise_user)


def test_site_ref_does_not_collide_with_an_imported_ref(db, university, tracks):
    first = Technology.objects.create(title="A", track=tracks[0], organisation=university)
    TechnologyFactory(ref=f"T{first.pk + 2:06d}", organisation=university, track=tracks[0])
    second = Technology.objects.create(title="B", track=tracks[0], organisation=university)
    assert second.ref.startswith(f"T{second.pk:06d}-")
    assert Technology.objects.filter(ref=second.ref).count() == 1
