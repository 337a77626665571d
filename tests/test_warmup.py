"""A web process loads its slow parts before its first request, not during it (marketplace.warmup)."""

import importlib
import sys

import pytest

from marketplace import warmup
from search import analysis, lexicon

pytestmark = pytest.mark.django_db


def test_warm_up_loads_the_segmenter_and_lexicon_and_hands_back_its_connections(monkeypatch):
    monkeypatch.setattr(lexicon, "_lexicon", None)
    monkeypatch.setattr(analysis, "_tokenizer", None)
    closed = []
    monkeypatch.setattr(warmup.connections, "close_all", lambda: closed.append(True))

    warmup.warm_up()

    assert "battery" in lexicon._lexicon.glosses("电池")  # loaded, not left for a request
    assert analysis._tokenizer is not None
    assert closed == [True]  # no connection survives into forked workers


def test_warm_up_that_fails_leaves_the_work_to_the_first_request(monkeypatch, caplog):
    def unreachable(text):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(warmup.analysis, "analyse", unreachable)
    monkeypatch.setattr(warmup.connections, "close_all", lambda: None)

    warmup.warm_up()  # the worker still starts

    assert "warm-up incomplete" in caplog.text


def test_the_wsgi_application_warms_up_when_the_server_loads_it(monkeypatch):
    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm"))
    monkeypatch.delitem(sys.modules, "marketplace.wsgi", raising=False)

    wsgi = importlib.import_module("marketplace.wsgi")

    assert calls == ["warm"]
    assert callable(wsgi.application)
