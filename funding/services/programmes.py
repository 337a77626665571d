"""Programmes and financial products: who may publish them, and who is eligible for them.

Fund managers (members of an organisation of the fund kind) write their programmes on the site;
editors may do the same in the admin. Publishing needs the organisation verified by the editors.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.services import audit
from listings.models import Technology

from ..models import REVIEW_ORDER, Criterion, FinancialProduct, Programme, Stage
from .common import amount, yuan

FUND_KINDS = (Organisation.Kind.FUND,)
PRODUCT_KINDS = (Organisation.Kind.BANK, Organisation.Kind.INSURER)

DEFAULT_RUBRIC = [
    ("技术先进性与验证证据", "Technical merit and validation evidence", 30),
    ("知识产权与转化路径", "IP position and route to market", 25),
    ("团队与执行能力", "Team and ability to deliver", 25),
    ("资金使用计划与里程碑", "Use of funds and milestones", 20),
]


def _may_manage(user, organisation):
    return bool(
        user
        and user.is_authenticated
        and (user.is_editor or (organisation is not None and organisation.pk in user.organisation_ids))
    )


def _check_common(errors, obj, *, low_field, high_field, organisation, kinds, kind_error):
    if organisation is None or organisation.kind not in kinds:
        errors["organisation"] = kind_error
    low, high = amount(getattr(obj, low_field)), amount(getattr(obj, high_field))
    if low is None:
        errors[low_field] = _("Enter an amount in yuan, more than zero.")
    if high is None or (low is not None and high < low):
        errors[high_field] = _("The largest amount must be at least the smallest.")
    bad_ip = [s for s in (obj.ip_statuses or []) if s not in Technology.IPStatus.values]
    if bad_ip:
        errors["ip_statuses"] = _("Unknown IP status: %(values)s.") % {"values": ", ".join(bad_ip)}
    if not obj.title_zh.strip() or not obj.title_en.strip():
        errors["title_zh"] = _("Give the title in Chinese and in English.")
    if obj.is_published and organisation is not None and not organisation.is_verified:
        errors["is_published"] = _("The organisation must be verified by the editors before it publishes.")


def _publish_state(model, obj):
    if obj.pk is None:
        return None
    return model.objects.filter(pk=obj.pk).values_list("is_published", flat=True).first()


@transaction.atomic
def save_programme(*, programme, user, tracks=None, rubric=None):
    """A fund manager (or an editor) saves a programme; publishing needs a verified fund organisation.

    ``rubric`` is a list of (Chinese name, English name, most points) replacing the criteria while no
    review has been written; a new programme without one gets the default rubric. Side effects:
    saves the programme, its tracks and criteria, sets ``published_at`` the first time it is
    published, audit entry.
    """
    organisation = programme.organisation if programme.organisation_id else None
    if not _may_manage(user, organisation):
        raise PermissionDenied(_("Only the fund manager's members and editors manage its programmes."))
    errors = {}
    _check_common(
        errors,
        programme,
        low_field="ticket_min_cny",
        high_field="ticket_max_cny",
        organisation=organisation,
        kinds=FUND_KINDS,
        kind_error=_("Programmes are published by organisations of the kind “fund manager”."),
    )
    if programme.stage not in Stage.values:
        errors["stage"] = _("Choose the stage the programme funds.")
    if not 1 <= int(programme.min_trl or 0) <= 9:
        errors["min_trl"] = _("The minimum TRL is between 1 and 9.")
    bad_kinds = [k for k in (programme.applicant_kinds or []) if k not in Organisation.Kind.values]
    if bad_kinds:
        errors["applicant_kinds"] = _("Unknown organisation kind: %(values)s.") % {
            "values": ", ".join(bad_kinds)
        }
    steps = [step for step in REVIEW_ORDER if step in (programme.review_steps or [])]
    if programme.review_steps and len(steps) != len(set(programme.review_steps)):
        errors["review_steps"] = _("Choose review steps from screening, due diligence and committee.")
    programme.review_steps = steps or list(REVIEW_ORDER)
    previous = _publish_state(Programme, programme)
    if (
        programme.deadline
        and programme.is_published
        and not previous
        and programme.deadline <= timezone.now()
    ):
        errors["deadline"] = _("The deadline must be in the future; leave it empty for a rolling intake.")
    if rubric is not None:
        rubric = [(zh.strip(), (en or "").strip(), int(points)) for zh, en, points in rubric if zh.strip()]
        current = (
            [(c.name_zh, c.name_en, c.max_points) for c in programme.criteria.all()] if programme.pk else []
        )
        if rubric == current:
            rubric = None  # unchanged: nothing to replace
    if rubric is not None:
        if not rubric:
            errors["rubric"] = _("Give the rubric at least one criterion.")
        elif any(not 1 <= int(points) <= 100 for _zh, _en, points in rubric):
            errors["rubric"] = _("Each criterion gives between 1 and 100 points.")
        elif programme.pk and programme.applications.filter(reviews__isnull=False).exists():
            errors["rubric"] = _("Reviews have been scored with this rubric; it can no longer change.")
    if errors:
        raise ValidationError(errors)
    created = programme.pk is None
    if created and programme.created_by_id is None and not user.is_editor:
        programme.created_by = user
    if programme.is_published and programme.published_at is None:
        programme.published_at = timezone.now()
    programme.save()
    if tracks is not None:
        programme.tracks.set(tracks)
    if rubric is not None or created and not programme.criteria.exists():
        programme.criteria.all().delete()
        for position, (zh, en, points) in enumerate(rubric or DEFAULT_RUBRIC):
            Criterion.objects.create(
                programme=programme, position=position, name_zh=zh, name_en=en or zh, max_points=int(points)
            )
    audit(
        subject=programme,
        action="created" if created else "changed",
        actor=user,
        from_state="" if previous is None else ("published" if previous else "draft"),
        to_state="published" if programme.is_published else "draft",
    )
    return programme


@transaction.atomic
def save_product(*, product, user, tracks=None):
    """A bank or insurer (or an editor) saves a financial product; publishing needs it verified.

    Side effects: saves the product and its tracks, ``published_at`` the first time, audit entry.
    """
    organisation = product.organisation if product.organisation_id else None
    if not _may_manage(user, organisation):
        raise PermissionDenied(_("Only the provider's members and editors manage its products."))
    errors = {}
    _check_common(
        errors,
        product,
        low_field="amount_min_cny",
        high_field="amount_max_cny",
        organisation=organisation,
        kinds=PRODUCT_KINDS,
        kind_error=_("Financial products are offered by banks and insurers."),
    )
    if product.kind not in FinancialProduct.Kind.values:
        errors["kind"] = _("Choose the kind of product.")
    if errors:
        raise ValidationError(errors)
    previous = _publish_state(FinancialProduct, product)
    created = product.pk is None
    if product.is_published and product.published_at is None:
        product.published_at = timezone.now()
    product.save()
    if tracks is not None:
        product.tracks.set(tracks)
    audit(
        subject=product,
        action="created" if created else "changed",
        actor=user,
        from_state="" if previous is None else ("published" if previous else "draft"),
        to_state="published" if product.is_published else "draft",
    )
    return product


# --- Eligibility --------------------------------------------------------------------------------


def _listing_reasons(offer, technology):
    reasons = []
    if technology.status != Technology.Status.PUBLISHED:
        reasons.append(_("The technology must be published on the marketplace."))
    if technology.trl < offer.min_trl:
        reasons.append(
            _("It asks for TRL %(min)s or higher; the technology is at TRL %(trl)s.")
            % {"min": offer.min_trl, "trl": technology.trl}
        )
    if offer.ip_statuses and technology.ip_status not in offer.ip_statuses:
        accepted = "、".join(str(Technology.IPStatus(s).label) for s in offer.ip_statuses)
        current = technology.get_ip_status_display() if technology.ip_status else _("not stated")
        reasons.append(
            _("It asks for this IP status: %(accepted)s; the listing says: %(current)s.")
            % {"accepted": accepted, "current": current}
        )
    tracks = list(offer.tracks.all())
    if tracks and technology.track_id not in {t.pk for t in tracks}:
        reasons.append(
            _("It funds these tracks: %(tracks)s.") % {"tracks": "、".join(str(t.name) for t in tracks)}
        )
    return reasons


def programme_eligibility(*, programme, technology, now=None):
    """Why this technology (and its organisation) may not apply, as sentences; empty when eligible.

    Checks the intake (published, before the deadline), the listing (published, TRL, IP status,
    track) and the applicant organisation's kind. No side effects.
    """
    reasons = []
    if not programme.is_published:
        reasons.append(_("The programme is not published."))
    elif not programme.is_open(now):
        reasons.append(_("The deadline has passed."))
    reasons += _listing_reasons(programme, technology)
    kinds = programme.applicant_kinds or []
    if kinds and technology.organisation.kind not in kinds:
        labels = "、".join(str(Organisation.Kind(k).label) for k in kinds)
        reasons.append(_("It is open to these organisations: %(kinds)s.") % {"kinds": labels})
    return reasons


def product_eligibility(*, product, technology):
    """Why this technology may not ask for this product, as sentences; empty when eligible. No side effects."""
    reasons = [] if product.is_published else [_("The product is not published.")]
    return reasons + _listing_reasons(product, technology)


def ticket_error(programme, value):
    """The message when ``value`` is outside the programme's ticket range, else ''."""
    parsed = amount(value)
    if parsed is None or not programme.ticket_min_cny <= parsed <= programme.ticket_max_cny:
        return _("Ask for between %(low)s and %(high)s.") % {
            "low": yuan(programme.ticket_min_cny),
            "high": yuan(programme.ticket_max_cny),
        }
    return ""
