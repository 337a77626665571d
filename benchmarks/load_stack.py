"""The whole stack under load: gunicorn (production settings, 2 workers) behind a local TLS proxy's
headers, one Celery worker, PostgreSQL, Redis and Elasticsearch from scripts/services.sh, and a
bounded locust run over a mix of anonymous pages, search, matches, the API and signed-in work.

    eval "$(bash scripts/services.sh env)"; export REDIS_URL=redis://127.0.0.1:63799/2 ELASTICSEARCH_INDEX_PREFIX=bench-load
    .venv/bin/python benchmarks/load_stack.py [--users 50] [--members 20] [--seconds 60] \
        [--technologies 4000 --demands 1000] [--database bench_load] [--reuse-db] [--port 8790]

1. A database of its own (dropped and made again unless --reuse-db): migrate, `load_demo`,
   `generate_listings --publish`, the search index rebuilt under ELASTICSEARCH_INDEX_PREFIX, and
   MEMBERS accounts without two-factor made by benchmarks/load_mix.py (a tag per run).
2. `collectstatic`, then gunicorn and the Celery worker under marketplace.settings.production with
   the HTTPS redirect and secure cookies on: every request says `X-Forwarded-Proto: https`, as
   the local proxy would, and carries its user's address in `X-Forwarded-For`
   (TRUSTED_PROXY_COUNT=1), so rate limits stay on and count per simulated person. The Redis
   database of REDIS_URL is flushed first (cold page cache, empty queues): use one of your own.
3. locust, headless (benchmarks/locustfile.py): USERS simulated users, MEMBERS of them signed in
   once each, 1-3 s between a user's requests; the window of SECONDS starts once every member is
   signed in.
4. Waits for the background work the run queued (outbox messages done by the worker), then prints
   p50/p95/p99 and requests/s per page kind, the sign-ins, the load average and the background work,
   and exits 1 listing every failure: a request that was not the expected 200 (or the 302 of a
   form), a 5xx in gunicorn's log, background work failed or still waiting.
"""

import argparse
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# status, milliseconds in gunicorn (without the wait for a free worker), page cache, kind, path
ACCESS_LOG_FORMAT = '%(s)s %(M)s %(t)s "%({x-page-cache}o)s" "%({x-load-kind}i)s" %(m)s %(U)s?%(q)s'
ACCESS_LINE = re.compile(r'^(\d{3}) (\d+) \[([^\]]+)\] "([^"]*)" "([^"]*)" ')


def log(message):
    print(f"[load] {time.strftime('%H:%M:%S')} {message}", flush=True)


def database_url(name):
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit('DATABASE_URL must point at PostgreSQL: eval "$(bash scripts/services.sh env)" first')
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url):
    import psycopg  # noqa: PLC0415 (only this step talks to PostgreSQL directly)

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_exists(url):
    import psycopg  # noqa: PLC0415 (only this step talks to PostgreSQL directly)

    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 0
    except psycopg.Error:
        return False


def run(args, env, what):
    log(what)
    started = time.monotonic()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{what} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    log(f"  done in {time.monotonic() - started:.0f} s")
    return result.stdout


def manage(*args, env, what):
    return run([PYTHON, "manage.py", *args], env, what)


