"""Latency of matching and of the search page, on whatever database and backend the environment names.

    DATABASE_URL=... SEARCH_BACKEND=elasticsearch|embedded ELASTICSEARCH_URL=... \
        .venv/bin/python benchmarks/search_match.py [--samples 300] [--seed 1] [--synthetic-vectors] \
        [--matches-only] [--count] [--dump FILE | --compare FILE]

``--synthetic-vectors`` first stores a random unit vector for every published listing without one,
and four random passages for every technology without them (the model embeds a dozen listings a
second, too slow for 120,000; the latency of the hybrid matching does not depend on what the
vectors hold). ``SEARCH_EMBEDDINGS=false`` measures lexical
matching alone. ``--matches-only`` leaves the search page out. ``--count`` also prints, per match,
the Elasticsearch round trips and searches, the node's ``took`` of the candidates search and of
the term statistics search (when one was sent), and the SQL queries. ``--dump FILE`` writes every
match's output (refs in order, scores, bands, reasons) as JSON; ``--compare FILE`` matches the same
listings (same ``--seed`` and ``--samples``) and says whether each output is identical to the
dumped one (run ``--dump`` with the code before a change, ``--compare`` with it after).

Prints p50/p95/max in milliseconds for: matches of random demands, matches of random technologies
(search.services.match_listing, end to end with its database queries), and the search page
(GET /search/ through Django's test client, random queries, facets and pages).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from listings.models import Demand, Technology  # noqa: E402
from search import embedding, services  # noqa: E402
from search import passages as passage_vectors  # noqa: E402
from search.backends import get_backend  # noqa: E402
from search.models import ListingEmbedding  # noqa: E402

QUERIES = [
    "钠离子电池", "sodium-ion battery", "脑机接口", "brain-computer interface", "合成生物学", "CAR-T",
    "卫星遥感", "水下机器人", "碳化硅", "储能 低温", "gene editing", "自动驾驶 激光雷达", "燃料电池",
    "深水油气", "光刻胶", "high-throughput screening", "类器官", "无人机", "数据中心 节能", "",
]  # fmt: skip
FACETS = [{}, {"track": "advanced-energy"}, {"trl": "4-6"}, {"language": "en"}, {"date": "365d"}]


def percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    return f"p50 {statistics.median(samples):7.1f}  p95 {p95:7.1f}  max {samples[-1]:7.1f} ms  (n={len(samples)})"


def timed(call):
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def store_synthetic_vectors(pks_by_kind, *, seed):
    numpy_rng = np.random.default_rng(seed)
    for kind, pks in pks_by_kind.items():
        have = set(ListingEmbedding.objects.filter(kind=kind).values_list("listing_id", flat=True))
        missing = [pk for pk in pks if pk not in have]
        for start in range(0, len(missing), 5000):
            batch = missing[start : start + 5000]
            vectors = numpy_rng.standard_normal((len(batch), embedding.DIM)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            ListingEmbedding.objects.bulk_create(
                ListingEmbedding(
                    kind=kind,
                    listing_id=pk,
                    digest="synthetic",
                    model=embedding.MODEL,
                    vector=embedding.to_bytes(v),
                )
                for pk, v in zip(batch, vectors, strict=True)
            )
        if missing:
            embedding.vectors_changed(kind)
    # A technology's passages (search.passages): four random unit vectors, their average as its
    # vector, for every technology stored without them (rows of an earlier recipe included).
    bare = list(ListingEmbedding.objects.filter(kind="technology", passages=b"").values_list("pk", flat=True))
    for start in range(0, len(bare), 5000):
        rows = list(ListingEmbedding.objects.filter(pk__in=bare[start : start + 5000]))
        for row in rows:
            passages = numpy_rng.standard_normal((4, embedding.DIM)).astype(np.float32)
            passages /= np.linalg.norm(passages, axis=1, keepdims=True)
            row.vector = embedding.to_bytes(embedding.averaged(passages))
            row.passages = passage_vectors.to_bytes(passages)
        ListingEmbedding.objects.bulk_update(rows, ["vector", "passages"])
    if bare:
        embedding.vectors_changed("technology")


class Counter:
    """Elasticsearch ``_msearch`` round trips (each search's body and ``took``) and SQL queries."""

    def __init__(self):
        self.trips, self.queries = [], 0

    def install(self):
        client = get_backend("elasticsearch").client
        msearch = client.msearch

        def counted(*args, **kwargs):
            answer = msearch(*args, **kwargs)
            bodies = kwargs.get("searches", ())[1::2]
            self.trips.append(
                [(body, r.get("took", 0)) for body, r in zip(bodies, answer["responses"], strict=True)]
            )
            return answer

        client.msearch = counted
        type(get_backend("elasticsearch")).client = property(lambda _backend: client)
        connection.execute_wrappers.append(self.query)

    def query(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def take(self):
        trips, queries = self.trips, self.queries
        self.trips, self.queries = [], 0
        return trips, queries


def counts_line(per_match):
    """Means over matches: round trips, searches, the took of each kind of search, SQL queries."""
    n = len(per_match)
    searches = [body for trips, _q in per_match for trip in trips for body, _took in trip]
    took = {"candidates": [], "statistics": [], "nearest": []}
    for trips, _q in per_match:
        for trip in trips:
            for body, ms in trip:
                kind = (
                    "statistics"
                    if "aggs" in body
                    else "nearest"
                    if "ids" in body.get("query", {})
                    else "candidates"
                )
                took[kind].append(ms)
    with_statistics = sum(1 for trips, _q in per_match if any("aggs" in b for t in trips for b, _ in t))
    parts = [
        f"round trips {sum(len(t) for t, _q in per_match) / n:.2f}",
        f"searches {len(searches) / n:.2f}",
        f"with statistics {with_statistics}/{n}",
    ]
    parts += [f"took {kind} {statistics.mean(ms):.1f} ms" for kind, ms in took.items() if ms]
    parts.append(f"SQL {sum(q for _t, q in per_match) / n:.1f}")
    return "  per match: " + ", ".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--synthetic-vectors", action="store_true")
    parser.add_argument("--matches-only", action="store_true", help="leave the search page out")
    parser.add_argument("--count", action="store_true", help="count round trips, searches and SQL per match")
    parser.add_argument("--dump", help="write every match's output (JSON) to this file")
    parser.add_argument("--compare", help="compare every match's output with this --dump file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    technologies = list(Technology.objects.published().values_list("pk", flat=True))
    demands = list(Demand.objects.published().values_list("pk", flat=True))
    if args.synthetic_vectors:
        store_synthetic_vectors({"technology": technologies, "demand": demands}, seed=args.seed)
    print(
        f"meaning vectors: {'on' if embedding.enabled() else 'off'}, {ListingEmbedding.objects.count()} stored"
    )
    print(
        f"backend {settings.SEARCH_BACKEND}; {len(technologies)} technologies, {len(demands)} demands published"
    )

    # Warm-up: the embedded backend builds its in-memory index on first use, jieba loads once.
    cold, _ = timed(lambda: services.match_listing(listing=Demand.objects.get(pk=demands[0])))
    print(f"first match (cold: loads the index / dictionary): {cold:.0f} ms")
    services.search_listings(kind="technology", query="钠离子电池")
    counter = Counter() if args.count and settings.SEARCH_BACKEND == "elasticsearch" else None
    if counter:
        counter.install()

    outputs = {}
    for label, model, pool in (("match demand→technologies", Demand, demands), ("match technology→demands", Technology, technologies)):  # fmt: skip
        times, sizes, per_match = [], [], []
        for pk in rng.sample(pool, min(args.samples, len(pool))):
            listing = model.objects.select_related("track", "organisation").get(pk=pk)
            if counter:
                counter.take()
            elapsed, matches = timed(
                lambda listing=listing: services.match_listing(listing=listing, limit=10)
            )
            if counter:
                per_match.append(counter.take())
            times.append(elapsed)
            sizes.append(len(matches))
            outputs[f"{listing.kind} {pk}"] = [
                [m.ref, m.score, m.band, [str(r) for r in m.reasons]] for m in matches
            ]
            assert not matches.degraded, "fell back to the embedded backend"
        print(f"{label:<28} {percentiles(times)}  mean results {statistics.mean(sizes):.1f}")
        if per_match:
            print(counts_line(per_match))
    if args.dump:
        Path(args.dump).write_text(json.dumps(outputs, ensure_ascii=False))
    if args.compare:
        before = json.loads(Path(args.compare).read_text())
        differ = sorted(key for key in outputs if before.get(key) != outputs[key])
        missing = sorted(set(before) - set(outputs))
        print(
            f"compared with {args.compare}: {len(outputs) - len(differ)} of {len(outputs)} matches identical "
            f"(refs, order, scores, bands, reasons); differ: {differ[:10]}; not matched here: {len(missing)}"
        )
    for kind in ("technology", "demand"):
        vectors = embedding.StoredVectors.get(kind) if embedding.enabled() else None
        if vectors is not None:
            store = vectors.passages
            held = store.nbytes() if store is not None else 0
            base = store.base if store is not None else None
            print(
                f"{kind} vectors held by this process: {vectors.matrix.nbytes / 2**20:.1f} MB, "
                f"passages {held / 2**20:.1f} MB ({len(store or ())} sampled, "
                f"{len(store.lru) if store is not None else 0} cached, "
                f"{len(store.delta) if store is not None else 0} in the delta); "
                f"shared file mapped: {base.matrix.nbytes / 2**20 if base is not None else 0:.1f} MB"
            )

    if args.matches_only:
        return
    client = Client()
    times = []
    for _ in range(args.samples):
        params = {
            "q": rng.choice(QUERIES),
            "kind": rng.choice(["technology", "demand"]),
            "page": rng.choice([1, 1, 2, 5]),
        }
        params.update(rng.choice(FACETS))
        elapsed, response = timed(lambda params=params: client.get("/search/", params))
        assert response.status_code == 200
        times.append(elapsed)
    print(f"{'search page GET /search/':<28} {percentiles(times)}")


if __name__ == "__main__":
    main()
