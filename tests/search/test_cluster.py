"""A two-node Elasticsearch cluster loses a node in the middle of searches and updates.

The test starts its own cluster with ``scripts/services.sh --es-second-node`` on free loopback
ports, in a directory of its own (the shared server is never touched): node 1 is master + data,
node 2 data only, one replica per index. The indexes' primaries are moved to node 2 first, so
stopping it forces the replicas on node 1 to take over. Meanwhile a stream of searches and
listing updates runs: every search must be answered by Elasticsearch (not the embedded fallback),
and every update must be in the index once node 2 is back and the cluster green. Writes are set
to wait for both copies here, so every update made while node 2 is away is refused and goes
through the pending-updates table and the periodic drain, deterministically.
"""

import os
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from elasticsearch_dsl.connections import connections

from listings.models import Technology
from search import services, tasks
from search.backends import get_backend, reset_backends
from search.models import PendingIndexUpdate
from tests.factories.listings import TechnologyFactory

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "services.sh"
pytestmark = [pytest.mark.elasticsearch]


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture
def cluster():
    """(env, hosts, node names) of a private two-node cluster, stopped and removed afterwards."""
    base = tempfile.mkdtemp(prefix="es-cluster-", dir="/tmp")  # noqa: S108 — esrunner must reach it
    os.chmod(base, 0o755)  # noqa: S103 — traversable by the esrunner user, holds test data only
    http1, transport1, http2, transport2 = free_ports(4)
    name = f"binhai-cluster-{uuid.uuid4().hex[:6]}"
    env = {
        **os.environ,
        "ES_SECOND_NODE": "1",
        "ES_CLUSTER_NAME": name,
        "ES_DIR": f"{base}/es1",
        "ES2_DIR": f"{base}/es2",
        "ES_PORT": str(http1),
        "ES_TRANSPORT_PORT": str(transport1),
        "ES2_PORT": str(http2),
        "ES2_TRANSPORT_PORT": str(transport2),
        "ES_JAVA_OPTS": "-Xms256m -Xmx256m -XX:TieredStopAtLevel=1",
    }

    def services(*args):
        subprocess.run(["bash", str(SCRIPT), *args], env=env, check=True, timeout=240)

    services("start", "es", "es2")
    try:
        yield (
            services,
            [f"http://127.0.0.1:{http1}", f"http://127.0.0.1:{http2}"],
            (f"{name}-node", f"{name}-node-2"),
        )
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", "es2", "es"], env=env, timeout=240)
        subprocess.run(["rm", "-rf", base], check=False)


@pytest.fixture
def on_cluster(cluster, settings):
    services_sh, hosts, nodes = cluster
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_REPLICAS = 1
    settings.ELASTICSEARCH_INDEX_PREFIX = "t-cluster"
    settings.ELASTICSEARCH_BULK_TIMEOUT = "2s"  # a write waits this long for both copies, then is pending
    connections.create_connection(alias="default", hosts=hosts, request_timeout=3)
    reset_backends()
    yield services_sh, nodes
    connections.create_connection(alias="default", **django_settings.ELASTICSEARCH_DSL["default"])
    reset_backends()


def primaries_on(client, names):
    """The nodes holding started primaries of these indexes."""
    rows = client.cat.shards(index=names, format="json")
    return {row["node"] for row in rows if row["prirep"] == "p" and row["state"] == "STARTED"}


def wait_for(client, **health):
    answer = client.options(request_timeout=60).cluster.health(timeout="50s", **health)
    assert not answer["timed_out"], answer


def test_losing_a_node_loses_no_search_and_no_update(on_cluster, corpus, energy, university):
    services_sh, (node1, node2) = on_cluster
    es = get_backend("elasticsearch")
    client = es.client
    listings = [
        TechnologyFactory(
            ref=f"T-STREAM-{i}",
            title=f"钠离子电池储能系统 {i}",
            track=energy,
            organisation=university,
            published=True,
        )
        for i in range(6)
    ]
    services.rebuild_search_index()
    names = ",".join(es.index_names.values())
    # Primaries onto node 2 (the one that will stop): without replicas, off node 1; then the
    # replicas come back on node 1.
    client.indices.put_settings(
        index=names, settings={"index.number_of_replicas": 0, "index.routing.allocation.exclude._name": node1}
    )
    deadline = time.monotonic() + 60
    while primaries_on(client, names) != {node2}:
        assert time.monotonic() < deadline, client.cat.shards(index=names)
        time.sleep(0.5)
    client.indices.put_settings(
        index=names,
        settings={
            "index.number_of_replicas": 1,
            "index.routing.allocation.exclude._name": None,
            "index.write.wait_for_active_shards": "all",
        },
    )
    wait_for(client, index=names, wait_for_status="green")
    assert primaries_on(client, names) == {node2}

    searches, updates, deferred = [], {}, 0
    stopper = threading.Thread(target=services_sh, args=("stop", "es2"))

    def one_round(round_number):
        nonlocal deferred
        listing = listings[round_number % len(listings)]
        title = f"钠离子电池储能系统 {listing.pk} 第{round_number}版"
        Technology.objects.filter(pk=listing.pk).update(title=title)
        result = services.index_listings(kind="technology", ids=[listing.pk])
        deferred += result.deferred
        updates[listing.pk] = title
        page = services.search_listings(kind="technology", query="钠离子电池")
        searches.append((round_number, page.degraded, page.total))

    for round_number in range(4):
        one_round(round_number)
    stopper.start()
    round_number = 4
    while stopper.is_alive():  # node 2 shutting down
        one_round(round_number)
        round_number += 1
    stopper.join()
    for extra in range(3):  # node 2 gone
        one_round(round_number + extra)
    assert deferred > 0  # updates made without node 2 waited in the pending table
    assert PendingIndexUpdate.objects.filter(kind="technology").exists()

    services_sh("start", "es2")
    wait_for(client, index=names, wait_for_status="green")
    assert tasks.drain_pending_index_updates.delay().get() >= 1  # what the beat task does every minute
    assert not PendingIndexUpdate.objects.exists()
    es.refresh("technology")

    assert [s for s in searches if s[1] or s[2] < 8] == []  # every search answered by Elasticsearch
    for pk, title in updates.items():
        assert client.get(index=es.index_names["technology"], id=pk)["_source"]["title"] == title
    assert es.count("technology") == Technology.objects.published().count() == 9