def prepare(options, env_prepare, tag, plan_path):
    url = env_prepare["DATABASE_URL"]
    if options.reuse_db and database_exists(url):
        log(f"reusing database {options.database}")
    else:
        log(f"database {options.database}: dropped and made again")
        recreate_database(url)
        manage("migrate", "--no-input", "-v0", env=env_prepare, what="migrate")
        manage("load_demo", env=env_prepare, what="load_demo")
        manage(
            "generate_listings",
            f"--count={options.technologies}",
            f"--demands={options.demands}",
            "--publish",
            env=env_prepare,
            what=f"generate_listings: {options.technologies} technologies + {options.demands} demands",
        )
        manage("rebuild_search_index", env=env_prepare, what="rebuild_search_index")
    script = (
        "from benchmarks.load_mix import create_accounts, write_plan; "
        f"create_accounts(count={options.members}, tag={tag!r}); "
        f"write_plan(path={str(plan_path)!r}, tag={tag!r})"
    )
    manage(
        "shell", "--no-imports", "-c", script, env=env_prepare, what=f"{options.members} accounts, tag {tag}"
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise TimeoutError(what)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers
    except OSError:
        return None, {}


def outbox_counts(env, since):
    """(done, failed, waiting) outbox messages queued since the ``since`` timestamp."""
    script = (
        "import datetime; from core.models import OutboxMessage as M; "
        f"m = M.objects.filter(created_at__gte=datetime.datetime.fromtimestamp({since}, datetime.UTC)); "
        "print(m.filter(done_at__isnull=False).count(), m.filter(failed_at__isnull=False).count(), "
        "m.filter(done_at__isnull=True, failed_at__isnull=True).count())"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    done, failed, waiting = (int(x) for x in out.stdout.split()[-3:])
    return done, failed, waiting


def rss_mb(pid):
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        sizes = []
        for child in children:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) // 1024)
        return sizes
    except OSError:
        return []


def percentile(sorted_values, fraction):
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def server_side(access_log, window):
    """{kind: (milliseconds in gunicorn, served from the page cache)} for the requests in the window."""
    by_kind = {}
    for line in access_log.read_text(errors="replace").splitlines():
        match = ACCESS_LINE.match(line)
        if not match:
            continue
        _status, millis, when, cache, kind = match.groups()
        started = datetime.strptime(when, "%d/%b/%Y:%H:%M:%S %z").timestamp()
        if window and window[1] and window[0] - 1 <= started <= window[1]:
            by_kind.setdefault(kind, []).append((int(millis), cache == "hit"))
    return by_kind


def report(results, seconds, server, extra):
    samples = results["samples"]
    window = results["window"]
    elapsed = (window[1] - window[0]) if window and window[1] else seconds
    lines = [
        "| page kind | requests | req/s | p50 | p95 | p99 | max | in gunicorn p50 / p95 | from page cache |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def row(kind, values, inside):
        values = sorted(values)
        times = sorted(m for m, _hit in inside) or [0]
        hits = sum(hit for _m, hit in inside)
        return (
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | {percentile(values, 0.5):.0f} ms | "
            f"{percentile(values, 0.95):.0f} ms | {percentile(values, 0.99):.0f} ms | {values[-1]:.0f} ms | "
            f"{percentile(times, 0.5)} / {percentile(times, 0.95)} ms | {hits * 100 // max(1, len(inside))} % |"
        )

    for kind in sorted(samples, key=lambda k: -len(samples[k])):
        lines.append(row(kind, samples[kind], server.get(kind, [])))
    every = [v for values in samples.values() for v in values]
    if every:
        lines.append(row("**all**", every, [x for kind in samples for x in server.get(kind, [])]))
    sign_ins = sorted(results["sign_ins"])
    load = results["load"] or [0.0]
    lines += [
        "",
        f"Window {elapsed:.0f} s, {results['users']} users ({results['members']} signed in). "
        f"Sign-ins before the window: {len(sign_ins)}"
        + (f", p50 {percentile(sign_ins, 0.5):.0f} ms, max {sign_ins[-1]:.0f} ms." if sign_ins else "."),
        f"Load average (1 min) during the window: {min(load):.1f}–{max(load):.1f}, mean {sum(load) / len(load):.1f}.",
    ]
    lines += extra
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--members", type=int, default=20, help="how many of the users sign in")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", default="1,3", help="seconds between a user's requests (min,max)")
    parser.add_argument("--technologies", type=int, default=4000)
    parser.add_argument("--demands", type=int, default=1000)
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--reuse-db", action="store_true", help="keep the database if it is there")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "bench_load"))
    options = parser.parse_args()

    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX_PREFIX"):
        if not os.environ.get(name):
            sys.exit(
                f'{name} is not set: eval "$(bash scripts/services.sh env)" and choose your own Redis db and prefix'
            )
    work = Path(options.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    tag = time.strftime("%m%d%H%M%S")
    plan_path, results_path = work / "plan.json", work / f"results-{tag}.json"
    mail = work / f"mail-{tag}"
    mail.mkdir()
    base_env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    shared = {
        **base_env,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url(options.database),
        "ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"],
        "ELASTICSEARCH_INDEX_PREFIX": os.environ["ELASTICSEARCH_INDEX_PREFIX"],
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STRIPE_API_BASE": os.environ.get("STRIPE_API_BASE", ""),
    }
    # Preparing: the embedded defaults with the real database and index, tasks run in the
    # command itself (no REDIS_URL), no meaning vectors (the model embeds a dozen listings a second).
    env_prepare = {
        **shared,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
        "DEBUG": "false",
        "SEARCH_BACKEND": "elasticsearch",
        "SEARCH_EMBEDDINGS": "false",
    }
    prepare(options, env_prepare, tag, plan_path)

    site = f"http://127.0.0.1:{options.port}"
    env_run = {
        **shared,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
        "SECRET_KEY": "load-bench-only-secret-key-not-for-any-real-site-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": os.environ["REDIS_URL"],
        "EMAIL_URL": f"filemail:///{mail}",  # environ drops one slash: an absolute path needs four
        "DEFAULT_FROM_EMAIL": "noreply@binhai.test",
        "STRIPE_SECRET_KEY": "sk_test_load_bench",
        "STRIPE_WEBHOOK_SECRET": "whsec_load_bench",
        "SITE_URL": f"https://127.0.0.1:{options.port}",
        "STATIC_ROOT": str(work / "static"),
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    if not (options.reuse_db and (work / "static" / "staticfiles.json").exists()):
        manage("collectstatic", "--no-input", "-v0", env=env_run, what="collectstatic (production storage)")
    run(
        [PYTHON, "-c", "import os, redis; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"],
        env_run, f"flush Redis {env_run['REDIS_URL']} (cache, page cache, queues of this run)",
    )  # fmt: skip

    web_log, worker_log = (work / f"gunicorn-{tag}.log").open("wb"), (work / f"worker-{tag}.log").open("wb")
    access_log = work / f"access-{tag}.log"
    locust_log = (work / f"locust-{tag}.log").open("wb")
    web = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "marketplace.wsgi:application", "-b", f"127.0.0.1:{options.port}",
         "--workers", str(options.workers), "--access-logfile", str(access_log),
         "--access-logformat", ACCESS_LOG_FORMAT],
        cwd=ROOT, env=env_run, stdout=web_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "marketplace", "worker", "--concurrency", "1", "-n", f"load-{tag}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"],
        cwd=ROOT, env=env_run, stdout=worker_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    failures_extra, extra = [], []
    try:
        log(f"gunicorn pid {web.pid}, celery worker pid {worker.pid}: waiting for the site")
        wait_for(lambda: fetch(f"{site}/", {"X-Forwarded-Proto": "https"})[0] == 200, 180, "gunicorn")
        status, headers = fetch(f"{site}/")
        redirect = f"{status} to {headers.get('Location')}" if status else "no answer"
        log(f"without the proxy header: {redirect} (the HTTPS redirect is on)")
        if status != 301 or not str(headers.get("Location", "")).startswith("https://"):
            failures_extra.append(f"the HTTPS redirect is not on: {redirect}")
        env_locust = {
            **base_env,
            "LOAD_PLAN": str(plan_path),
            "LOAD_RESULTS": str(results_path),
            "LOAD_USERS": str(options.users),
            "LOAD_MEMBERS": str(options.members),
            "LOAD_SECONDS": str(options.seconds),
            "LOAD_THINK": options.think,
        }
        run_started = time.time()
        log(f"locust: {options.users} users ({options.members} signed in), {options.seconds} s window")
        subprocess.run(
            [PYTHON, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
             "--host", site, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "0"],
            cwd=ROOT, env=env_locust, timeout=options.seconds + 600,
            stdout=locust_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        memory = rss_mb(web.pid)
        log("locust done; waiting for the background work the run queued")
        started = time.monotonic()
        counts = outbox_counts(env_run, run_started)
        while counts[2] and time.monotonic() - started < 300:
            time.sleep(5)
            counts = outbox_counts(env_run, run_started)
        done, failed, waiting = counts
        mails = len(list(mail.iterdir()))
        extra.append(
            f"Background work (outbox): {done} done, {failed} failed, {waiting} still waiting "
            f"{time.monotonic() - started:.0f} s after the run; {mails} e-mail files written."
        )
        if memory:
            extra.append(f"gunicorn workers' memory at the end: {', '.join(f'{m} MB' for m in memory)}.")
        if failed or waiting:
            failures_extra.append(f"background work: {failed} failed, {waiting} still waiting")
    finally:
        web.send_signal(signal.SIGTERM)
        worker.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        for opened in (web_log, worker_log, locust_log):
            opened.close()

    results = json.loads(results_path.read_text(encoding="utf-8"))
    server_errors = [line for line in access_log.read_text(errors="replace").splitlines() if line[:1] == "5"]
    print()
    print(report(results, options.seconds, server_side(access_log, results["window"]), extra))
    failures = [
        f"{f['kind']}: {f.get('method', '')} {f.get('url', '')}: {f['error']}" for f in results["failures"]
    ]
    failures += [f"gunicorn answered {line}" for line in server_errors]
    failures += failures_extra
    if results["signed_in"] < results["members"]:
        failures.append(f"only {results['signed_in']} of {results['members']} members signed in")
    print()
    if failures:
        print(f"FAILED: {len(failures)} errors")
        for failure in failures:
            print(f"  - {failure}")
        print(f"logs: {work}")
        sys.exit(1)
    print("0 errors")


if __name__ == "__main__":
    main()
