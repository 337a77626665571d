"""A match the former way and the current way, alternated per listing in one process (the load of
a shared machine falls on both alike), with their outputs compared.

    (the environment of benchmarks/search_match.py) \
        .venv/bin/python benchmarks/match_before_after.py [--samples 150] [--seed 1] [--kind demand]

"The former way" is ``match_listing`` as it was before the round "A match's own costs"
(benchmarks/README.md): the source's document and vector in two queries, its profiles computed
for every match (nothing remembered), the candidates' ``_source`` filtered on the node to the
fields matching reads, every track read for the explanations. Each listing is matched both ways, in alternating order; prints p50/p95/mean of
each, the time saved per listing (paired: median and quartiles) and how many outputs (refs,
order, scores, bands, reasons) are identical.
"""

import argparse
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

django.setup()

from listings.models import Demand, Technology  # noqa: E402
from search import embedding, ranking, services  # noqa: E402
from search.analysis import features_from_listing  # noqa: E402
from search.backends.base import CANDIDATES, features_from_document  # noqa: E402
from search.bulk import listing_queryset  # noqa: E402
from search.models import SearchDocument  # noqa: E402
from search.passages import Memo  # noqa: E402

# What the candidates' searches asked the node for before (``_source`` filtered to these).
FORMER_FIELDS = [
    "pk", "kind", "ref", "title", "language", "track", "trl", "price_cny", "price_negotiable",
    "budget_min_cny", "budget_max_cny", "deadline", "needed_trl", "tokens", "key_tokens",
    "concepts", "key_concepts", "glosses", "key_glosses",
]  # fmt: skip


def former_match(listing, limit=10):
    """``match_listing`` before the round (Elasticsearch, no fallback)."""
    data = (
        SearchDocument.objects.filter(kind=listing.kind, listing_id=listing.pk)
        .values_list("data", flat=True)
        .first()
    )
    source = features_from_document(data) if data and listing.is_published else features_from_listing(listing)
    vector = embedding.stored_vector(kind=listing.kind, pk=listing.pk)
    target = services.other_kind(listing.kind)
    vectors = embedding.StoredVectors.get(target)
    backend = services.get_backend("elasticsearch")
    remembered, embedding.PROFILES = embedding.PROFILES, Memo(size=0)
    try:
        closeness = vectors.closeness(vector, source.language)
        searches, read = backend._match_searches(
            kind=target, source=source, limit=CANDIDATES, extra=closeness.nearest()
        )
        for body in searches[1::2]:
            if body.get("_source") is True:
                body["_source"] = FORMER_FIELDS
        candidates, stats = read(backend._msearch(searches))
        cosines = closeness.of([c.pk for c in candidates])
        ranked = ranking.rank(
            source=source, candidates=candidates, stats=stats, limit=limit, semantic=cosines
        )
    finally:
        embedding.PROFILES = remembered
    objects = {
        pk: obj
        for pk, obj in listing_queryset(target).in_bulk([r.features.pk for r in ranked]).items()
        if obj.is_published
    }
    return [
        [objects[r.features.pk].ref, r.score, r.band, [str(reason) for reason in r.reasons]]
        for r in ranked
        if r.features.pk in objects
    ]


def computed_match(listing, limit=10):
    """The current way with nothing remembered of the source's profiles (``--repeat``)."""
    remembered, embedding.PROFILES = embedding.PROFILES, Memo(size=0)
    try:
        return current_match(listing, limit)
    finally:
        embedding.PROFILES = remembered


def current_match(listing, limit=10):
    return [
        [m.ref, m.score, m.band, [str(r) for r in m.reasons]]
        for m in services.match_listing(listing=listing, limit=limit)
    ]


def summary(times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return (
        f"p50 {statistics.median(times):6.1f}  p95 {p95:6.1f}  mean {statistics.mean(times):6.1f}  "
        f"max {times[-1]:6.1f} ms"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kind", choices=["demand", "technology"], default="demand")
    parser.add_argument(
        "--repeat",
        action="store_true",
        help="match each listing once first, then compare its profiles remembered (current) with "
        "them computed again (in place of the former way)",
    )
    args = parser.parse_args()
    former = computed_match if args.repeat else former_match
    model = Demand if args.kind == "demand" else Technology
    pool = list(model.objects.published().values_list("pk", flat=True))
    rng = random.Random(args.seed)
    warm = model.objects.get(pk=pool[0])
    former(warm), current_match(warm)
    times = {"former": [], "current": []}
    identical = 0
    for i, pk in enumerate(rng.sample(pool, min(args.samples, len(pool)))):
        listing = model.objects.select_related("track", "organisation").get(pk=pk)
        if args.repeat:
            current_match(listing)
        out = {}
        for name in ("former", "current") if i % 2 else ("current", "former"):
            start = time.perf_counter()
            out[name] = (former if name == "former" else current_match)(listing)
            times[name].append((time.perf_counter() - start) * 1000)
        identical += out["former"] == out["current"]
    n = len(times["former"])
    print(f"{args.kind} → {services.other_kind(args.kind)}, {n} listings, seed {args.seed}")
    for name, values in times.items():
        print(f"  {name:<8} {summary(values)}")
    # Paired per listing: the load of the moment falls on both of its matches.
    saved = sorted(f - c for f, c in zip(times["former"], times["current"], strict=True))
    print(
        f"  saved per listing (former − current): median {statistics.median(saved):.1f} ms, "
        f"quartiles {saved[n // 4]:.1f} / {saved[3 * n // 4]:.1f} ms"
    )
    print(f"  identical outputs (refs, order, scores, bands, reasons): {identical} of {n}")


if __name__ == "__main__":
    main()
