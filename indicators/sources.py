"""Where each computed figure comes from: one function per metric, reading the other parts' data.

Each returns events: which tracks an event counts for, the day it happened and its value (1, or
an amount). The dashboard, the CSV, the API and the monthly report all aggregate these events,
so a figure has one definition. The definitions are shown on the dashboard.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditEntry
from dealflow.models import MatchRequest
from funding.models import Application
from listings.models import Demand, Technology
from network import figures as network_figures
from network.models import Agency
from platforms.models import ValidationReport, VerificationCentre
from procurement.models import ApplicationScenario, InnovationProduct
from roadshow.models import Registration, RoadshowSession


@dataclass(frozen=True)
class Event:
    track_ids: tuple
    day: date
    value: Decimal | int = 1


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


def _events(rows):
    return [Event(tuple(t for t in tracks if t), _day(when), value) for tracks, when, value in rows if when]


def listings():
    rows = []
    for model in (Technology, Demand):
        for track_id, published_at in model.objects.published().values_list("track_id", "published_at"):
            rows.append(((track_id,), published_at, 1))
    return _events(rows)


def _request_track(technology_track, demand_track):
    # A technology offered to a demand counts for the demand's track, where the need sits.
    return (demand_track or technology_track,)


def _requests(queryset, date_field):
    rows = queryset.values_list("technology__track_id", "demand__track_id", date_field)
    return _events((_request_track(t, d), when, 1) for t, d, when in rows)


def matches():
    return _requests(
        MatchRequest.objects.filter(technology__isnull=False, demand__isnull=False), "created_at"
    )


def requests():
    return _requests(MatchRequest.objects.all(), "created_at")


def introductions():
    return _requests(MatchRequest.objects.filter(status=MatchRequest.Status.ACCEPTED), "responded_at")


AGREEMENT_STAGES = ("agreement", "registration", "closed_deal")


def agreements():
    """Requests that reached an agreement, dated by the audit entry that moved them there."""

    reached = {}
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MatchRequest), to_state__in=AGREEMENT_STAGES
    ).values_list("object_id", "created_at")
    for object_id, created_at in entries.order_by("created_at"):
        reached.setdefault(object_id, created_at)
    rows = MatchRequest.objects.filter(stage__in=AGREEMENT_STAGES).values_list(
        "pk", "technology__track_id", "demand__track_id", "contract_signed_on", "updated_at"
    )
    return _events(
        (_request_track(t, d), reached.get(pk) or signed or updated, 1) for pk, t, d, signed, updated in rows
    )


def _registered_deals():
    return (
        MatchRequest.objects.filter(stage=MatchRequest.Stage.CLOSED_DEAL)
        .exclude(registration_number="")
        .values_list(
            "technology__track_id",
            "demand__track_id",
            "contract_signed_on",
            "closed_at",
            "contract_amount_cny",
        )
    )


def deals():
    return _events(
        (_request_track(t, d), signed or closed, 1) for t, d, signed, closed, _a in _registered_deals()
    )


def deal_amounts():
    return _events(
        (_request_track(t, d), signed or closed, amount or Decimal("0"))
        for t, d, signed, closed, amount in _registered_deals()
    )


def roadshow_sessions():
    held = RoadshowSession.objects.exclude(status=RoadshowSession.Status.CANCELLED).filter(
        starts_at__lte=timezone.now()
    )
    return _events(((t,), when, 1) for t, when in held.values_list("track_id", "starts_at"))


def roadshow_attendance():
    attended = Registration.objects.filter(attended=True)
    return _events(
        ((t,), when, 1) for t, when in attended.values_list("session__track_id", "session__starts_at")
    )


def products_recommended():
    ever = InnovationProduct.objects.filter(recommended_at__isnull=False).exclude(status="withdrawn")
    return _events(((t,), when, 1) for t, when in ever.values_list("track_id", "recommended_at"))


def products_accepted():
    accepted = InnovationProduct.objects.filter(status=InnovationProduct.Status.ACCEPTED)
    return _events(((t,), when, 1) for t, when in accepted.values_list("track_id", "decided_at"))


def typical_scenarios():
    scenarios = {}
    published = ApplicationScenario.objects.filter(is_published=True, is_typical=True)
    for pk, published_at, track_id in published.values_list("pk", "published_at", "tracks"):
        tracks, _when = scenarios.setdefault(pk, (set(), published_at))
        if track_id:
            tracks.add(track_id)
    return _events((tuple(sorted(tracks)), when, 1) for tracks, when in scenarios.values())


def centres():
    """Published verification centres and pilot platforms, once for each track they cover."""
    centres = {}
    published = VerificationCentre.objects.published().values_list("pk", "published_at", "tracks")
    for pk, published_at, track_id in published:
        tracks, _when = centres.setdefault(pk, (set(), published_at))
        if track_id:
            tracks.add(track_id)
    return _events((tuple(sorted(tracks)), when, 1) for tracks, when in centres.values())


def validations():
    """Validation reports delivered by the centres, counted for the validated technology's track."""
    rows = ValidationReport.objects.values_list("slot_request__technology__track_id", "created_at")
    return _events(((t,), when, 1) for t, when in rows)


def funding_applications():
    """Applications to funding programmes (withdrawn ones included), for the technology's track."""
    rows = Application.objects.values_list("technology__track_id", "created_at")
    return _events(((t,), when, 1) for t, when in rows)


def funded():
    """Applications funded, by date of decision, for the technology's track."""
    rows = Application.objects.funded().values_list("technology__track_id", "decided_at")
    return _events(((t,), when, 1) for t, when in rows)


def funding_amounts():
    rows = Application.objects.funded().values_list(
        "technology__track_id", "decided_at", "amount_awarded_cny"
    )
    return _events(((t,), when, amount or Decimal("0")) for t, when, amount in rows)


def agencies():
    """Published technology-transfer agencies, once for each track they cover."""
    agencies = {}
    for pk, published_at, track_id in Agency.objects.published().values_list("pk", "published_at", "tracks"):
        tracks, _when = agencies.setdefault(pk, (set(), published_at))
        if track_id:
            tracks.add(track_id)
    return _events((tuple(sorted(tracks)), when, 1) for tracks, when in agencies.values())


def brokered_introductions():
    """Introductions (accepted match requests) a broker took part in, by date of answer."""
    return _requests(network_figures.brokered_introductions(), "responded_at")


def brokered_contracts():
    """Registered contracts both sides confirmed with a broker, less upheld disputes, by contract date."""
    rows = (
        network_figures.confirmed_contracts()
        .filter(broker__isnull=False)
        .values_list("technology__track_id", "demand__track_id", "contract_signed_on", "closed_at")
    )
    return _events((_request_track(t, d), signed or closed, 1) for t, d, signed, closed in rows)


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

SOURCES = {
    "listings": listings,
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


def events_for(key):
    return SOURCES[key]()
