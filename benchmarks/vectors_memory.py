"""Memory and first load of the averaged vectors in one process (benchmarks/README.md, "Averaged
vectors mapped from a shared file").

Reads each kind's ``StoredVectors`` as a worker does on its first match (technologies, then
demands), then the closeness of ``--matches`` random demands to the technologies and of as many
technologies to the demands, and prints the time of each load and the process's memory from
``/proc/self/smaps_rollup`` before and after (RSS, PSS, anonymous). ``--float16`` also compares the
closeness read from float16-rounded vectors with float32. Reads the database, writes nothing to
it (the shared files go to ``SEARCH_EMBEDDED_DIR``).
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from search import embedding  # noqa: E402

FIELDS = ("Rss", "Pss", "Pss_Anon", "Pss_File", "Anonymous")


def memory():
    """{field: MB} of this process (``FIELDS``)."""
    out = {}
    with open("/proc/self/smaps_rollup") as file:
        for line in file:
            name, _sep, rest = line.partition(":")
            if name in FIELDS:
                out[name] = int(rest.split()[0]) / 1024
    return out


def shown(figures):
    return "  ".join(f"{name} {figures.get(name, 0):7.1f}" for name in FIELDS)


def compare_float16(vectors, sources, rng):
    """Largest change of closeness, and the share of 6-decimal figures changed, when ``vectors``'s
    matrix is read as float16; and how many nearest-50 lists change (brute-force sets only)."""
    matrix = np.asarray(vectors.matrix)  # the averaged vectors alone: no passages in either
    plain = embedding.VectorSet(vectors.pks, matrix, vectors.languages)
    rounded = embedding.VectorSet(vectors.pks, matrix.astype("<f2").astype(np.float32), vectors.languages)
    worst, changed, total, nearest = 0.0, 0, 0, 0
    for vector, language in sources:
        pks = [int(pk) for pk in rng.choice(vectors.pks, size=min(200, len(vectors)), replace=False)]
        exact = embedding.Closeness(plain, vector, language)
        other = embedding.Closeness(rounded, vector, language)
        a, b = exact.of(pks), other.of(pks)
        worst = max(worst, max(abs(a[pk] - b[pk]) for pk in pks))
        changed += sum(a[pk] != b[pk] for pk in pks)
        total += len(pks)
        nearest += exact.nearest() != other.nearest()
    return worst, changed / total, nearest


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--matches", type=int, default=100)
    parser.add_argument("--float16", action="store_true")
    options = parser.parse_args()
    print(
        f"vectors shared from {getattr(settings, 'SEARCH_VECTORS_SHARED_FROM', '(no setting)')}, "
        f"directory {settings.SEARCH_EMBEDDED_DIR}"
    )
    print(f"start                 {shown(memory())}")
    loaded = {}
    for kind in ("technology", "demand"):
        started = time.perf_counter()
        loaded[kind] = vectors = embedding.StoredVectors.get(kind)
        took = time.perf_counter() - started
        mapped = getattr(vectors, "shared", None) is not None
        print(
            f"{kind:<10} {len(vectors):>7} vectors, first load {took:6.2f} s, "
            f"{'mapped' if mapped else 'in memory'} {vectors.matrix.nbytes / 2**20:.1f} MB"
        )
        print(f"after {kind:<15} {shown(memory())}")
    rng = np.random.default_rng(1)
    random.seed(1)
    started = time.perf_counter()
    for source, target in (("demand", "technology"), ("technology", "demand")):
        held = loaded[source]
        for i in rng.choice(len(held), size=options.matches, replace=False):
            closeness = loaded[target].closeness(held.matrix[i], str(held.languages[i]))
            pks = [int(pk) for pk in rng.choice(loaded[target].pks, size=200, replace=False)]
            closeness.nearest()
            closeness.of(pks)
    print(f"{2 * options.matches} closeness in {time.perf_counter() - started:.2f} s")
    print(f"after matches         {shown(memory())}")
    if options.float16:
        for source, target in (("demand", "technology"), ("technology", "demand")):
            held = loaded[source]
            rows = rng.choice(len(held), size=20, replace=False)
            sources = [(np.asarray(held.matrix[i]), str(held.languages[i])) for i in rows]
            worst, share, nearest = compare_float16(loaded[target], sources, rng)
            print(
                f"float16 {source} -> {target}: closeness moved up to {worst:.4f} spreads, "
                f"{share:.0%} of the figures changed, nearest-50 changed for {nearest} of {len(sources)}"
            )


if __name__ == "__main__":
    main()
