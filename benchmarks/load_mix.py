"""What the whole-stack load test asks for: the page kinds, their weights and the URLs of each.

Plain Django code, no locust, so the test suite checks the mix (`tests/test_load_mix.py`: every
URL answers 200 for its kind of user) without the load tool. `benchmarks/load_stack.py` runs it in
the benchmark's database, through `manage.py shell`, to make the test accounts and to write the
plan (JSON) that `benchmarks/locustfile.py` reads.

The accounts are made here, for the benchmark's own database only: never by the site's code and
never in the demo content.
"""

import json
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import translation

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import create_organisation, grant_role
from home.models import HomePage, NewsIndexPage, NewsPage, PolicyIndexPage, PolicyPage, TrackPage
from listings.models import Demand, Technology
from roadshow.models import RoadshowSeries, RoadshowSession

# (kind, weight): how often a visitor or a signed-in person asks for a page of that kind.
VISITOR_KINDS = [
    ("home", 6),
    ("track", 4),
    ("policies", 2),
    ("news", 2),
    ("technology list", 4),
    ("technology detail + matches", 5),
    ("demand list", 2),
    ("demand detail + matches", 3),
    ("roadshow list", 2),
    ("roadshow session", 2),
    ("search", 5),
    ("api: lists and search", 3),
    ("api: matches", 2),
]
MEMBER_KINDS = [
    ("workspace", 4),
    ("notifications", 2),
    ("my registrations", 2),
    ("saved searches", 2),
    ("deals inbox", 2),
    ("listing detail (signed in)", 4),
    ("search (signed in)", 3),
    ("api (signed in)", 2),
]
ACCOUNT_DOMAIN = "load.bench.binhai.test"
PASSWORD = "load-bench-password-2026"
QUERIES = [
    "钠离子电池", "sodium-ion battery", "脑机接口", "合成生物学", "CAR-T", "卫星遥感", "水下机器人",
    "碳化硅", "储能 低温", "gene editing", "燃料电池", "光刻胶", "类器官", "无人机", "",
]  # fmt: skip
SAVED_SEARCH_LIMIT = 40  # the site keeps at most 50 per person; a run never reaches it


def account_email(tag, number):
    return f"load-{tag}-{number:03d}@{ACCOUNT_DOMAIN}"


def create_accounts(*, count, tag, password=PASSWORD):
    """Make ``count`` enterprise accounts without two-factor, each in an organisation of its own.

    Side effects: users with a verified address (allauth), the enterprise role, an organisation
    each (created through accounts.services, which audits it). The password is hashed once.
    """

    hashed = make_password(password)
    emails = []
    for number in range(count):
        email = account_email(tag, number)
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": f"压测企业用户 {number}", "password": hashed}
        )
        if created:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            grant_role(user=user, role=Role.ENTERPRISE)
            organisation = create_organisation(
                creator=user, name=f"压测企业 {tag}-{number}", name_en=f"Load test company {tag}-{number}",
                kind=Organisation.Kind.ENTERPRISE,
            )  # fmt: skip
            organisation.verification_status = Organisation.Verification.VERIFIED
            organisation.save(update_fields=["verification_status"])
        emails.append(email)
    return emails


def _localized(name, **kwargs):
    """The URL of a named route in Chinese (the root) and in English (/en/)."""

    urls = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            urls.append(reverse(name, kwargs=kwargs or None))
    return urls


def _page_urls(model, limit):
    return [page.url for page in model.objects.live().order_by("path")[:limit] if page.url]


