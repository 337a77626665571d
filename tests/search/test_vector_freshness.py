"""A process's meaning vectors stay current: a vector written or removed elsewhere is seen after
the refresh interval, and finding out that nothing changed costs one indexed read, not an
aggregate over every vector."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import embedding, services
from search.models import EmbeddingVersion, ListingEmbedding


@pytest.fixture
def meaning_vectors(settings):
    """Meaning vectors on before the listings are announced (the model really runs)."""
    settings.SEARCH_EMBEDDINGS = True
    embedding.StoredVectors.forget()
    yield
    embedding.StoredVectors.forget()


def _published_pks(vectors):
    return sorted(int(pk) for pk in vectors.pks)


@pytest.mark.django_db
def test_vectors_written_and_removed_by_another_process_are_seen_after_the_refresh(
    meaning_vectors, corpus, settings
):
    cathode, anode, draft = corpus["cathode"], corpus["anode"], corpus["draft"]
    settings.SEARCH_EMBEDDINGS_REFRESH_SECONDS = 3600
    before = embedding.StoredVectors.get("technology")
    assert cathode.pk in before.position and anode.pk in before.position
    assert draft.pk not in before.position
    version = embedding.vectors_version("technology")

    # Another process (the embedding worker) withdraws one listing's vector and publishes another's.
    cathode.status = cathode.Status.WITHDRAWN
    cathode.save()
    assert services.embed_listing(kind="technology", pk=cathode.pk) == "removed"
    draft.status = draft.Status.PUBLISHED
    draft.save()
    assert services.embed_listing(kind="technology", pk=draft.pk) == "embedded"
    assert embedding.vectors_version("technology") == version + 2

    # Within the refresh interval this process keeps what it has ...
    assert embedding.StoredVectors.get("technology") is before
    assert cathode.pk in before.position and draft.pk not in before.position
    # ... after it, it catches up: the removed vector is gone, the added one is there, as stored.
    settings.SEARCH_EMBEDDINGS_REFRESH_SECONDS = 0
    after = embedding.StoredVectors.get("technology")
    stored = ListingEmbedding.objects.filter(kind="technology", model=embedding.MODEL)
    assert _published_pks(after) == sorted(stored.values_list("listing_id", flat=True))
    assert cathode.pk not in after.position and draft.pk in after.position
    assert np.array_equal(after.vector(draft.pk), embedding.stored_vector(kind="technology", pk=draft.pk))
    # A fresh process reads the same set.
    embedding.StoredVectors.forget()
    assert _published_pks(embedding.StoredVectors.get("technology")) == _published_pks(after)


@pytest.mark.django_db
def test_an_unchanged_vector_set_costs_one_indexed_read(meaning_vectors, corpus, settings):
    settings.SEARCH_EMBEDDINGS_REFRESH_SECONDS = 0
    first = embedding.StoredVectors.get("technology")
    with CaptureQueriesContext(connection) as queries:
        again = embedding.StoredVectors.get("technology")
    assert again is first
    assert len(queries) == 1
    assert (
        "search_embeddingversion" in queries[0]["sql"] and "search_listingembedding" not in queries[0]["sql"]
    )
    # Re-embedding an unchanged revision writes nothing, so nothing is re-read either.
    assert services.embed_listing(kind="technology", pk=corpus["cathode"].pk) == "unchanged"
    assert embedding.StoredVectors.get("technology") is first


@pytest.mark.django_db
def test_a_write_bumps_the_version_even_where_the_migration_left_no_counter():
    EmbeddingVersion.objects.all().delete()  # e.g. a database flushed since it was migrated
    assert embedding.vectors_version("demand") == 0
    embedding.vectors_changed("demand")
    embedding.vectors_changed("demand")
    assert embedding.vectors_version("demand") == 2
    assert embedding.vectors_version("technology") == 0
