"""Time the public page set at one data size: p50/p95 per page and the workers' memory.

Starts gunicorn (2 workers) on the database and search backend given by the environment, with the
anonymous page cache off (``PAGE_CACHE_ENABLED=false``: the point is the uncached cost), finds the
URLs to ask for (a track, a technology, a query word) from the data, warms each page, then asks
each page ``--requests`` times one after another and prints one Markdown row per page. Run it once
per size, back to back, and compare the rows (see benchmarks/README.md, "Cost at 1k, 10k, 100k").

    .venv/bin/python benchmarks/page_scale.py --label 10k --requests 200 [--settings production]
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"

DISCOVER = """
import json
from listings.models import Technology
from taxonomy.models import Track
technology = Technology.objects.published().order_by("-published_at", "-id").first()
track = Track.objects.order_by("order").first()
print(json.dumps({
    "track": track.slug,
    "technology": technology.get_absolute_url(),
    "query": (technology.title or "")[:2] or "技术",
    "count": Technology.objects.published().count(),
}))
"""


def pages(found):
    return [
        ("home", "/"),
        ("track page", f"/tracks/{found['track']}/"),
        ("technology list", "/listings/technologies/"),
        ("demand list", "/listings/demands/"),
        ("search", "/search/?" + urllib.parse.urlencode({"q": found["query"]})),
        ("technology + matches", found["technology"]),
        ("indicators", "/indicators/"),
        ("roadshow list", "/roadshow/"),
        ("API technologies", "/api/v1/technologies/"),
    ]


def fetch(base, path):
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mb(pid, field="VmRSS", source="status"):
    """Resident memory of each gunicorn worker (the master's children), in MB. ``field="Anonymous"``
    with ``source="smaps_rollup"``: the worker's own memory, without the files it maps (the
    embedded index's base, shared by the workers through the page cache)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    sizes = []
    for child in children:
        for line in Path(f"/proc/{child}/{source}").read_text().splitlines():
            if line.startswith(f"{field}:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True, help="the size, for the table: 1k, 10k, 100k")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--warm", type=int, default=5, help="unmeasured requests per page first")
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--settings", default="dev", help="dev (the embedded default) or production")
    parser.add_argument("--json", help="append the figures as one JSON line to this file")
    args = parser.parse_args()

    env = dict(os.environ, PAGE_CACHE_ENABLED="false", DEBUG="false")
    env["DJANGO_SETTINGS_MODULE"] = f"marketplace.settings.{args.settings}"
    discovered = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", DISCOVER], cwd=ROOT, env=env, check=True, capture_output=True
    )
    found = json.loads(discovered.stdout.decode().strip().splitlines()[-1])
    server = subprocess.Popen(
        [
            ROOT / ".venv" / "bin" / "gunicorn",
            "marketplace.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{args.port}",
            "--forwarded-allow-ips=127.0.0.1",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _attempt in range(120):
            try:
                fetch(base, "/")
                break
            except OSError:
                time.sleep(1)
        load = os.getloadavg()
        results = []
        for name, path in pages(found):
            for _i in range(args.warm):
                fetch(base, path)
            times, statuses = [], set()
            for _i in range(args.requests):
                elapsed, status = fetch(base, path)
                times.append(elapsed)
                statuses.add(status)
            results.append(
                {
                    "page": name,
                    "path": path,
                    "p50": statistics.median(times),
                    "p95": percentile(times, 0.95),
                    "statuses": sorted(statuses),
                }
            )
        memory = rss_mb(server.pid)
        anonymous = rss_mb(server.pid, "Anonymous", "smaps_rollup")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    print(
        f"{args.label}: {found['count']} published technologies, settings {args.settings}, "
        f"load average {load[0]:.2f} at start, workers RSS {', '.join(f'{m:.0f}' for m in memory)} MB "
        f"(anonymous, not mapped from files: {', '.join(f'{m:.0f}' for m in anonymous)} MB)"
    )
    print("| page | p50 ms | p95 ms |")
    print("| --- | --- | --- |")
    for row in results:
        print(f"| {row['page']} | {row['p50']:.1f} | {row['p95']:.1f} |")
    if args.json:
        with open(args.json, "a", encoding="utf-8") as out:
            line = {
                "label": args.label,
                "load": load,
                "rss_mb": memory,
                "anonymous_mb": anonymous,
                "count": found["count"],
                "pages": results,
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
