"""Locust users for the whole-stack load test; run by `benchmarks/load_stack.py`, which writes the plan.

Environment: LOAD_PLAN (the JSON of benchmarks/load_mix.py), LOAD_RESULTS (where the samples go),
LOAD_USERS (all simulated users), LOAD_MEMBERS (how many of them sign in, one account each),
LOAD_SECONDS (the measured window), LOAD_THINK ("1,3": seconds between a user's requests).

Every request goes out as the local TLS proxy would hand it on: `X-Forwarded-Proto: https` (the
site keeps its HTTPS redirect and secure cookies) and the user's own address in
`X-Forwarded-For` (the site counts sign-in limits and API throttles per address). The members
sign in once each; the measured window starts when every member is signed in, so the table
shows the steady mix, and the sign-ins are reported apart.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
MEMBERS = min(int(os.environ.get("LOAD_MEMBERS", "20")), len(PLAN["accounts"]), USERS)
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
THINK = [float(x) for x in os.environ.get("LOAD_THINK", "1,3").split(",")]
SIGN_IN_DEADLINE = 300  # seconds from the start for every member to be signed in
SAVED_SEARCH_LIMIT = 40

ACCOUNTS = iter(PLAN["accounts"])
ADDRESSES = (f"10.{60 + n // 62500}.{n // 250 % 250}.{n % 250 + 1}" for n in itertools.count())
STATE = {"signed_in": 0, "measuring": False, "window": None, "load": []}
SAMPLES, SIGN_INS, FAILURES = {}, [], []


def _pick(groups):
    groups = [g for g in groups if g["urls"]]
    group = random.choices(groups, weights=[g["weight"] for g in groups])[0]
    return group["kind"], random.choice(group["urls"])


@events.request.add_listener
def _record(request_type, name, response_time, exception, url=None, **kwargs):
    if exception is not None:
        FAILURES.append({"kind": name, "method": request_type, "url": url, "error": str(exception)[:300]})
    if name == "sign-in":
        SIGN_INS.append(response_time)
    elif STATE["measuring"]:
        SAMPLES.setdefault(name, []).append(response_time)


@events.quitting.add_listener
def _write_results(environment, **kwargs):
    with open(os.environ["LOAD_RESULTS"], "w", encoding="utf-8") as out:
        json.dump(
            {
                "window": STATE["window"],
                "samples": SAMPLES,
                "sign_ins": SIGN_INS,
                "signed_in": STATE["signed_in"],
                "members": MEMBERS,
                "users": USERS,
                "failures": FAILURES,
                "load": STATE["load"],
            },
            out,
            ensure_ascii=False,
        )


class ProxiedUser(HttpUser):
    abstract = True
    wait_time = between(*THINK)

    def on_start(self):
        self.client.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": next(ADDRESSES)})

    def _as_over_https(self):
        # The proxy ends TLS: a browser on https sends back the cookies the site marks Secure, which
        # requests keeps to itself on plain http (and a cookie policy is lost on each request's copy).
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, kind, url):
        self._as_over_https()
        with self.client.get(
            url, name=kind, headers={"X-Load-Kind": kind}, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} (wanted 200)")

    def post_form(self, kind, url, data, *, wanted):
        """POST like the browser: the CSRF token from the cookie, Origin and Referer of the https site."""
        self._as_over_https()
        origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        headers = {"Origin": origin, "Referer": origin + url, "X-Load-Kind": kind}
        with self.client.post(
            url, data=data, headers=headers, name=kind, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not re.search(wanted, location):
                response.failure(f"HTTP {response.status_code} to {location!r} (wanted 302 to {wanted})")
                return False
            return True


class Visitor(ProxiedUser):
    """Someone not signed in: pages, lists and details with their matches, search, the API."""

    weight = 1

    @task
    def browse(self):
        self.page(*_pick(PLAN["visitor"]))


class Member(ProxiedUser):
    """A signed-in enterprise: workspace, notifications, registrations, saved searches, deals, and writes."""

    fixed_count = MEMBERS

    def on_start(self):
        super().on_start()
        self.email = next(ACCOUNTS)
        login = PLAN["login"]
        self.page("sign-in form", login)
        if self.post_form(
            "sign-in",
            login,
            {"login": self.email, "password": PLAN["password"]},
            wanted=r"/accounts/profile/$",
        ):
            STATE["signed_in"] += 1
        self.targets = random.sample(PLAN["match_requests"], len(PLAN["match_requests"]))
        self.saved = 0

    @task(20)
    def work(self):
        self.page(*_pick(PLAN["member"]))

    @task(1)
    def ask_for_an_introduction(self):
        if not self.targets:
            return
        target = self.targets.pop()
        self.page("match request form", target["form"])
        self.post_form(
            "POST match request",
            target["form"],
            {
                "message": "我们希望了解该技术的许可条件和中试数据。Load test request.",
                "cooperation_mode": "license",
                "non_confidential": "on",
            },
            wanted=r"/deals/requests/\d+/$",
        )

    @task(1)
    def save_a_search(self):
        if self.saved >= SAVED_SEARCH_LIMIT:
            return
        self.saved += 1
        query = random.choice(PLAN["queries"])
        self.post_form(
            "POST saved search",
            PLAN["saved_search_form"],
            {"name": f"压测 {query}", "kind": "technology", "query": query, "track": ""},
            wanted=r"saved-searches/$",
        )


class SignInThenMeasure(LoadTestShape):
    """Spawn everyone, wait until every member is signed in, then measure for LOAD_SECONDS."""

    def tick(self):
        now = self.get_run_time()
        if STATE["window"] is None:
            if STATE["signed_in"] >= MEMBERS and self.runner.user_count >= USERS:
                STATE["window"] = [time.time(), None]
                STATE["measuring"] = True
                self.started = now
            elif now > SIGN_IN_DEADLINE:
                FAILURES.append(
                    {"kind": "sign-in", "error": f"only {STATE['signed_in']} of {MEMBERS} signed in"}
                )
                return None
            return USERS, 10
        if now - self.started >= SECONDS:
            STATE["measuring"] = False
            STATE["window"][1] = time.time()
            return None
        STATE["load"].append(os.getloadavg()[0])
        return USERS, 10
