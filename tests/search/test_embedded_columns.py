"""The embedded backend's columnar index (issue 14, item 7): the same answers as the former
in-memory index, a base shared through files, changes since it seen on the next search."""

import os
import random
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import numpy as np
import pytest
from django.db import transaction
from django.utils import timezone

from search import mapped
from search.backends.base import FACETS_BY_NAME, facets_for, features_from_document
from search.backends.embedded import EmbeddedBackend
from search.backends.embedded.index import ColumnIndex, Part
from search.backends.embedded.segment import build_segment
from search.backends.embedded.store import Store
from search.models import SearchDocument
from tests.search.embedded_reference import MemoryIndex, facet_keys

WORDS = [f"w{i}" for i in range(40)] + ["钠离子", "电池", "储能", "低温", "sodium", "battery"]
COMMON = ["common", "电池"]  # in well over COMMON_SHARE of the documents
CONCEPTS = ["energy-storage", "battery", "lidar", "robot"]
SORTS = ["relevance", "newest", "trl", "budget", "deadline", "title", "unknown"]


def make_document(rng, kind, pk, now, version=0):
    tokens = rng.sample(WORDS, rng.randint(1, 10)) + [w for w in COMMON if rng.random() < 0.6]
    concepts = rng.sample(CONCEPTS, rng.randint(0, 2))
    text = [rng.choice(tokens) for _ in range(rng.randint(1, 25))] + ["~" + c for c in concepts]
    published = rng.choice(
        [None, now - timedelta(days=3), now - timedelta(days=20), now - timedelta(days=100, seconds=7)]
        + [now - timedelta(days=400, microseconds=5), now - timedelta(days=7, hours=1)]
    )
    data = {
        "pk": pk,
        "kind": kind,
        "ref": f"{kind[0].upper()}-{pk}-{version}",
        "title": rng.choice(["Alpha", "beta", "Gamma", "", "电池", "alpha"]),
        "language": rng.choice(["zh", "en"]),
        "track": rng.choice(["energy", "medicine", "materials", ""]),
        "org_kind": rng.choice(["university", "enterprise", ""]),
        "published_at": published.isoformat() if published else None,
        "tokens": sorted(set(tokens)),
        "key_tokens": sorted(set(tokens[:2])),
        "concepts": sorted(concepts),
        "key_concepts": sorted(concepts[:1]),
        "glosses": sorted({f"g-{t}" for t in tokens[:4]}),
        "key_glosses": [],
        "text": " ".join(text),
    }
    if kind == "technology":
        data.update(
            trl=rng.choice([None, 1, 3, 4, 6, 7, 9]),
            transfer_modes=rng.choice([[], ["licence"], ["licence", "transfer"], ["transfer", "transfer"]]),
        )
    else:
        data.update(
            budget_max_cny=rng.choice([None, 500_000, 1_000_000, 4_999_999, 5_000_000, 12_000_000]),
            deadline=rng.choice([None, "2027-01-05", "2026-12-30", "2027-03-01"]),
            zone=rng.choice(["tianjin-port", "airport", ""]),
        )
    return data


def queries(rng):
    found = [None]
    for _ in range(7):
        tokens = tuple(rng.sample(WORDS + COMMON + ["absent"], rng.randint(1, 4)))
        found.append(
            SimpleNamespace(tokens=tokens, concepts=frozenset(rng.sample(CONCEPTS, rng.randint(0, 1))))
        )
    return found


def filter_sets(kind):
    sets = [{}, {"track": ["energy"]}, {"language": ["en"], "date": ["30d"]}, {"date": ["7d", "365d"]}]
    sets.append({"org_kind": ["university", "enterprise"], "track": ["medicine", "materials"]})
    if kind == "technology":
        sets += [{"trl": ["4-6"]}, {"trl": ["1-3", "7-9"], "transfer_mode": ["transfer"]}]
    else:
        sets += [{"budget": ["1m-5m"]}, {"budget": ["lt1m", "gte10m"], "zone": ["airport"]}]
    return sets


