"""Where each computed figure comes from: one function per metric, reading the other parts' data.

Each returns, per source object (or only for the ``keys`` asked for), its contributions: which
tracks it counts for, the day and the value (1, or an amount). They are kept as maintained tallies
(``core.tallies``, series ``indicators.<metric>``) in the same transaction as each change
(receivers.py), rebuilt nightly; the dashboard, the CSV, the API and the monthly report all read
the tallies, so a figure has one definition. The definitions are shown on the dashboard.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import tallies
from core.models import AuditEntry
from core.tallies import Contribution
from dealflow.models import MatchRequest
from funding.models import Application
from network import figures as network_figures
from network.models import Agency
from platforms.models import ValidationReport, VerificationCentre
from procurement.models import ApplicationScenario, InnovationProduct
from roadshow.models import Registration, RoadshowSession


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    unit: str = "count"  # "count" or "cny"


def _day(moment):
    if moment is None:
        return None
    if hasattr(moment, "tzinfo"):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def _only(queryset, keys, field="pk"):
    """The queryset narrowed to the source objects ``keys`` (all of them when None)."""
    if keys is None:
        return queryset
    return queryset.filter(**{f"{field}__in": [int(key) for key in keys]})


def _keyed(rows):
    """{key: [Contribution]} from (key, track ids, moment, value) rows; undated rows count nowhere."""
    found = defaultdict(list)
    for key, tracks, when, value in rows:
        day = _day(when)
        if day is not None:
            found[str(key)].append(Contribution(tuple(t for t in tracks if t), day, value))
    return found


def _request_track(technology_track, demand_track):
    # A technology offered to a demand counts for the demand's track, where the need sits.
    return (demand_track or technology_track,)


def _requests(queryset, date_field, keys):
    rows = _only(queryset, keys).values_list("pk", "technology__track_id", "demand__track_id", date_field)
    return _keyed((pk, _request_track(t, d), when, 1) for pk, t, d, when in rows)


def matches(keys=None):
    return _requests(
        MatchRequest.objects.filter(technology__isnull=False, demand__isnull=False), "created_at", keys
    )


def requests(keys=None):
    return _requests(MatchRequest.objects.all(), "created_at", keys)


def introductions(keys=None):
    return _requests(MatchRequest.objects.filter(status=MatchRequest.Status.ACCEPTED), "responded_at", keys)


AGREEMENT_STAGES = ("agreement", "registration", "closed_deal")


def agreements(keys=None):
    """Requests that reached an agreement, dated by the audit entry that moved them there."""

    reached = {}
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MatchRequest), to_state__in=AGREEMENT_STAGES
    )
    entries = _only(entries, keys, "object_id").values_list("object_id", "created_at")
    for object_id, created_at in entries.order_by("created_at"):
        reached.setdefault(object_id, created_at)
    rows = _only(MatchRequest.objects.filter(stage__in=AGREEMENT_STAGES), keys).values_list(
        "pk", "technology__track_id", "demand__track_id", "contract_signed_on", "updated_at"
    )
    return _keyed(
        (pk, _request_track(t, d), reached.get(pk) or signed or updated, 1)
        for pk, t, d, signed, updated in rows
    )


def _registered_deals(keys):
    return _only(
        MatchRequest.objects.filter(stage=MatchRequest.Stage.CLOSED_DEAL).exclude(registration_number=""),
        keys,
    ).values_list(
        "pk",
        "technology__track_id",
        "demand__track_id",
        "contract_signed_on",
        "closed_at",
        "contract_amount_cny",
    )


def deals(keys=None):
    return _keyed(
        (pk, _request_track(t, d), signed or closed, 1)
        for pk, t, d, signed, closed, _a in _registered_deals(keys)
    )


def deal_amounts(keys=None):
    return _keyed(
        (pk, _request_track(t, d), signed or closed, amount or Decimal("0"))
        for pk, t, d, signed, closed, amount in _registered_deals(keys)
    )


def roadshow_sessions(keys=None):
    """Sessions not cancelled, by start day; the dashboard counts those up to today."""
    held = RoadshowSession.objects.exclude(status=RoadshowSession.Status.CANCELLED)
    return _keyed(
        ((pk, (t,), when, 1) for pk, t, when in _only(held, keys).values_list("pk", "track_id", "starts_at"))
    )


def roadshow_attendance(keys=None):
    attended = _only(Registration.objects.filter(attended=True), keys)
    return _keyed(
        (pk, (t,), when, 1)
        for pk, t, when in attended.values_list("pk", "session__track_id", "session__starts_at")
    )


def products_recommended(keys=None):
    ever = InnovationProduct.objects.filter(recommended_at__isnull=False).exclude(status="withdrawn")
    return _keyed(
        (pk, (t,), when, 1)
        for pk, t, when in _only(ever, keys).values_list("pk", "track_id", "recommended_at")
    )


def products_accepted(keys=None):
    accepted = InnovationProduct.objects.filter(status=InnovationProduct.Status.ACCEPTED)
    return _keyed(
        (pk, (t,), when, 1)
        for pk, t, when in _only(accepted, keys).values_list("pk", "track_id", "decided_at")
    )


def _with_tracks(queryset, keys):
    """One contribution per object, for every track it covers (a many-to-many ``tracks``)."""
    found = {}
    for pk, published_at, track_id in _only(queryset, keys).values_list("pk", "published_at", "tracks"):
        tracks, _when = found.setdefault(pk, (set(), published_at))
        if track_id:
            tracks.add(track_id)
    return _keyed((pk, tuple(sorted(tracks)), when, 1) for pk, (tracks, when) in found.items())


def typical_scenarios(keys=None):
    return _with_tracks(ApplicationScenario.objects.filter(is_published=True, is_typical=True), keys)


def centres(keys=None):
    """Published verification centres and pilot platforms, once for each track they cover."""
    return _with_tracks(VerificationCentre.objects.published(), keys)


def validations(keys=None):
    """Validation reports delivered by the centres, counted for the validated technology's track."""
    rows = _only(ValidationReport.objects.all(), keys)
    return _keyed(
        (pk, (t,), when, 1)
        for pk, t, when in rows.values_list("pk", "slot_request__technology__track_id", "created_at")
    )


