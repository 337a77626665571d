"""Averaged vectors mapped from a shared file at scale (search.vectors_shared): every process maps
one float32 file per kind instead of reading every vector into its memory, and matches exactly as
it did from memory, on both backends."""

import os

import numpy as np
import pytest
from django.db import transaction

from search import embedding, mapped, services, vectors_shared
from search import passages as passage_vectors
from search.mapped import RevisionStore
from search.models import ListingEmbedding
from tests.factories.listings import DemandFactory, TechnologyFactory

# A demand and technologies that share its words: they tie on words, meaning decides.
ASKED = {
    "title": "储能电站低温电池管理",
    "summary": "北方储能电站需要低温电池管理技术。",
    "keywords": ["储能", "低温"],
}
ANSWERED = {
    "title": "储能电站低温电池管理方案",
    "summary": "面向北方储能电站的低温电池管理。",
    "keywords": ["储能", "低温"],
}
TITLES = ["钢琴自动调音装置", "羊毛织物疵点检测", "茶叶烘焙温控", "蜂蜜纯度试纸"]


def _toward(cosine, axis):
    """A unit vector at ``cosine`` from the demand's direction (axis 0), the rest along ``axis``."""
    vector = np.zeros(embedding.DIM, dtype=np.float32)
    vector[0], vector[axis] = cosine, np.sqrt(1 - cosine**2)
    return vector


def _store(kind, listing, vector):
    ListingEmbedding.objects.update_or_create(
        kind=kind,
        listing_id=listing.pk,
        defaults={
            "digest": "test",
            "model": embedding.MODEL,
            "vector": embedding.to_bytes(vector),
            "passages": b"" if kind == "demand" else passage_vectors.to_bytes([vector]),
        },
    )


@pytest.fixture
def ranked(request, settings, energy, university, enterprise_org, announce):
    """A demand and three technologies with its words, ranked by their vectors alone (T-C is the
    closest, T-A the farthest: the reverse of their refs), four unrelated ones setting the median.
    The vectors are written directly (the model does not run in this test). The embedded backend
    unless the test asks for both (``backend``)."""
    if "backend" not in request.fixturenames:
        settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDINGS = False  # the listings are announced without the model
    settings.SEARCH_EMBEDDINGS_REFRESH_SECONDS = 0
    text = {"track": energy, "organisation": university, "trl": 6, "published": True}
    demand = DemandFactory(
        ref="D-MAP",
        **ASKED,
        track=energy,
        organisation=enterprise_org,
        published=True,
    )
    answers = [
        TechnologyFactory(
            ref=f"T-{letter}",
            **ANSWERED,
            **text,
        )
        for letter in "ABC"
    ]
    crowd = [
        TechnologyFactory(
            ref=f"T-CROWD-{i}", title=title, summary="与需求无关的另一项技术。", keywords=[], **text
        )
        for i, title in enumerate(TITLES)
    ]
    announce(demand, *answers, *crowd)
    with transaction.atomic():
        _store("demand", demand, _toward(1.0, 1))
        for i, listing in enumerate(answers):
            _store("technology", listing, _toward(0.88 + 0.02 * i, 3 + i))
        for i, listing in enumerate(crowd):
            _store("technology", listing, _toward(0.80 + 0.01 * i, 10 + i))
        embedding.vectors_changed("technology")
        embedding.vectors_changed("demand")
    settings.SEARCH_EMBEDDINGS = True
    RevisionStore._mapped.clear()
    embedding.StoredVectors.forget()
    yield {"demand": demand, **{listing.ref: listing for listing in answers}}
    RevisionStore._mapped.clear()
    embedding.StoredVectors.forget()


@pytest.fixture
def shared(settings, tmp_path):
    """Vectors mapped from a shared file from the first one on (production: 2,000)."""
    settings.SEARCH_EMBEDDED_DIR = str(tmp_path / "index")
    settings.SEARCH_VECTORS_SHARED_FROM = 1
    return vectors_shared.store("technology")


def _results(demand):
    return [(m.ref, m.score, m.band) for m in services.match_listing(listing=demand, limit=10)]


def _revisions(revisions):
    return sorted(e for e in os.listdir(revisions.directory) if e.startswith("rev-"))


def _another_process():
    RevisionStore._mapped.clear()
    embedding.StoredVectors.forget()


def test_a_match_at_scale_maps_the_vectors_and_ranks_exactly_as_from_memory(
    backend, ranked, shared, settings
):
    settings.SEARCH_VECTORS_SHARED_FROM = 10**9  # first from memory, as below the threshold
    from_memory = _results(ranked["demand"])
    assert [ref for ref, _score, _band in from_memory][:3] == ["T-C", "T-B", "T-A"]
    assert embedding.StoredVectors.get("technology").shared is None
    assert not os.path.exists(shared.directory)
    _another_process()
    settings.SEARCH_VECTORS_SHARED_FROM = 1
    assert _results(ranked["demand"]) == from_memory  # the same pks, order, scores and bands
    for kind, n in (("technology", 7), ("demand", 1)):
        vectors = embedding.StoredVectors.get(kind)
        assert isinstance(vectors.matrix, np.memmap) and vectors.matrix.shape == (n, embedding.DIM)
        assert len(_revisions(vectors_shared.store(kind))) == 1
    technologies = embedding.StoredVectors.get("technology")
    stored = ListingEmbedding.objects.get(kind="technology", listing_id=ranked["T-B"].pk).vector
    assert technologies.vector(ranked["T-B"].pk).tobytes() == bytes(stored)
    assert technologies.shared.changed == set()


