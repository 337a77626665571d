"""Abstention and confidence bands: the page, the API and ``match --format json`` agree."""

import io
import json

from django.core.management import call_command
from django.utils import translation

from search import services
from search.analysis import analyse
from tests.factories.listings import DemandFactory, TechnologyFactory


def _command(kind, ref):
    out = io.StringIO()
    call_command("match", kind, ref, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _withdraw(listing, announce):
    listing.status = listing.Status.WITHDRAWN
    listing.save()
    announce(listing)


def test_bands_agree_across_page_api_and_command(backend, corpus, client):
    from_command = _command("demand", "D-COLD")
    from_api = client.get("/api/v1/demands/D-COLD/matches/").json()
    assert [(m["ref"], m["band"]) for m in from_command] == [("T-CATHODE", "strong"), ("T-ANODE", "possible")]
    assert from_api == from_command
    assert all(isinstance(m["score"], float) for m in from_api)  # tools keep the score
    with translation.override("en"):
        page = client.get(corpus["demand"].get_absolute_url()).content.decode()
    assert 'data-ref="T-CATHODE"' in page and 'data-ref="T-ANODE"' in page
    assert ">Strong match</span>" in page and ">Possible match</span>" in page
    assert 'data-testid="no-match"' not in page


def test_no_good_match_is_an_empty_answer_everywhere_with_the_actions_that_help(
    backend, corpus, client, announce, enterprise_user
):
    _withdraw(corpus["cathode"], announce)  # the anode alone is too weak an answer
    assert _command("demand", "D-COLD") == []
    assert client.get("/api/v1/demands/D-COLD/matches/").json() == []
    assert list(services.match_listing(listing=corpus["demand"])) == []
    client.force_login(enterprise_user)
    with translation.override("en"):
        page = client.get(corpus["demand"].get_absolute_url()).content.decode()
        save_url = services.save_search_url(
            kind="technology", query="储能电站用低温钠离子电池", track="advanced-energy"
        )
    assert "No good match yet." in page
    assert 'data-ref="T-ANODE"' not in page
    assert save_url.startswith("/en/") and "kind=technology" in save_url
    assert f'href="{save_url.replace("&", "&amp;")}" data-testid="no-match-save-search"' in page
    assert "/deals/ask/demand/D-COLD/" in page
    assert 'data-testid="no-match-challenge"' in page  # the owner may open it as a challenge


def test_a_visitor_is_not_offered_to_open_someone_elses_challenge(backend, corpus, client, announce):
    _withdraw(corpus["cathode"], announce)
    page = client.get(corpus["demand"].get_absolute_url()).content.decode()
    assert 'data-testid="no-match"' in page
    assert 'data-testid="no-match-challenge"' not in page
    assert 'data-testid="no-match-ask-broker"' in page and "/accounts/login/?next=" in page


def test_chinese_words_reach_english_through_the_lexicon_and_back():
    assert set(analyse("蜂蜜纯度检测").glosses) >= {"honey", "purity"}
    assert set(analyse("羊毛纺织").glosses) >= {"wool", "weaving"}
    assert set(analyse("Honey purity tests").glosses) >= {"honey", "purity"}  # English stands for itself


def test_lexicon_matches_across_languages_both_ways(backend, energy, university, enterprise_org, announce):
    """Neither word is in the glossary: only the lexicon carries 蜂蜜 to "honey" and back."""
    demand = DemandFactory(
        ref="D-HONEY", title="蜂蜜纯度快速检测", summary="蜂蜜收购站需要现场快速检测蜂蜜纯度。",
        keywords=["蜂蜜", "纯度"], track=energy, organisation=enterprise_org, published=True,
    )  # fmt: skip
    honey = TechnologyFactory(
        ref="T-HONEY", title="Rapid on-site honey purity detection",
        summary="Detects honey purity on site in minutes, for honey purchase stations.",
        keywords=["honey", "purity", "rapid detection"], language="en", track=energy, organisation=university, published=True,
    )  # fmt: skip
    piano = TechnologyFactory(
        ref="T-PIANO", title="Piano tuning robot", summary="A robot that tunes a piano.",
        keywords=["piano"], language="en", track=energy, organisation=university, published=True,
    )  # fmt: skip
    announce(demand, honey, piano)
    assert [m.ref for m in services.match_listing(listing=demand)] == ["T-HONEY"]
    assert [m.ref for m in services.match_listing(listing=honey)] == ["D-HONEY"]
    assert services.match_listing(listing=piano) == []


def test_reasons_name_lexicon_terms_in_the_readers_language_and_say_what_is_missing(
    backend, energy, tracks, university, enterprise_org, announce
):
    aerospace = next(t for t in tracks if t.slug == "aerospace")
    demand = DemandFactory(
        ref="D-HONEY", title="蜂蜜纯度快速检测", summary="蜂蜜收购站需要现场快速检测蜂蜜纯度。",
        keywords=["蜂蜜", "纯度"], track=energy, organisation=enterprise_org, published=True,
        budget_min_cny=None, budget_max_cny=None,
    )  # fmt: skip
    honey = TechnologyFactory(
        ref="T-HONEY", title="Rapid on-site honey purity detection",
        summary="Detects honey purity on site in minutes, for honey purchase stations.",
        keywords=["honey", "purity", "rapid detection"], language="en", track=aerospace,
        organisation=university, trl=6, price_cny=None, price_negotiable=False, published=True,
    )  # fmt: skip
    announce(demand, honey)
    with translation.override("en"):
        [match] = services.match_listing(listing=demand)
        assert match.reasons[0] == "Shared terms: detection, honey, purity, rapid, site"
        assert match.reasons[1].startswith("Filed under another track (Aerospace")
        assert match.reasons[1].endswith("but it meets the need through detection, honey")
        assert match.reasons[-1] == (
            "Not stated yet: the TRL the demand needs, the demand's budget, the technology's price"
        )
    with translation.override("zh-hans"):
        [match] = services.match_listing(listing=demand)
        assert match.reasons[0] == "共同术语：检测, 快速, 纯度, 蜂蜜, 现场"
        assert match.reasons[-1] == "尚未说明：需求所需的技术成熟度, 需求的预算, 成果的价格"