def assert_same_search(index, reference, kind, rng):
    for analysed in queries(rng):
        for filters in filter_sets(kind):
            for sort in SORTS:
                for offset, limit in ((0, 20), (5, 7), (0, 0), (390, 20)):
                    args = {"analysed": analysed, "filters": filters, "sort": sort}
                    args.update(offset=offset, limit=limit)
                    mine, theirs = index.search(**args), reference.search(**args)
                    assert (mine.ids, mine.total) == (theirs.ids, theirs.total), args
                    assert mine.facets == theirs.facets, args
                    assert mine.scores == {pk: theirs.scores[pk] for pk in mine.ids if theirs.scores}, args


def assert_same_candidates(index, reference, sources):
    for source in sources:
        for limit, extra in ((200, ()), (15, (3, 999, 4, 3))):
            mine, mine_stats = index.match_candidates(source, limit, extra)
            theirs, their_stats = reference.match_candidates(source, limit, extra)
            assert [f.pk for f in mine] == [f.pk for f in theirs]
            assert mine == theirs
            assert mine_stats == their_stats


@pytest.mark.parametrize("kind", ["technology", "demand"])
def test_columns_answer_like_the_former_index(kind):
    rng = random.Random(14)
    now = timezone.now()
    documents = [make_document(rng, kind, pk, now) for pk in range(1, 401)]
    reference = MemoryIndex(kind, documents)
    features = {d["pk"]: features_from_document(d) for d in documents}
    index = ColumnIndex(
        kind, [Part(build_segment(documents))], lambda found: {pk: features[pk] for pk, _ in found}
    )
    assert_same_search(index, reference, kind, rng)
    other = "demand" if kind == "technology" else "technology"
    sources = [features_from_document(make_document(rng, other, 5000 + i, now)) for i in range(8)]
    assert_same_candidates(index, reference, sources)


@pytest.mark.parametrize("kind", ["technology", "demand"])
def test_a_base_with_a_delta_answers_like_an_index_of_the_final_documents(kind):
    """Rows replaced by the delta and rows gone from the table are dead in the base."""
    rng = random.Random(7)
    now = timezone.now()
    old = {pk: make_document(rng, kind, pk, now) for pk in range(1, 351)}
    changed = {pk: make_document(rng, kind, pk, now, version=1) for pk in rng.sample(sorted(old), 30)}
    added = {pk: make_document(rng, kind, pk, now) for pk in range(351, 391)}
    deleted = set(rng.sample(sorted(set(old) - set(changed)), 25))
    final = {pk: doc for pk, doc in {**old, **changed, **added}.items() if pk not in deleted}

    base = build_segment(list(old.values()))
    live = ~np.isin(base.pk, sorted(set(changed) | deleted))
    delta = build_segment([*changed.values(), *added.values()])
    features = {pk: features_from_document(d) for pk, d in final.items()}
    index = ColumnIndex(
        kind, [Part(base, live), Part(delta)], lambda found: {pk: features[pk] for pk, _ in found}
    )
    reference = MemoryIndex(kind, list(final.values()))
    assert index.n_docs == len(final) and index.total_length == reference.total_length
    assert_same_search(index, reference, kind, rng)
    other = "demand" if kind == "technology" else "technology"
    sources = [features_from_document(make_document(rng, other, 5000 + i, now)) for i in range(8)]
    assert_same_candidates(index, reference, sources)


# --- the shared base in files, against the table ---------------------------------------------


@pytest.fixture
def shared(settings, tmp_path):
    """Every kind's base goes to files (from one document on), in a directory of the test's own."""
    settings.SEARCH_EMBEDDED_DIR = str(tmp_path)
    settings.SEARCH_EMBEDDED_SHARED_FROM = 1
    EmbeddedBackend.forget()
    Store._mapped.clear()
    yield tmp_path
    EmbeddedBackend.forget()
    Store._mapped.clear()


def put(document):
    SearchDocument.objects.update_or_create(
        kind=document["kind"], listing_id=document["pk"], defaults={"data": document}
    )


