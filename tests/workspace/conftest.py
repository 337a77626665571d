"""Shared fixtures of the workspace tests: embedded search, indexing on demand, the energy track."""

import pytest

from listings.signals import listings_changed
from search.backends import reset_backends


@pytest.fixture(autouse=True)
def _embedded_search(settings):
    """Match counts from the embedded backend: the test needs no Elasticsearch index of its own."""
    settings.SEARCH_BACKEND = "embedded"
    reset_backends()
    yield
    reset_backends()


@pytest.fixture
def index(django_capture_on_commit_callbacks):
    def send(*listings):
        with django_capture_on_commit_callbacks(execute=True):
            for listing in listings:
                listings_changed.send(sender=type(listing), ids=[listing.pk])

    return send


@pytest.fixture
def energy(tracks):
    return next(t for t in tracks if t.slug == "advanced-energy")
