"""The ground-floor taxonomy: the plan's tracks and zones as reference data, the same tables as before."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from taxonomy import reference
from taxonomy.models import DevelopmentZone, Track
from taxonomy.services import load_reference_data

PLAN_TRACKS = [
    ("bio-manufacturing", "生物制造"),
    ("cell-gene-therapy", "细胞和基因治疗"),
    ("brain-smart-medicine", "脑科学与智能医学"),
    ("independent-it", "自主信创"),
    ("deep-sea", "深海探采"),
    ("aerospace", "空天利用"),
    ("advanced-energy", "先进能源"),
    ("new-materials", "新型材料"),
]


def test_reference_data_holds_the_eight_tracks_of_the_plan_in_order():
    assert [(t["slug"], t["name"]["zh"]) for t in reference.TRACKS] == PLAN_TRACKS
    assert [t["order"] for t in reference.TRACKS] == list(range(1, 9))
    assert len(reference.DEVELOPMENT_ZONES) == 7


def test_glossary_pairs_track_keywords_and_general_terms_without_duplicates():
    pairs = dict(reference.GLOSSARY)
    assert pairs["合成生物学"] == "synthetic biology"
    assert pairs["技术转移"] == "technology transfer"
    assert len(pairs) == len(reference.GLOSSARY)
    assert not any(" " in zh for zh in pairs)


def test_loading_reference_data_creates_tracks_and_zones_once_and_keeps_their_ids(db):
    load_reference_data()
    ids = dict(Track.objects.values_list("slug", "id"))
    load_reference_data()
    assert dict(Track.objects.values_list("slug", "id")) == ids
    assert list(Track.objects.values_list("slug", "name_zh")) == PLAN_TRACKS
    teda = DevelopmentZone.objects.get(slug="teda")
    assert (teda.short_name_zh, teda.short_name_en) == ("经开区", "TEDA")


def test_tracks_keep_their_first_tables_and_belong_to_taxonomy(db):
    assert Track._meta.db_table == "home_track"
    assert DevelopmentZone._meta.db_table == "home_developmentzone"
    assert "home_track" in connection.introspection.table_names()
    assert ContentType.objects.get_for_model(Track).app_label == "taxonomy"
    assert not ContentType.objects.filter(app_label="home", model__in=["track", "developmentzone"]).exists()


def test_editors_may_look_after_tracks_and_zones(db):
    editors = Group.objects.get(name="Editors")
    codenames = set(
        editors.permissions.filter(content_type__app_label="taxonomy").values_list("codename", flat=True)
    )
    assert {"add_track", "change_track", "view_track", "change_developmentzone"} <= codenames


def test_track_without_a_page_has_no_address(db):
    load_reference_data()
    assert Track.objects.get(slug="deep-sea").get_absolute_url() == ""