def stored(rng, count=60, kind="technology"):
    now = timezone.now()
    documents = [make_document(rng, kind, pk, now) for pk in range(1, count + 1)]
    for document in documents:
        put(document)
    return documents


def another_process():
    """What a second worker starts with: no index in memory, only the files."""
    EmbeddedBackend.forget()
    Store._mapped.clear()
    return EmbeddedBackend()


def search(backend, tokens=(), **filters):
    analysed = SimpleNamespace(tokens=tuple(tokens), concepts=frozenset()) if tokens else None
    return backend.search(
        kind="technology", analysed=analysed, filters=filters, sort="newest", offset=0, limit=500
    )


def revisions(root):
    return sorted(
        entry for directory, _dirs, _files in os.walk(root) for entry in _dirs if entry.startswith("rev-")
    )


def test_a_base_is_built_once_and_mapped_by_a_second_process(db, shared, monkeypatch):
    stored(random.Random(1))
    first = search(EmbeddedBackend(), ["w3"])
    assert first.total > 0 and len(revisions(shared)) == 1

    def no_rebuild(*args, **kwargs):
        raise AssertionError("the base on disk should have been reused")

    monkeypatch.setattr(EmbeddedBackend, "_build_base", staticmethod(no_rebuild))
    second = another_process()
    assert search(second, ["w3"]) == first
    base = second.index("technology").parts[0].segment
    assert isinstance(base["pk"], np.memmap) and isinstance(base["text.rows"], np.memmap)


def test_a_change_after_the_base_shows_on_the_next_search(db, shared):
    documents = stored(random.Random(2))
    backend = EmbeddedBackend()
    assert search(backend, ["novel"]).total == 0
    changed = {**documents[4], "tokens": ["novel"], "text": "novel novel", "track": "ai"}
    added = {**documents[5], "pk": 999, "ref": "T-NEW", "tokens": ["novel"], "text": "novel"}
    put(changed)
    put(added)
    for reader in (backend, another_process()):
        page = search(reader, ["novel"])
        assert page.ids == sorted([5, 999], reverse=True) or set(page.ids) == {5, 999}
        assert page.total == 2
        assert search(reader, track=["ai"]).ids == [5]
    assert len(revisions(shared)) == 1  # the base stayed; the two rows are the delta


def test_a_removed_or_rolled_back_document_disappears(db, shared):
    stored(random.Random(3))
    backend = EmbeddedBackend()
    assert 7 in search(backend).ids
    SearchDocument.objects.filter(kind="technology", listing_id=7).delete()
    assert 7 not in search(backend).ids and search(backend).total == 59

    ghost = {**make_document(random.Random(4), "technology", 4242, timezone.now()), "tokens": ["ghost"]}
    with pytest.raises(RuntimeError), transaction.atomic():
        put({**ghost, "text": "ghost"})
        assert search(backend, ["ghost"]).ids == [4242]
        raise RuntimeError("rolled back")
    assert search(backend, ["ghost"]).total == 0 and search(backend).total == 59


def test_a_base_newer_than_the_table_is_rebuilt(db, shared):
    """A base written inside a transaction that rolled back no longer matches the table."""
    stored(random.Random(5))
    backend = EmbeddedBackend()
    assert search(backend).total == 60
    with pytest.raises(RuntimeError), transaction.atomic():
        put({**make_document(random.Random(6), "technology", 777, timezone.now()), "text": "phantom"})
        another_process()
        Store("technology")._remove_others(keep=None)  # force a new base, with the phantom in it
        assert search(backend, ["phantom"]).ids == [777]
        raise RuntimeError("rolled back")
    assert search(another_process(), ["phantom"]).total == 0
    assert search(backend, ["phantom"]).total == 0 and search(backend).total == 60