def funding_applications(keys=None):
    """Applications to funding programmes (withdrawn ones included), for the technology's track."""
    rows = _only(Application.objects.all(), keys)
    return _keyed(
        (pk, (t,), when, 1) for pk, t, when in rows.values_list("pk", "technology__track_id", "created_at")
    )


def funded(keys=None):
    """Applications funded, by date of decision, for the technology's track."""
    rows = _only(Application.objects.funded(), keys)
    return _keyed(
        (pk, (t,), when, 1) for pk, t, when in rows.values_list("pk", "technology__track_id", "decided_at")
    )


def funding_amounts(keys=None):
    rows = _only(Application.objects.funded(), keys).values_list(
        "pk", "technology__track_id", "decided_at", "amount_awarded_cny"
    )
    return _keyed(((pk, (t,), when, amount or Decimal("0")) for pk, t, when, amount in rows))


def agencies(keys=None):
    """Published technology-transfer agencies, once for each track they cover."""
    return _with_tracks(Agency.objects.published(), keys)


def brokered_introductions(keys=None):
    """Introductions (accepted match requests) a broker took part in, by date of answer."""
    return _requests(network_figures.brokered_introductions(), "responded_at", keys)


def brokered_contracts(keys=None):
    """Registered contracts both sides confirmed with a broker, less upheld disputes, by contract date."""
    rows = _only(network_figures.confirmed_contracts().filter(broker__isnull=False), keys).values_list(
        "pk", "technology__track_id", "demand__track_id", "contract_signed_on", "closed_at"
    )
    return _keyed((pk, _request_track(t, d), signed or closed, 1) for pk, t, d, signed, closed in rows)


