"""The network's section of the daily digest: brokerage requests still waiting for the agency's answer."""

from django.utils.translation import gettext as _

from core.services import absolute_url
from notifications.registry import DigestItem, register_digest_section

from .models import BrokerageRequest
from .services import when


def awaiting_answer_items(user, since):
    """Brokerage requests to the agencies of the person's organisations still waiting for an answer.
    No side effects."""
    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    pending = (
        BrokerageRequest.objects.filter(
            agency__organisation_id__in=org_ids, status=BrokerageRequest.Status.PENDING
        )
        .select_related("demand")
        .order_by("response_deadline")[:10]
    )
    return [
        DigestItem(
            heading=_("Brokerage request awaiting your agency's answer by %(deadline)s")
            % {"deadline": when(brokerage_request.response_deadline)},
            ref=brokerage_request.demand.ref,
            title=brokerage_request.demand.display_title,
            url=absolute_url(brokerage_request.get_absolute_url()),
            reasons=[],
        )
        for brokerage_request in pending
    ]


def register():
    register_digest_section(name="network.awaiting_answer", order=15, collect=awaiting_answer_items)
