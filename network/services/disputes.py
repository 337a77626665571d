"""Disputes about the deals behind agencies' and brokers' figures: anyone signed in raises one,
editors resolve it; an upheld dispute takes the deal out of every figure."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit
from notifications.services import notify_each

from ..figures import public_deals
from ..models import FigureDispute
from ._common import editors, require_editor, text


@transaction.atomic
def raise_dispute(*, match_request, user, reason):
    """Dispute a deal counted in the public figures (say what is wrong: not brokered by this person,
    no such contract, wrong amount...).

    Side effects: creates an open FigureDispute, audit entry, notices to the editors.
    """
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to dispute a figure."))
    if match_request is None or not public_deals().filter(pk=match_request.pk).exists():
        raise ValidationError(_("Only a deal counted in the public figures can be disputed."))
    reason = text(reason)
    if len(reason) < 10:
        raise ValidationError({"reason": _("Say in at least 10 characters what is wrong with this deal.")})
    if FigureDispute.objects.filter(
        match_request=match_request, raised_by=user, status=FigureDispute.Status.OPEN
    ).exists():
        raise ValidationError(_("You already have an open dispute about this deal."))
    dispute = FigureDispute.objects.create(match_request=match_request, raised_by=user, reason=reason)
    audit(subject=dispute, action="raised", actor=user, to_state=FigureDispute.Status.OPEN, note=reason)
    notify_each(
        editors(),
        kind="network.dispute_raised",
        title=lambda: _("A figure is disputed: deal #%(pk)s") % {"pk": match_request.pk},
        body=lambda: reason[:300],
        url=lambda: f"/admin/network/disputes/edit/{dispute.pk}/",
        dedupe_key=f"dispute:{dispute.pk}:raised",
    )
    return dispute


@transaction.atomic
def resolve_dispute(*, dispute, editor, uphold, note):
    """An editor resolves a dispute: upheld removes the deal from every figure, rejected keeps it.

    Side effects: status, note, editor and time; audit entries on the dispute and on the deal;
    notice to the person who raised it.
    """
    require_editor(editor, _("Only editors resolve disputes."))
    dispute = FigureDispute.objects.select_for_update().select_related("match_request").get(pk=dispute.pk)
    if dispute.status != FigureDispute.Status.OPEN:
        raise ValidationError(_("This dispute has already been resolved."))
    note = text(note)
    if not note:
        raise ValidationError({"resolution_note": _("Explain the decision to the person who raised it.")})
    dispute.status = FigureDispute.Status.UPHELD if uphold else FigureDispute.Status.REJECTED
    dispute.resolution_note, dispute.resolved_by, dispute.resolved_at = note, editor, timezone.now()
    dispute.save()
    audit(
        subject=dispute,
        action="resolved",
        actor=editor,
        from_state=FigureDispute.Status.OPEN,
        to_state=dispute.status,
        note=note,
    )
    audit(
        subject=dispute.match_request,
        action="figure_dispute_upheld" if uphold else "figure_dispute_rejected",
        actor=editor,
        note=f"dispute {dispute.pk}: {note}",
    )
    status_label = FigureDispute.Status(dispute.status)
    notify_each(
        [dispute.raised_by],
        kind="network.dispute_resolved",
        title=lambda: _("Your dispute about deal #%(pk)s: %(status)s")
        % {"pk": dispute.match_request_id, "status": status_label.label},
        body=lambda: note[:300],
        url=lambda: reverse("network:agency_list"),
        dedupe_key=f"dispute:{dispute.pk}:resolved",
    )
    return dispute
