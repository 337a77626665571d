"""Deal flow's section of the daily digest: introduction requests still waiting for an answer."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.services import absolute_url
from notifications.registry import DigestItem, register_digest_section

from .models import MatchRequest


def awaiting_answer_items(user, since):
    """Requests to the person's organisations still waiting for an answer: silence shows. No side effects."""
    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    pending = (
        MatchRequest.objects.filter(owner_organisation_id__in=org_ids, status=MatchRequest.Status.PENDING)
        .select_related("technology", "demand")
        .order_by("response_deadline")[:10]
    )
    return [
        DigestItem(
            heading=_("Awaiting your answer by %(deadline)s")
            % {"deadline": formats.date_format(timezone.localtime(mr.response_deadline), "DATETIME_FORMAT")},
            ref=mr.listing.ref,
            title=mr.listing.display_title,
            url=absolute_url(mr.get_absolute_url()),
            reasons=[],
        )
        for mr in pending
    ]


def register():
    register_digest_section(name="dealflow.awaiting_answer", order=10, collect=awaiting_answer_items)
