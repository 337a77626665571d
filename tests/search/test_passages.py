"""Best-passage closeness in production: a technology whose answer sits in one of its passages is
matched by that passage (search.passages), alike on both backends, in bounded memory."""

import io
import json
import os

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.models import OutboxMessage
from search import embedding, mapped, passages_shared, services, tasks
from search import passages as passage_vectors
from search.mapped import RevisionStore
from search.models import ListingEmbedding
from search.passages import PassageStore
from tests.factories.listings import DemandFactory, TechnologyFactory


def _toward(cosine, axis):
    """A unit vector at ``cosine`` from the demand's direction (axis 0), the rest along ``axis``."""
    vector = np.zeros(embedding.DIM, dtype=np.float32)
    vector[0], vector[axis] = cosine, np.sqrt(1 - cosine**2)
    return vector


def _store(kind, listing, vector, passages=None):
    ListingEmbedding.objects.create(
        kind=kind,
        listing_id=listing.pk,
        digest="test",
        model=embedding.MODEL,
        vector=embedding.to_bytes(vector),
        passages=b"" if passages is None else passage_vectors.to_bytes(passages),
    )


@pytest.fixture
def one_passage_answer(settings, energy, university, enterprise_org, announce):
    """A demand; T-Z-FOCUS answers it in one passage and talks of something else in the other;
    T-A-DIFFUSE is only partly about it in every passage, so its averaged vector is the closer
    one. Both share the same words with the demand (they tie on words); a crowd of four sets the
    median. The vectors are written directly (the model does not run in this test)."""
    settings.SEARCH_EMBEDDINGS = False  # the listings are announced without the model
    text = {
        "title": "储能电站低温电池管理方案",
        "summary": "面向北方储能电站的低温电池管理。",
        "keywords": ["储能", "低温"],
        "track": energy,
        "organisation": university,
        "trl": 6,
        "published": True,
    }
    demand = DemandFactory(
        ref="D-STORE",
        title="储能电站低温电池管理",
        summary="北方储能电站需要低温电池管理技术。",
        keywords=["储能", "低温"],
        track=energy,
        organisation=enterprise_org,
        published=True,
    )
    focused = TechnologyFactory(ref="T-Z-FOCUS", **text)
    diffuse = TechnologyFactory(ref="T-A-DIFFUSE", **text)
    crowd = [
        TechnologyFactory(
            ref=f"T-CROWD-{i}",
            title=title,
            summary="与需求无关的另一项技术。",
            keywords=[],
            track=energy,
            organisation=university,
            published=True,
        )
        for i, title in enumerate(["钢琴自动调音装置", "羊毛织物疵点检测", "茶叶烘焙温控", "蜂蜜纯度试纸"])
    ]
    announce(demand, focused, diffuse, *crowd)
    with transaction.atomic():
        _store("demand", demand, _toward(1.0, 1))
        answer, elsewhere = _toward(0.92, 3), _toward(0.60, 4)
        _store("technology", focused, embedding.averaged(np.stack([answer, elsewhere])), [answer, elsewhere])
        partly = _toward(0.88, 5)
        _store("technology", diffuse, partly, [partly, partly])
        for i, listing in enumerate(crowd):
            near = _toward(0.84 + 0.01 * i, 6 + i)
            _store("technology", listing, near, [near])
        embedding.vectors_changed("technology")
        embedding.vectors_changed("demand")
    settings.SEARCH_EMBEDDINGS = True
    embedding.StoredVectors.forget()
    yield {"demand": demand, "focused": focused, "diffuse": diffuse}
    embedding.StoredVectors.forget()