def test_a_second_process_maps_the_vectors_file_instead_of_building_it(ranked, shared, monkeypatch):
    first = _results(ranked["demand"])
    (name,) = _revisions(shared)
    _another_process()

    def no_second_build(source, directory):
        raise AssertionError("the vectors file was built twice")

    monkeypatch.setattr(vectors_shared, "save", no_second_build)
    monkeypatch.setattr(mapped, "DELTA_MIN", 0)  # any row read into the delta would be one too many
    assert _results(ranked["demand"]) == first
    vectors = embedding.StoredVectors.get("technology")
    assert _revisions(shared) == [name] and vectors.shared.changed == set()
    assert vectors.shared.base.path == os.path.join(shared.directory, name, "matrix.f4")


def _re_embed(listing, vector):
    with transaction.atomic():
        _store("technology", listing, vector)
        embedding.vectors_changed("technology")


def test_a_vector_re_embedded_after_the_file_was_written_is_read_through_the_delta(ranked, shared):
    demand, farthest = ranked["demand"], ranked["T-A"]
    assert [ref for ref, _s, _b in _results(demand)][:3] == ["T-C", "T-B", "T-A"]
    (name,) = _revisions(shared)
    # Another process re-embeds T-A: it now answers the demand best.
    _re_embed(farthest, _toward(0.99, 20))
    assert [ref for ref, _s, _b in _results(demand)][:3] == ["T-A", "T-C", "T-B"]
    vectors = embedding.StoredVectors.get("technology")
    assert vectors.shared.changed == {farthest.pk}
    assert vectors.vector(farthest.pk).tobytes() == embedding.to_bytes(_toward(0.99, 20))
    row = int(np.searchsorted(vectors.shared.base.pk, farthest.pk))
    assert vectors.shared.base.matrix[row].tobytes() == embedding.to_bytes(
        _toward(0.88, 3)
    )  # the file as written
    assert _revisions(shared) == [name]  # not written again for one change
    # A process started after the change maps the same file and reads the change since it.
    expected = _results(demand)
    _another_process()
    assert _results(demand) == expected
    assert embedding.StoredVectors.get("technology").shared.changed == {farthest.pk}
    assert _revisions(shared) == [name]


def test_a_listing_added_or_withdrawn_after_the_file_was_written_is_matched_accordingly(
    ranked, shared, settings, energy, university
):
    demand = ranked["demand"]
    _results(demand)
    (name,) = _revisions(shared)
    newcomer = TechnologyFactory(
        ref="T-NEW",
        title="北方电站的电池保温与管理系统",
        summary="另一种说法的同一答案。",
        track=energy,
        organisation=university,
        published=True,
    )
    _re_embed(newcomer, _toward(0.995, 30))  # closest of all by meaning, few shared words
    with transaction.atomic():
        ListingEmbedding.objects.filter(kind="technology", listing_id=ranked["T-C"].pk).delete()
        embedding.vectors_changed("technology")
    vectors = embedding.StoredVectors.get("technology")
    assert set(vectors.position) == set(
        ListingEmbedding.objects.filter(kind="technology").values_list("listing_id", flat=True)
    )
    assert len(vectors) == 7 and vectors.shared.changed == {newcomer.pk, ranked["T-C"].pk}
    closeness = vectors.closeness(embedding.stored_vector(kind="demand", pk=demand.pk), "zh")
    assert closeness.nearest(1) == [newcomer.pk]
    assert ranked["T-C"].pk not in closeness.of([ranked["T-C"].pk, newcomer.pk])
    assert _revisions(shared) == [name]
    # From memory, a process ranks the same.
    mapped_results = _results(demand)
    _another_process()
    settings.SEARCH_VECTORS_SHARED_FROM = 10**9
    assert _results(demand) == mapped_results


def test_the_vectors_file_is_written_again_once_too_many_changed_since(ranked, shared, settings, monkeypatch):
    monkeypatch.setattr(mapped, "DELTA_MIN", 1)  # bound: one row changed since the file
    demand = ranked["demand"]
    _results(demand)
    (name,) = _revisions(shared)
    _re_embed(ranked["T-A"], _toward(0.99, 20))
    _results(demand)
    assert _revisions(shared) == [name]
    _re_embed(ranked["T-B"], _toward(0.905, 21))
    results = _results(demand)
    assert [ref for ref, _s, _b in results][:3] == ["T-A", "T-C", "T-B"]
    (again,) = _revisions(shared)
    assert again != name and embedding.StoredVectors.get("technology").shared.changed == set()
    _another_process()
    settings.SEARCH_VECTORS_SHARED_FROM = 10**9
    assert _results(demand) == results


def test_an_unwritable_directory_still_matches_from_memory(ranked, shared, settings, caplog, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    settings.SEARCH_EMBEDDED_DIR = str(blocked)
    assert [ref for ref, _s, _b in _results(ranked["demand"])][:3] == ["T-C", "T-B", "T-A"]
    assert "Vectors read from the database into each process" in caplog.text
    vectors = embedding.StoredVectors.get("technology")
    assert vectors.shared is None and not isinstance(vectors.matrix, np.memmap)


def test_a_vectors_file_that_cannot_be_read_is_written_again(ranked, shared, caplog):
    first = _results(ranked["demand"])
    (name,) = _revisions(shared)
    os.remove(os.path.join(shared.directory, name, "pk.npy"))
    _another_process()
    assert _results(ranked["demand"]) == first
    (again,) = _revisions(shared)
    assert again != name and "written again" in caplog.text
    assert embedding.StoredVectors.get("technology").shared.base.n == 7