# The funnel, in order; each metric's events come from the function of the same name.
FUNNEL = (
    Metric(
        "listings", _("Published listings"), _("Technologies and demands published, by publication date.")
    ),
    Metric("matches", _("Matches"), _("Requests pairing a technology with a demand, by date of request.")),
    Metric(
        "requests", _("Introduction requests"), _("Every request for an introduction, by date of request.")
    ),
    Metric(
        "introductions", _("Introductions"), _("Requests the listing's owner accepted, by date of answer.")
    ),
    Metric("agreements", _("Agreements"), _("Requests that reached an agreement, by the date they did.")),
    Metric(
        "deals",
        _("Registered deals"),
        _("Requests closed with a deal and a technology-contract registration number, by contract date."),
    ),
    Metric("deal_amounts", _("Deal amounts (CNY)"), _("Contract amounts of the registered deals."), "cny"),
    Metric(
        "centres",
        _("Verification centres and pilot platforms"),
        _("Centres published on the marketplace, by publication date, for each track they cover."),
    ),
    Metric(
        "validations",
        _("Validations"),
        _("Validation reports the centres delivered on technologies, by date of the report."),
    ),
    Metric(
        "funding_applications",
        _("Funding applications"),
        _("Applications to funding programmes, by date of application; the stages are on the funding page."),
    ),
    Metric(
        "funded", _("Technologies funded"), _("Applications a fund decided to fund, by date of decision.")
    ),
    Metric(
        "funding_amounts",
        _("Funding awarded (CNY)"),
        _("Amounts awarded by the funds, by date of decision."),
        "cny",
    ),
    Metric(
        "agencies",
        _("Technology-transfer agencies"),
        _("Agencies published on the marketplace, by publication date, for each track they cover."),
    ),
    Metric(
        "brokered_introductions",
        _("Brokered introductions"),
        _("Introductions a technology broker took part in, by date of answer."),
    ),
    Metric(
        "brokered_contracts",
        _("Brokered contracts"),
        _(
            "Registered contracts with a broker that both sides confirmed, less those an editor removed "
            "after a dispute, by contract date."
        ),
    ),
    Metric("roadshow_sessions", _("Roadshow sessions"), _("Sessions held (not cancelled), by start.")),
    Metric(
        "roadshow_attendance", _("Roadshow attendance"), _("Registrations marked as attended, by session.")
    ),
    Metric(
        "products_recommended",
        _("Products recommended"),
        _("Innovation products recommended for the procurement catalogue, by date of recommendation."),
    ),
    Metric(
        "products_accepted",
        _("Products accepted"),
        _("Products accepted into the government procurement catalogue, by date of decision."),
    ),
)

# Published listings are the listings part's own tallies (``listings.tallies``).
LISTING_SERIES = ("listings.technology", "listings.demand")

SOURCES = {
    "matches": matches,
    "requests": requests,
    "introductions": introductions,
    "agreements": agreements,
    "deals": deals,
    "deal_amounts": deal_amounts,
    "centres": centres,
    "validations": validations,
    "funding_applications": funding_applications,
    "funded": funded,
    "funding_amounts": funding_amounts,
    "agencies": agencies,
    "brokered_introductions": brokered_introductions,
    "brokered_contracts": brokered_contracts,
    "roadshow_sessions": roadshow_sessions,
    "roadshow_attendance": roadshow_attendance,
    "products_recommended": products_recommended,
    "products_accepted": products_accepted,
    "typical_scenarios": typical_scenarios,
}


def series_for(key):
    """The tally series a metric's figures are read from."""
    return LISTING_SERIES if key == "listings" else (f"indicators.{key}",)


# What each source is keyed by, so a saved or deleted object refreshes the metrics it feeds.
ROOTS = {
    MatchRequest: (
        "matches",
        "requests",
        "introductions",
        "agreements",
        "deals",
        "deal_amounts",
        "brokered_introductions",
        "brokered_contracts",
    ),
    RoadshowSession: ("roadshow_sessions",),
    Registration: ("roadshow_attendance",),
    InnovationProduct: ("products_recommended", "products_accepted"),
    ApplicationScenario: ("typical_scenarios",),
    VerificationCentre: ("centres",),
    ValidationReport: ("validations",),
    Application: ("funding_applications", "funded", "funding_amounts"),
    Agency: ("agencies",),
}


for _key, _source in SOURCES.items():
    tallies.register(f"indicators.{_key}", _source)
