"""A web process loads its slow parts before its first request, not during it (marketplace.warmup)."""

import importlib
import json
import sys
import threading
from pathlib import Path

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


def test_warm_up_starts_no_thread_a_forked_worker_would_lack(monkeypatch):
    monkeypatch.setattr(lexicon, "_lexicon", None)
    monkeypatch.setattr(analysis, "_tokenizer", None)
    monkeypatch.setattr(warmup.connections, "close_all", lambda: None)  # the test's own transaction
    before = set(threading.enumerate())

    warmup.warm_up()

    assert set(threading.enumerate()) == before


ROOT = Path(__file__).resolve().parent.parent


def test_production_gunicorn_loads_and_warms_the_application_once_before_forking_its_workers():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    command = json.loads(next(line for line in dockerfile.splitlines() if line.startswith("CMD "))[4:])
    assert command[:2] == ["gunicorn", "marketplace.wsgi:application"] and "--preload" in command
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    web = compose.split("\n  web:\n", 1)[1].split("\n  worker:", 1)[0]
    assert "      - gunicorn\n" in web and "      - --preload\n" in web
