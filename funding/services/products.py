"""Requests for financial products from the listing, with their private thread and files.

pending ─┬─ offer (provider) ──▶ offered
         ├─ decline (provider) ▶ declined
         └─ withdraw (owner) ──▶ withdrawn
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit
from core.threads import services as threads
from notifications.services import notify_each

from ..models import ProductFile, ProductMessage, ProductRequest
from ..validators import validate_document
from .common import amount, members, text, yuan
from .programmes import product_eligibility

Status = ProductRequest.Status


def _require_side(product_request, user, allowed=("owner", "provider")):
    only = (
        _("Only the bank or insurer can do this.")
        if allowed == ("provider",)
        else _("Only the technology's owner can do this.")
    )
    return threads.require_side(product_request, user, allowed, refusal=only)


def participants(product_request):
    people = {}
    for person in members(product_request.owner_organisation) + members(product_request.product.organisation):
        people.setdefault(person.pk, person)
    return list(people.values())


@transaction.atomic
def request_product(*, requester, product, technology, amount_cny, purpose):
    """A member of the technology's organisation asks a bank or insurer for a product from the listing.

    Side effects: a pending request carrying the listing's TRL and IP status, audit, notices to the provider.
    """
    if not (requester and requester.is_authenticated):
        raise PermissionDenied(_("Sign in to ask for a financial product."))
    if technology.organisation_id not in requester.organisation_ids:
        raise PermissionDenied(_("Only members of the technology's organisation can ask with it."))
    reasons = product_eligibility(product=product, technology=technology)
    if reasons:
        raise ValidationError(reasons)
    errors = {}
    value = amount(amount_cny)
    if value is None or not product.amount_min_cny <= value <= product.amount_max_cny:
        errors["amount_cny"] = _("Ask for between %(low)s and %(high)s.") % {
            "low": yuan(product.amount_min_cny),
            "high": yuan(product.amount_max_cny),
        }
    purpose = text(purpose)
    if len(purpose) < 10:
        errors["purpose"] = _("Say in at least 10 characters what it is for.")
    if errors:
        raise ValidationError(errors)
    if ProductRequest.objects.filter(product=product, technology=technology, status=Status.PENDING).exists():
        raise ValidationError(_("This technology already has a request waiting for this product."))
    product_request = ProductRequest.objects.create(
        product=product,
        technology=technology,
        requester=requester,
        owner_organisation_id=technology.organisation_id,
        amount_cny=value,
        purpose=purpose,
        trl_at_request=technology.trl,
        ip_status_at_request=technology.ip_status,
    )
    audit(subject=product_request, action="requested", actor=requester, to_state=Status.PENDING)
    notify_each(
        members(product.organisation),
        kind="funding.product_request",
        title=lambda: _("%(product)s asked for %(title)s")
        % {"product": product.title, "title": technology.title},
        body=lambda: _("%(amount)s. Next: make an offer or decline in the thread.") % {"amount": yuan(value)},
        url=lambda: product_request.get_absolute_url(),
        dedupe_key=f"product-request:{product_request.pk}:received",
    )
    return product_request


@transaction.atomic
def answer_product_request(*, product_request, user, offer, answer):
    """The bank or insurer makes an offer or declines, with the terms or the reason.

    Side effects: status, answer, audit, notices to the technology's organisation.
    """
    product_request = (
        ProductRequest.objects.select_for_update()
        .select_related("product__organisation")
        .get(pk=product_request.pk)
    )
    _require_side(product_request, user, ("provider",))
    if product_request.status != Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    answer = text(answer)
    if len(answer) < 4:
        raise ValidationError({"answer": _("Give the terms or the reason in at least 4 characters.")})
    product_request.status = Status.OFFERED if offer else Status.DECLINED
    product_request.answer, product_request.responded_at, product_request.responded_by = (
        answer,
        timezone.now(),
        user,
    )
    product_request.save()
    audit(
        subject=product_request,
        action=product_request.status,
        actor=user,
        from_state=Status.PENDING,
        to_state=product_request.status,
    )
    notify_each(
        members(product_request.owner_organisation),
        kind="funding.product_answer",
        title=lambda: (_("Offer from %(provider)s") if offer else _("%(provider)s declined your request"))
        % {"provider": product_request.product.organisation},
        body=lambda: answer[:300],
        url=lambda: product_request.get_absolute_url(),
        dedupe_key=f"product-request:{product_request.pk}:answer",
    )
    return product_request


@transaction.atomic
def withdraw_product_request(*, product_request, user):
    """The owner withdraws a request still waiting. Side effects: status, audit."""
    product_request = ProductRequest.objects.select_for_update().get(pk=product_request.pk)
    _require_side(product_request, user, ("owner",))
    if product_request.status != Status.PENDING:
        raise ValidationError(_("Only a request still waiting can be withdrawn."))
    product_request.status = Status.WITHDRAWN
    product_request.save()
    audit(
        subject=product_request,
        action="withdrawn",
        actor=user,
        from_state=Status.PENDING,
        to_state=Status.WITHDRAWN,
    )
    return product_request


def _require_open_thread(product_request):
    if product_request.status == Status.WITHDRAWN:
        raise ValidationError(_("This request was withdrawn; its thread is closed."))


@transaction.atomic
def post_product_message(*, product_request, author, body):
    """Write in the request's private thread. Side effects: a message, notices to the other side."""
    _require_side(product_request, author)
    _require_open_thread(product_request)

    return threads.post_message(
        thread=product_request,
        author=author,
        body=body,
        model=ProductMessage,
        participants=participants(product_request),
        notify_kind="funding.product_message",
        title=lambda: _("New message about %(product)s for %(title)s")
        % {"product": product_request.product.title, "title": product_request.technology.title},
    )


@transaction.atomic
def share_product_file(*, product_request, user, upload):
    """Share a file in the thread (checked by content and size). Side effects: stores it privately, audit."""
    _require_side(product_request, user)
    _require_open_thread(product_request)
    return threads.share_file(
        thread=product_request, user=user, upload=upload, model=ProductFile, validate=validate_document
    )


def can_download_product_file(*, product_file, user):
    """Thread files: the two sides only. No side effects."""
    return product_file.request.side_of(user) is not None
