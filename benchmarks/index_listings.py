"""Indexing throughput of ``rebuild_search_index --workers N`` on the 120k benchmark.

    eval "$(bash scripts/services.sh env)"; export REDIS_URL=redis://127.0.0.1:63799/6
    .venv/bin/python benchmarks/import_listings.py --database bench_scale --keep   # the 120,000 listings
    .venv/bin/python benchmarks/index_listings.py --database bench_scale --workers 2

Runs the command twice in a database of its own with the Elasticsearch backend (index prefix
``bench-index``): ``--reanalyse`` (every listing analysed, as after a first import), then plain
(texts unchanged: the analysis is reused). Prints what the command prints (listings/s, workers,
seconds per step) and, because the machine is shared, the load average and the CPU seconds spent
by the command with its workers and by the Elasticsearch node (read from its own statistics, so
it includes whatever else the node served meanwhile); from those, the rate the same work would
reach on two otherwise idle cores (PostgreSQL's share not counted: it is small next to these).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


def es_cpu_seconds(url):
    with urllib.request.urlopen(f"{url}/_nodes/_local/stats/process", timeout=10) as answer:  # noqa: S310
        nodes = json.load(answer)["nodes"]
    return sum(node["process"]["cpu"]["total_in_millis"] for node in nodes.values()) / 1000


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_scale")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=2000)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    es_url = os.environ.get("ELASTICSEARCH_URL", "").split(",")[0]
    if not url.startswith("postgres") or not es_url or not os.environ.get("REDIS_URL"):
        sys.exit('Set DATABASE_URL, ELASTICSEARCH_URL and REDIS_URL: eval "$(bash scripts/services.sh env)"')
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit(urlsplit(url)._replace(path=f"/{args.database}")),
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
        "DEBUG": "false",
        "SEARCH_BACKEND": "elasticsearch",
        "ELASTICSEARCH_INDEX_PREFIX": "bench-index",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    for label, extra in (("analysed", ["--reanalyse"]), ("unchanged", [])):
        command = [
            *manage,
            "rebuild_search_index",
            "--workers",
            str(args.workers),
            "--chunk-size",
            str(args.chunk_size),
        ]
        load_before = os.getloadavg()[0]
        cpu_before, es_before, started = children_cpu_seconds(), es_cpu_seconds(es_url), time.perf_counter()
        done = subprocess.run([*command, *extra], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{' '.join(command[1:] + extra)} failed:\n{done.stdout}\n{done.stderr}")
        elapsed = time.perf_counter() - started
        python_cpu, es_cpu = children_cpu_seconds() - cpu_before, es_cpu_seconds(es_url) - es_before
        print(f"--- {label}: {' '.join(command[1:] + extra)}")
        print(done.stdout.strip())
        total = sum(int(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("Indexed "))
        per_listing = (python_cpu + es_cpu) / total
        print(
            f"wall {elapsed:.1f} s; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; "
            f"CPU: command + workers {python_cpu:.1f} s, Elasticsearch {es_cpu:.1f} s "
            f"= {per_listing * 1000:.2f} ms per listing -> {2 / per_listing:,.0f} listings/s on 2 idle cores"
        )


if __name__ == "__main__":
    main()