def test_a_base_whose_files_cannot_be_read_is_written_again(db, shared, caplog):
    """A base damaged or lost on disk (a file deleted, a disk error) is rebuilt from the table,
    with a warning, instead of failing every search that maps it."""
    stored(random.Random(7))
    first = search(EmbeddedBackend(), ["w3"])
    (name,) = revisions(shared)
    (directory,) = [d for d, dirs, _files in os.walk(shared) if name in dirs]
    with open(os.path.join(directory, name, "pk.npy"), "wb") as damaged:
        damaged.write(b"not an array")
    assert search(another_process(), ["w3"]) == first
    (again,) = revisions(shared)
    assert again != name and "not readable, written again" in caplog.text


def test_a_delta_past_its_bound_becomes_a_new_base(db, shared, monkeypatch):
    documents = stored(random.Random(8))
    backend = EmbeddedBackend()
    search(backend)
    before = revisions(shared)
    monkeypatch.setattr(mapped, "DELTA_MIN", 3)
    for document in documents[:5]:
        put({**document, "text": document["text"] + " merged"})
    assert search(backend, ["merged"]).total == 5
    after = revisions(shared)
    assert len(after) == 1 and after != before
    assert len(backend.index("technology").parts) == 1  # everything is in the new base


def test_facet_counts_equal_a_recount_from_the_documents(db, shared):
    documents = stored(random.Random(9), count=80)
    page = search(EmbeddedBackend(), ["common"])
    now = timezone.now()
    hits = [d for d in documents if "common" in d["text"].split()]
    assert page.total == len(hits)
    for facet in facets_for("technology"):
        recount = {}
        for document in hits:
            for key in set(facet_keys(document, FACETS_BY_NAME[facet.name], now)):
                recount[key] = recount.get(key, 0) + 1
        assert page.facets[facet.name] == recount


def test_the_index_holds_no_documents(db, shared):
    """Only arrays (the base mapped from its files) and facet values: no data dicts, no features."""
    stored(random.Random(10))
    index = another_process().index("technology")
    seen, pending = set(), [index]
    while pending:
        obj = pending.pop()
        if id(obj) in seen or isinstance(obj, np.ndarray | str | int | float | type(None)):
            continue
        seen.add(id(obj))
        if isinstance(obj, dict):
            assert not {"pk", "text"} <= set(obj), "a document's data dict is held"
            pending += list(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            pending += list(obj)
        elif hasattr(obj, "__dict__") and not callable(obj):
            assert type(obj).__name__ != "ListingFeatures"
            pending += list(vars(obj).values())
    arrays = index.parts[0].segment.arrays
    assert all(isinstance(a, np.memmap) for name, a in arrays.items() if a.size)


def test_a_process_waiting_for_a_build_maps_its_result_instead_of_building(db, shared):
    """Two workers needing a base at once: the second waits on the lock, then maps the first's."""
    store = Store("technology")
    documents = [make_document(random.Random(11), "technology", pk, timezone.now()) for pk in (1, 2, 3)]
    building, published = threading.Event(), []

    def first_worker():
        with store.building():
            building.set()
            time.sleep(0.3)
            published.append(store.publish(build_segment(documents)))

    thread = threading.Thread(target=first_worker)
    thread.start()
    building.wait()

    class Unreadable:
        def values_list(self, *args):
            raise AssertionError("the waiting process must not read the table")

    base, name, fresh = EmbeddedBackend._build_base("technology", Unreadable(), store, tried=None)
    thread.join()
    assert (name, fresh) == (published[0], False)
    assert base.pk.tolist() == [1, 2, 3] and isinstance(base["pk"], np.memmap)
    assert store.current() == name and revisions(shared) == [name]


def test_an_unwritable_index_directory_leaves_the_index_in_memory(db, shared, settings, caplog):
    blocked = shared / "a-file"
    blocked.write_text("not a directory")
    settings.SEARCH_EMBEDDED_DIR = str(blocked)
    stored(random.Random(12), count=20)
    page = search(EmbeddedBackend(), ["common"])
    assert page.total == sum(1 for d in SearchDocument.objects.all() if "common" in d.data["text"].split())
    assert "kept in memory" in caplog.text
