"""The same matching tests on both backends (the Elasticsearch run is marked and needs the server)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from search import services
from search.models import SearchDocument


def refs(matches):
    return [m.ref for m in matches]


def test_demand_gets_relevant_technologies_best_first_and_nothing_irrelevant(backend, corpus):
    matches = services.match_listing(listing=corpus["demand"], limit=10)
    assert refs(matches) == ["T-CATHODE", "T-ANODE"]
    assert matches.backend == backend and matches.degraded is False
    assert matches[0].score > matches[1].score > 0
    assert matches[0].listing == corpus["cathode"]


def test_reasons_explain_terms_track_trl_budget_and_deadline(backend, corpus):
    with translation.override("en"):
        best = services.match_listing(listing=corpus["demand"])[0]
        deadline = date_format(corpus["deadline"])
    assert best.reasons[0].startswith("Shared terms: ")
    assert "sodium-ion battery" in best.reasons[0].removeprefix("Shared terms: ").split(", ")
    assert best.reasons[1:] == [
        "Same track: Advanced energy",
        "TRL 6 meets the maturity the demand asks for (TRL 6 or higher)",
        "Price ¥2,000,000 is within the budget of ¥3,000,000",
        f"Open until {deadline}",
    ]


def test_match_reason_names_the_track_as_editors_renamed_it(backend, corpus):
    track = corpus["demand"].track
    track.name_en = "Advanced energy and storage"
    track.save()
    with translation.override("en"):
        best = services.match_listing(listing=corpus["demand"])[0]
    assert best.reasons[1] == "Same track: Advanced energy and storage"


def test_english_technology_matches_a_chinese_demand_through_the_glossary(backend, corpus):
    with translation.override("en"):
        anode = next(m for m in services.match_listing(listing=corpus["demand"]) if m.ref == "T-ANODE")
    assert anode.reasons[0] == "Shared terms: sodium-ion battery, energy storage"


def test_technology_gets_the_demands_it_answers(backend, corpus):
    assert refs(services.match_listing(listing=corpus["cathode"])) == ["D-COLD"]
    assert refs(services.match_listing(listing=corpus["unrelated"])) == []


def test_withdrawn_technology_leaves_the_index_and_the_matches(backend, corpus, announce):
    cathode = corpus["cathode"]
    cathode.status = cathode.Status.WITHDRAWN
    cathode.save()
    announce(cathode)
    assert not SearchDocument.objects.filter(kind="technology", listing_id=cathode.pk).exists()
    # Left alone, the anode is too weak an answer for the demand: the ranking abstains.
    assert refs(services.match_listing(listing=corpus["demand"])) == []


def test_match_command_api_and_service_give_identical_results(backend, corpus, client):
    out = io.StringIO()
    call_command("match", "demand", "D-COLD", "--format", "json", stdout=out)
    from_command = json.loads(out.getvalue())
    from_api = client.get("/api/v1/demands/D-COLD/matches/").json()
    from_service = [m.as_dict() for m in services.match_listing(listing=corpus["demand"])]
    assert from_command == from_api == from_service
    assert [item["ref"] for item in from_command] == ["T-CATHODE", "T-ANODE"]
    assert set(from_command[0]) >= {"ref", "score", "title", "reasons"}


def test_match_command_limit_and_empty_array(backend, corpus):
    out = io.StringIO()
    call_command("match", "demand", "D-COLD", "--limit", "1", "--format", "json", stdout=out)
    assert [item["ref"] for item in json.loads(out.getvalue())] == ["T-CATHODE"]
    out = io.StringIO()
    call_command("match", "technology", "T-LUNG", "--format", "json", stdout=out)
    assert out.getvalue().strip() == "[]"


@pytest.mark.smoke
def test_match_command_refuses_an_unknown_ref(db):
    with pytest.raises(CommandError, match="No demand with ref 'NOPE'"):
        call_command("match", "demand", "NOPE", "--format", "json")


def test_matches_api_hides_unpublished_listings_and_checks_limit(backend, corpus, client):
    assert client.get("/api/v1/technologies/T-DRAFT/matches/").status_code == 404
    response = client.get("/api/v1/demands/D-COLD/matches/?limit=0")
    assert response.status_code == 400
    assert "limit" in response.json()


def test_rebuild_search_index_restores_the_index_from_the_database(backend, corpus):
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed 3 published technology listings." in out.getvalue()
    assert "Indexed 1 published demand listings." in out.getvalue()
    assert refs(services.match_listing(listing=corpus["demand"])) == ["T-CATHODE", "T-ANODE"]


def test_matches_panel_lists_matches_with_reasons(backend, corpus, rf):
    matches = services.match_listing(listing=corpus["demand"])
    html = render_to_string("search/includes/matches.html", {"listing": corpus["demand"], "matches": matches})
    assert 'data-ref="T-CATHODE"' in html and 'data-ref="T-ANODE"' in html
    assert [m.band for m in matches] == ["strong", "possible"]
    assert html.count('data-band="strong"') == 1 and html.count('data-band="possible"') == 1
    assert "match-score" not in html  # a band label, never a raw score
    assert 'data-ref="T-LUNG"' not in html


@pytest.mark.smoke
def test_embedded_default_matches_without_any_server(settings, corpus, client):
    settings.SEARCH_BACKEND = "embedded"
    assert refs(services.match_listing(listing=corpus["demand"])) == ["T-CATHODE", "T-ANODE"]
    page = client.get("/search/", {"q": "sodium-ion battery"})
    assert (
        'data-ref="T-CATHODE"' in page.content.decode() and 'data-ref="T-LUNG"' not in page.content.decode()
    )