def _command(ref):
    out = io.StringIO()
    call_command("match", "demand", ref, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_a_technology_answering_in_one_passage_outranks_one_whose_average_is_closer(
    backend, one_passage_answer, client
):
    demand, focused, diffuse = (one_passage_answer[k] for k in ("demand", "focused", "diffuse"))
    averaged = embedding.StoredVectors.get("technology")
    vector = embedding.stored_vector(kind="demand", pk=demand.pk)
    # The premise: one vector per listing would put the diffuse listing first.
    assert float(averaged.vector(diffuse.pk) @ vector) > float(averaged.vector(focused.pk) @ vector)
    matches = services.match_listing(listing=demand, limit=10)
    assert [m.ref for m in matches][:2] == ["T-Z-FOCUS", "T-A-DIFFUSE"]
    assert matches[0].score > matches[1].score
    # The API, `match --format json` and the page say the same.
    from_command = _command("D-STORE")
    assert [(m["ref"], m["band"]) for m in from_command] == [(m.ref, m.band) for m in matches]
    assert client.get("/api/v1/demands/D-STORE/matches/").json() == from_command
    with translation.override("en"):
        page = client.get(demand.get_absolute_url()).content.decode()
    assert page.index('data-ref="T-Z-FOCUS"') < page.index('data-ref="T-A-DIFFUSE"')
    # Without the passages (a row of the previous recipe, still read until re-embedded), the
    # averaged vector decides again: the old order.
    ListingEmbedding.objects.filter(kind="technology").update(
        passages=b"", model=embedding.READABLE_MODELS[1]
    )
    embedding.vectors_changed("technology")
    embedding.StoredVectors.forget()
    assert [m.ref for m in services.match_listing(listing=demand, limit=10)][:2] == [
        "T-A-DIFFUSE",
        "T-Z-FOCUS",
    ]


def _matrix(*cosines):
    return np.stack([_toward(c, 3 + i) for i, c in enumerate(cosines)])


def test_a_worker_holds_a_bounded_sample_of_passages_and_fetches_candidates_once():
    stored = {pk: passage_vectors.to_bytes(_matrix(0.8, 0.7, 0.6, 0.5)) for pk in range(1, 1001)}
    fetched = []

    def fetch(pks):
        fetched.append(list(pks))
        return {pk: stored[pk] for pk in pks if pk in stored}

    store = PassageStore(fetch, sample=50, cache=20)
    store.load({"zh": list(range(1, 1001))})
    # About 50 of the 1,000 listings are held for the median and spread, float16: 3 kB each.
    assert 30 <= len(store) <= 70
    assert store.nbytes() <= 70 * 4 * embedding.DIM * (2 + 4)
    languages = dict.fromkeys(range(1, 1001), "zh")
    demand = _toward(1.0, 1)
    candidates = [pk for pk in range(1, 1001) if pk not in store.sample["zh"]][:10]
    fetched.clear()
    best = store.best_of(demand, candidates, languages)
    assert best == {pk: pytest.approx(0.8, abs=1e-3) for pk in candidates}
    assert fetched == [candidates]  # one query for the candidates not held
    store.best_of(demand, candidates, languages)
    assert fetched == [candidates]  # then from the LRU
    store.best_of(demand, list(range(500, 540)), languages)
    assert len(store.lru) == 20  # the LRU stays within its size
    # Listings keep coming: the sample is thinned to half when it doubles.
    store.changed([(pk, "zh", stored[1]) for pk in range(1001, 5001)])
    assert len(store) <= 2 * 50
    # A changed listing's passages are read again; a removed one is forgotten.
    stored[candidates[0]] = passage_vectors.to_bytes(_matrix(0.95))  # what the database now holds
    store.changed([(candidates[0], "zh", stored[candidates[0]])], removed=[candidates[1]])
    fresh = store.best_of(demand, candidates[:1], languages)
    assert fresh[candidates[0]] == pytest.approx(0.95, abs=1e-3)
    assert candidates[1] not in store.lru


def test_best_passage_raises_closeness_but_never_lowers_the_average():
    """The site's rule: the larger of the averaged vector's closeness and the best passage's."""
    pks = list(range(1, 22))
    focused = _matrix(0.92, 0.60)
    crowd = [_matrix(0.80 + 0.003 * i) for i in range(20)]
    matrices = [focused, *crowd]
    vectors = embedding.VectorSet(pks, np.stack([embedding.averaged(m) for m in matrices]), ["zh"] * 21)
    by_pk = {pk: passage_vectors.to_bytes(m) for pk, m in zip(pks, matrices, strict=True)}
    demand = _toward(1.0, 1)
    averaged_only = vectors.closeness(demand, "zh").of(pks)
    vectors.passages = PassageStore(lambda wanted: {pk: by_pk[pk] for pk in wanted})
    vectors.passages.load({"zh": pks})
    both = vectors.closeness(demand, "zh").of(pks)
    assert both[1] > averaged_only[1]  # its one answering passage lifts it
    assert all(both[pk] >= averaged_only[pk] for pk in pks)


@pytest.mark.django_db
def test_vectors_of_the_previous_recipe_are_read_until_re_embedded_in_the_background(monkeypatch):
    """A new recipe (passages kept) must not leave matching without meaning meanwhile: the
    previous recipe's averaged vector is still read, and the periodic job queues its listing in
    messages of at most ``EMBED_MESSAGE_MAX`` listings (within the outbox's lease)."""
    old, current = embedding.READABLE_MODELS[1], embedding.MODEL
    for pk, model in ((1, old), (2, current)):
        ListingEmbedding.objects.create(
            kind="technology",
            listing_id=pk,
            digest="x",
            model=model,
            vector=embedding.to_bytes(_toward(0.9, 3)),
        )
    ListingEmbedding.objects.create(
        kind="technology", listing_id=3, digest="x", model="some-retired-model", vector=b"\0" * 4 * 384
    )
    assert embedding.stored_vector(kind="technology", pk=1) == pytest.approx(_toward(0.9, 3))
    assert embedding.stored_vector(kind="technology", pk=3) is None  # a model no longer read
    assert services.stale_embeddings(kind="technology") == [1, 3]
    monkeypatch.setattr(tasks, "EMBED_MESSAGE_MAX", 1)
    assert tasks.queue_stale_embeddings() == {"technology": 2, "demand": 0}
    queued = OutboxMessage.objects.filter(task="search.embed_listings").order_by("pk")
    assert [message.args for message in queued] == [["technology", [1]], ["technology", [3]]]


@pytest.mark.django_db
def test_passages_re_embedded_by_another_process_are_used_after_the_refresh(settings, energy, university):
    settings.SEARCH_EMBEDDINGS_REFRESH_SECONDS = 0
    listings = [
        TechnologyFactory(ref=f"T-R{i}", track=energy, organisation=university, published=True)
        for i in range(4)
    ]
    with transaction.atomic():
        for i, listing in enumerate(listings):
            near = _toward(0.80 + 0.01 * i, 3 + i)
            _store("technology", listing, near, [near])
        embedding.vectors_changed("technology")
    embedding.StoredVectors.forget()
    demand, target = _toward(1.0, 1), listings[0].pk
    before = embedding.StoredVectors.get("technology").closeness(demand, "zh").of([target])[target]
    # Another process re-embeds the listing: one of its passages now answers the demand.
    row = ListingEmbedding.objects.get(kind="technology", listing_id=target)
    answer = _toward(0.97, 20)
    row.passages = passage_vectors.to_bytes([_toward(0.80, 3), answer])
    with transaction.atomic():
        row.save()
        embedding.vectors_changed("technology")
    after = embedding.StoredVectors.get("technology").closeness(demand, "zh").of([target])[target]
    assert after > before + 1.0
    embedding.StoredVectors.forget()


def _passage_queries(queries):
    return [q["sql"] for q in queries if "search_listingembedding" in q["sql"] and '"passages"' in q["sql"]]


@pytest.fixture
def shared(settings, tmp_path):
    """Passages mapped from a shared file from the first technology on (production: 2,000)."""
    settings.SEARCH_EMBEDDED_DIR = str(tmp_path / "index")
    settings.SEARCH_PASSAGES_SHARED_FROM = 1
    RevisionStore._mapped.clear()
    embedding.StoredVectors.forget()
    yield passages_shared.store("technology")
    RevisionStore._mapped.clear()
    embedding.StoredVectors.forget()


def _revisions(revisions):
    return sorted(e for e in os.listdir(revisions.directory) if e.startswith("rev-"))


def test_a_match_at_scale_reads_its_candidates_passages_from_the_shared_file_with_no_query(
    backend, one_passage_answer, shared
):
    demand = one_passage_answer["demand"]
    warm = [m.ref for m in services.match_listing(listing=demand, limit=10)]  # builds the file
    assert warm[:2] == ["T-Z-FOCUS", "T-A-DIFFUSE"]
    assert len(_revisions(shared)) == 1
    held = embedding.StoredVectors.get("technology").passages
    assert isinstance(held.base.matrix, np.memmap) and held.base.n == 6
    with CaptureQueriesContext(connection) as queries:
        matches = services.match_listing(listing=demand, limit=10)
    assert [m.ref for m in matches] == warm
    assert _passage_queries(queries.captured_queries) == []
    assert not held.lru  # nothing fetched by pk


def test_a_second_process_maps_the_passages_file_instead_of_building_it(
    one_passage_answer, shared, monkeypatch
):
    first = embedding.StoredVectors.get("technology").passages
    (name,) = _revisions(shared)
    # Another process: nothing of the first one's memory, and writing a file would fail.
    RevisionStore._mapped.clear()
    embedding.StoredVectors.forget()

    def no_second_build(source, directory):
        raise AssertionError("the passages file was built twice")

    monkeypatch.setattr(passages_shared, "save_base", no_second_build)
    # Every row was written within the same minute (the catch-up margin): unchanged, none is in the delta.
    monkeypatch.setattr(mapped, "DELTA_MIN", 0)
    second = embedding.StoredVectors.get("technology").passages
    assert second.base is not first.base and isinstance(second.base.matrix, np.memmap)
    assert _revisions(shared) == [name] and second.delta == {}
    focused = one_passage_answer["focused"].pk
    assert second.base.get(focused).tobytes() == first.base.get(focused).tobytes()
    stored = ListingEmbedding.objects.get(kind="technology", listing_id=focused).passages
    assert second.base.get(focused).tobytes() == bytes(stored)


def test_a_technology_re_embedded_after_the_file_was_written_is_read_through_the_delta(
    one_passage_answer, shared, settings
):
    settings.SEARCH_EMBEDDINGS_REFRESH_SECONDS = 0
    demand, diffuse = one_passage_answer["demand"], one_passage_answer["diffuse"]
    assert [m.ref for m in services.match_listing(listing=demand, limit=10)][:2] == [
        "T-Z-FOCUS",
        "T-A-DIFFUSE",
    ]
    (name,) = _revisions(shared)
    # Another process re-embeds the diffuse technology: one of its passages now answers exactly.
    row = ListingEmbedding.objects.get(kind="technology", listing_id=diffuse.pk)
    row.passages = passage_vectors.to_bytes([_toward(0.99, 5), _toward(0.5, 7)])
    with transaction.atomic():
        row.save()
        embedding.vectors_changed("technology")
    with CaptureQueriesContext(connection) as queries:
        matches = services.match_listing(listing=demand, limit=10)
    assert [m.ref for m in matches][:2] == ["T-A-DIFFUSE", "T-Z-FOCUS"]
    held = embedding.StoredVectors.get("technology").passages
    assert list(held.delta) == [diffuse.pk]  # rows read again within the margin but unchanged are not
    assert held.delta[diffuse.pk].tobytes() == bytes(row.passages)
    assert held.base.get(diffuse.pk).tobytes() != bytes(row.passages)
    assert _revisions(shared) == [name]  # the file is not written again for one change
    # The changed row was read once, by the catch-up; the candidates' passages by no query of their own.
    assert len(_passage_queries(queries.captured_queries)) == 1


def test_an_unwritable_directory_still_matches_by_the_best_passage(
    one_passage_answer, shared, settings, caplog
):
    blocked = shared.directory.split(os.sep + "index" + os.sep)[0] + os.sep + "a-file"
    with open(blocked, "w") as file:
        file.write("not a directory")
    settings.SEARCH_EMBEDDED_DIR = blocked
    matches = services.match_listing(listing=one_passage_answer["demand"], limit=10)
    assert [m.ref for m in matches][:2] == ["T-Z-FOCUS", "T-A-DIFFUSE"]
    assert "Passages read from the database per match" in caplog.text
    assert embedding.StoredVectors.get("technology").passages.base is None


def test_a_passages_file_that_cannot_be_read_is_written_again(one_passage_answer, shared, caplog):
    embedding.StoredVectors.get("technology")
    (name,) = _revisions(shared)
    os.remove(os.path.join(shared.directory, name, "updated.npy"))  # a file of an earlier format
    RevisionStore._mapped.clear()
    embedding.StoredVectors.forget()
    matches = services.match_listing(listing=one_passage_answer["demand"], limit=10)
    assert [m.ref for m in matches][:2] == ["T-Z-FOCUS", "T-A-DIFFUSE"]
    (again,) = _revisions(shared)
    assert again != name and "written again" in caplog.text
    assert embedding.StoredVectors.get("technology").passages.base.n == 6


def _unit_rows(rng, n):
    rows = rng.normal(size=(n, 384)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_candidates_gathered_from_the_mapped_base_score_as_one_by_one():
    """``best_of`` reads the base's candidates in one gather; every candidate scores exactly as
    when its passages are looked up one by one (sample, delta, base, LRU, fetch), and one the base
    holds with no passages, or that was removed since, is left out as before."""
    rng = np.random.default_rng(3)
    pks = np.arange(10, 70, dtype=np.int64)  # in the base: 10..69; 30 has no passages
    counts = np.array([0 if pk == 30 else 1 + int(pk) % 4 for pk in pks])
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    matrix = passage_vectors.as_stored(_unit_rows(rng, int(counts.sum())))
    base = passage_vectors.PassageBase(pks, start, np.zeros(len(pks), dtype=np.int64), matrix, {})
    newer = {pk: passage_vectors.to_bytes(_unit_rows(rng, 2)) for pk in (80, 81)}
    store = PassageStore(lambda wanted: {pk: newer[pk] for pk in wanted if pk in newer}, sample=5)
    store.attach(base, [(12, newer[80]), (13, b"")])  # 12 changed since the base, 13 withdrawn
    languages = {int(pk): "zh" for pk in [*pks, 80, 81, 99]}
    store.load({"zh": sorted(languages)})
    assert store.sample["zh"]  # some candidates come from the sample, the rest from the base
    vector = _unit_rows(rng, 1)[0]
    wanted = [11, 12, 13, 30, 45, 69, 80, 81, 99, *store.sample["zh"]]

    one_by_one = {}
    for pk, held in store.passages_of(wanted, languages).items():
        one_by_one[pk] = float(np.max(held.astype(np.float32) @ vector))
    # Equal to float32 rounding (a product of a few rows and of a stack of many may round the
    # last bit differently: both backends take the same path, so they still rank alike).
    assert store.best_of(vector, wanted, languages) == pytest.approx(one_by_one, abs=1e-6)
    assert set(one_by_one) == set(wanted) - {13, 30, 99}
