"""The platforms' section of the daily digest: validation requests still waiting for a centre's answer."""

from django.utils.translation import gettext as _

from core.services import absolute_url
from notifications.registry import DigestItem, register_digest_section

from .models import SlotRequest
from .services import when


def awaiting_answer_items(user, since):
    """Slot requests to the centres of the person's organisations still waiting for an answer. No side effects."""
    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    pending = (
        SlotRequest.objects.filter(centre__organisation_id__in=org_ids, status=SlotRequest.Status.PENDING)
        .select_related("technology")
        .order_by("response_deadline")[:10]
    )
    return [
        DigestItem(
            heading=_("Validation request awaiting your centre's answer by %(deadline)s")
            % {"deadline": when(slot_request.response_deadline)},
            ref=slot_request.technology.ref,
            title=slot_request.technology.display_title,
            url=absolute_url(slot_request.get_absolute_url()),
            reasons=[],
        )
        for slot_request in pending
    ]


def register():
    register_digest_section(name="platforms.awaiting_answer", order=12, collect=awaiting_answer_items)