def build_plan(*, tag="", sample=30, seed=1):
    """The URLs of every kind, read from the database: pages that exist, published listings,
    upcoming roadshow sessions. Returns a dict ready for JSON (see locustfile.py)."""

    rng = random.Random(seed)

    def some(queryset):
        # The first listings by id (the demo's, whose owners get the e-mails), then random ones.
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        first = pks[: sample // 3]
        chosen = first + rng.sample(pks[len(first) :], min(sample - len(first), len(pks) - len(first)))
        return list(queryset.model.objects.filter(pk__in=chosen).order_by("pk"))

    technologies = some(Technology.objects.published())
    demands = some(Demand.objects.published())
    sessions = list(RoadshowSession.objects.upcoming()[:sample])
    queries = [q for q in QUERIES if q]
    visitor = {
        "home": [page.url for page in HomePage.objects.live()],
        "track": _page_urls(TrackPage, sample),
        "policies": _page_urls(PolicyIndexPage, 4) + _page_urls(PolicyPage, sample),
        "news": _page_urls(NewsIndexPage, 4) + _page_urls(NewsPage, sample),
        "technology list": [
            *_localized("listings:technology_index"),
            "/listings/technologies/?page=2",
            *(f"/listings/technologies/?track={page.slug}" for page in TrackPage.objects.live()[:4]),
        ],
        "technology detail + matches": [t.get_absolute_url() for t in technologies],
        "demand list": [*_localized("listings:demand_index"), "/listings/demands/?page=2"],
        "demand detail + matches": [d.get_absolute_url() for d in demands],
        "roadshow list": [
            *_localized("roadshow:index"),
            *(s.get_absolute_url() for s in RoadshowSeries.objects.all()),
        ],
        "roadshow session": [s.get_absolute_url() for s in sessions],
        "search": [f"/search/?q={q}" for q in QUERIES]
        + [f"/search/?q={q}&kind=demand" for q in queries[:4]]
        + [
            f"/en/search/?q={q}&track={t.slug}"
            for q, t in zip(queries, TrackPage.objects.live()[:4], strict=False)
        ],
        "api: lists and search": [
            "/api/v1/technologies/",
            *(["/api/v1/technologies/?page=2"] if Technology.objects.published().count() > 20 else []),
            "/api/v1/demands/",
            "/api/v1/roadshow/sessions/",
            *(f"/api/v1/search/?kind={kind}&q={q}" for q in queries[:3] for kind in ("technology", "demand")),
        ],
        "api: matches": [f"/api/v1/technologies/{t.ref}/matches/" for t in technologies[:10]]
        + [f"/api/v1/demands/{d.ref}/matches/" for d in demands[:10]],
    }
    member = {
        "workspace": _localized("workspace:index"),
        "notifications": _localized("notifications:centre"),
        "my registrations": _localized("roadshow:my_registrations"),
        "saved searches": _localized("digest:saved_searches"),
        "deals inbox": _localized("dealflow:inbox"),
        "listing detail (signed in)": [t.get_absolute_url() for t in technologies]
        + [d.get_absolute_url() for d in demands],
        "search (signed in)": [f"/search/?q={q}" for q in queries],
        "api (signed in)": [
            "/api/v1/notifications/unread-count/",
            "/api/v1/notifications/",
            "/api/v1/roadshow/my-registrations/",
            "/api/v1/deals/requests/",
        ],
    }
    return {
        "visitor": [
            {"kind": kind, "weight": weight, "urls": visitor[kind]} for kind, weight in VISITOR_KINDS
        ],
        "member": [
            {"kind": kind, "weight": weight, "urls": member.get(kind, [])} for kind, weight in MEMBER_KINDS
        ],
        # Technologies a signed-in enterprise may ask an introduction to (the form's URL and ref).
        "match_requests": [
            {"form": _localized("dealflow:request_create", kind="technology", ref=t.ref)[0], "ref": t.ref}
            for t in technologies
        ],
        "saved_search_form": _localized("digest:saved_searches")[0],
        "queries": queries,
        "login": _localized("account_login")[0],
        "accounts": [account_email(tag, n) for n in range(_account_count(tag))] if tag else [],
        "password": PASSWORD,
    }


def _account_count(tag):
    return User.objects.filter(email__startswith=f"load-{tag}-", email__endswith=f"@{ACCOUNT_DOMAIN}").count()


def write_plan(*, path, tag):
    """Write the plan for the accounts tagged ``tag`` to ``path`` (JSON, read by locustfile.py)."""
    with open(path, "w", encoding="utf-8") as out:
        json.dump(build_plan(tag=tag), out, ensure_ascii=False, indent=1)
