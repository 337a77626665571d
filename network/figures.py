"""The public figures of agencies and brokers, computed from deal flow every time, never typed.

- introductions brokered: match requests the listing's owner accepted with the person as broker;
- contracts registered and their value: requests closed with a deal that carry a technology-contract
  registration number and that both sides confirmed as a deal (dealflow.services.confirm_outcome),
  less those whose dispute an editor upheld;
- answer time: ``dealflow.queries.response_figures`` over the brokerage requests the agency received
  (per broker: the ones they answered).

An agency's figures count the introductions its brokers were assigned while they were its members
(``BrokerAttribution``, fixed at assignment by ``network.services.attribute_introduction``): a broker
who leaves takes nothing away from the agency, and their new agency does not inherit their earlier
work. A broker's own figures are their whole record across agencies; shown on an agency's page, they
are what the broker did there. A fixed number of queries whatever the number of agencies or brokers.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from dealflow.models import MatchRequest
from dealflow.queries import response_figures, response_figures_of_rows

from .models import Agency, BrokerageRequest, BrokerProfile, FigureDispute

CENT = Decimal("0.01")


def confirmed_contracts():
    """Registered contracts both sides confirmed, without an upheld dispute. No side effects."""
    upheld = FigureDispute.objects.filter(status=FigureDispute.Status.UPHELD).values("match_request_id")
    return (
        MatchRequest.objects.filter(
            stage=MatchRequest.Stage.CLOSED_DEAL,
            status=MatchRequest.Status.ACCEPTED,
            requester_outcome="deal",
            owner_outcome="deal",
            contract_amount_cny__isnull=False,
        )
        .exclude(registration_number="")
        .exclude(pk__in=upheld)
    )


def public_deals():
    """The confirmed contracts some public page lists (and so anyone may dispute): brokered by a
    broker shown publicly, or counted for a published agency. A contract closed without a broker,
    or behind no page, stays the two sides' own. No side effects."""
    shown_brokers = BrokerProfile.objects.active().filter(agency__in=Agency.objects.published())
    return confirmed_contracts().filter(
        Q(broker_id__in=shown_brokers.values("user_id"))
        | Q(broker__isnull=False, network_attribution__agency__in=Agency.objects.published())
    )


def brokered_introductions():
    return MatchRequest.objects.filter(status=MatchRequest.Status.ACCEPTED, broker__isnull=False)


def _empty():
    return {"introductions": 0, "contracts": 0, "value": _yuan(None), "response": None}


def _yuan(total):
    """A sum of contract amounts to the fen, alike on every database (SQLite's sum of a decimal
    column comes back without its scale: 750000 where PostgreSQL gives 750000.00)."""
    return (total or Decimal("0")).quantize(CENT)


def broker_figures(user_ids, *, agency=None, now=None):
    """{user id: figures} for these brokers: their whole record, or with ``agency`` only what they
    brokered as its members and the requests they answered for it. Three queries. No side effects."""
    user_ids = list(user_ids)
    figures = {pk: _empty() for pk in user_ids}
    if not user_ids:
        return figures
    introductions = brokered_introductions().filter(broker_id__in=user_ids)
    contracts = confirmed_contracts().filter(broker_id__in=user_ids)
    answered = BrokerageRequest.objects.filter(responded_by_id__in=user_ids)
    if agency is not None:
        introductions = introductions.filter(network_attribution__agency=agency)
        contracts = contracts.filter(network_attribution__agency=agency)
        answered = answered.filter(agency=agency)
    for row in introductions.values("broker_id").annotate(n=Count("pk")).order_by():
        figures[row["broker_id"]]["introductions"] = row["n"]
    for row in (
        contracts.values("broker_id").annotate(n=Count("pk"), total=Sum("contract_amount_cny")).order_by()
    ):
        figures[row["broker_id"]]["contracts"] = row["n"]
        figures[row["broker_id"]]["value"] = _yuan(row["total"])
    rows = defaultdict(list)
    for responder, *row in answered.values_list(
        "responded_by_id", "created_at", "responded_at", "response_deadline", "status"
    ):
        rows[responder].append(row)
    for pk in user_ids:
        figures[pk]["response"] = response_figures_of_rows(rows.get(pk, []), now=now)
    return figures


def agency_figures(agencies, *, now=None):
    """{agency id: figures, with "brokers": the number shown} for these agencies: the introductions
    and contracts attributed to each (see the module's docstring). Four queries. No side effects."""
    agencies = list(agencies)
    ids = [agency.pk for agency in agencies]
    figures = {pk: _empty() | {"brokers": 0} for pk in ids}
    if not ids:
        return figures
    for agency_id in (
        BrokerProfile.objects.active().filter(agency_id__in=ids).values_list("agency_id", flat=True)
    ):
        figures[agency_id]["brokers"] += 1
    attributed = "network_attribution__agency_id"
    for row in (
        brokered_introductions()
        .filter(**{f"{attributed}__in": ids})
        .values(attributed)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures[row[attributed]]["introductions"] = row["n"]
    for row in (
        confirmed_contracts()
        .filter(broker__isnull=False, **{f"{attributed}__in": ids})
        .values(attributed)
        .annotate(n=Count("pk"), total=Sum("contract_amount_cny"))
        .order_by()
    ):
        figures[row[attributed]]["contracts"] = row["n"]
        figures[row[attributed]]["value"] = _yuan(row["total"])
    rows = defaultdict(list)
    for agency_id, *row in BrokerageRequest.objects.filter(agency_id__in=ids).values_list(
        "agency_id", "created_at", "responded_at", "response_deadline", "status"
    ):
        rows[agency_id].append(row)
    now = now or timezone.now()
    for pk in ids:
        figures[pk]["response"] = response_figures_of_rows(rows.get(pk, []), now=now)
    return figures


def agency_response(agency, *, now=None):
    """The agency's answer figures, as for organisations and centres. One query."""
    return response_figures(BrokerageRequest.objects.filter(agency=agency), now=now)


def _with_disputes(contracts):
    return (
        contracts.select_related(
            "technology", "demand", "broker", "owner_organisation", "requester_organisation"
        )
        .annotate(
            open_disputes=Count(
                "figure_disputes", filter=Q(figure_disputes__status=FigureDispute.Status.OPEN)
            )
        )
        .order_by("-contract_signed_on", "-pk")
    )


def deals_behind(user_ids):
    """The confirmed contracts behind these brokers' figures, newest first, with open disputes counted."""
    return _with_disputes(confirmed_contracts().filter(broker_id__in=list(user_ids)))


def agency_deals(agency):
    """The confirmed contracts behind an agency's figures (those of brokers who since left included),
    newest first, with open disputes counted."""
    return _with_disputes(
        confirmed_contracts().filter(broker__isnull=False, network_attribution__agency=agency)
    )
