"""What enterprises, experts and editors do with innovation products.

The web pages, the API and the admin all call these functions; permission checks live here.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.queries import accepted_organisation_ids, is_member, members_of
from accounts.roles import Role
from core.richtext import clean_source
from dealflow.models import MatchRequest
from notifications.services import notify_each

from .models import (
    CriterionScore,
    Evaluation,
    InnovationProduct,
    ProductAttachment,
    ProductCertification,
    ProductStatusChange,
)
from .validators import validate_product_attachment

logger = logging.getLogger(__name__)
Status = InnovationProduct.Status

PRODUCT_FIELDS = (
    "name",
    "name_en",
    "summary",
    "summary_en",
    "description",
    "description_en",
    "track",
    "category",
    "specifications",
    "specifications_en",
    "price_cny",
    "price_unit",
    "price_unit_en",
    "proven_scenarios",
    "proven_scenarios_en",
    "qualifications",
    "qualifications_en",
)


def _require_editor(user):
    if not (user and user.is_authenticated and user.is_editor):
        raise PermissionDenied(_("Only editors can do this."))


def _notify_enterprise(product, *, title, body=""):
    """Tell every member of the enterprise, after commit, each in their own language.

    ``title`` is a callable so that each person reads it in their own language.
    """
    product_id, status, url = product.pk, product.status, product.get_absolute_url()

    def send():
        notify_each(
            members_of(product.organisation),
            kind="procurement.status",
            title=title,
            body=body,
            url=url,
            dedupe_key=f"procurement:{product_id}:{status}",
        )

    transaction.on_commit(send)


def _set_status(product, to_status, *, by, note=""):
    """Move the product to a new status and record the step. Side effects: saves the product."""
    from_status = product.status
    product.status = to_status
    now = timezone.now()
    if to_status == Status.SUBMITTED and product.submitted_at is None:
        product.submitted_at = now
    elif to_status == Status.RECOMMENDED:
        product.recommended_at = now
    elif to_status in (Status.ACCEPTED, Status.NOT_ACCEPTED):
        product.decided_at = now
    product.save()
    ProductStatusChange.objects.create(
        product=product,
        from_status=from_status,
        to_status=to_status,
        note=note,
        changed_by=by,
        changed_at=now,
    )


def _clean_sanitised(data):
    """Descriptions are kept as written (Markdown) and made safe when shown (core.richtext)."""
    data = dict(data)
    for name in ("description", "description_en"):
        if data.get(name):
            data[name] = clean_source(data[name])
    return data


def check_links(*, user, technologies=None, deals=None):
    """What a person may name on a product: technologies published on the marketplace, and
    registered technology contracts (closed with a deal) one of their organisations was a side of
    (as the product form offers them). Raises ValidationError naming each field. No side effects."""
    errors = {}
    if technologies is not None and any(t.status != "published" for t in technologies):
        errors["technologies"] = _("Link only technologies published on the marketplace.")
    if deals:
        orgs = list(accepted_organisation_ids(user))
        own = (
            MatchRequest.objects.filter(pk__in=[d.pk for d in deals], stage=MatchRequest.Stage.CLOSED_DEAL)
            .exclude(registration_number="")
            .filter(Q(owner_organisation_id__in=orgs) | Q(requester_organisation_id__in=orgs))
        )
        if own.count() != len({d.pk for d in deals}):
            errors["deals"] = _("Link only your organisations' own registered technology contracts.")
    if errors:
        raise ValidationError(errors)


def can_submit_products(user):
    """Whether the person may submit innovation products at all (the enterprise role); which
    enterprise they file for is checked on submission."""
    return user.is_authenticated and user.has_role(Role.ENTERPRISE)


@transaction.atomic
def create_product(*, user, organisation, data, technologies=(), deals=(), submit=False):
    """An enterprise member records a new innovation product for their enterprise.

    Side effects: creates the product (draft, or submitted when ``submit``) and its first status
    step. Raises PermissionDenied unless the person holds the enterprise role and has accepted
    membership of the enterprise they chose.
    """
    if not (can_submit_products(user) and is_member(user, organisation)):
        raise PermissionDenied(_("Only members of the enterprise can submit its products."))
    technologies, deals = list(technologies), list(deals)
    check_links(user=user, technologies=technologies, deals=deals)
    data = _clean_sanitised({key: value for key, value in data.items() if key in PRODUCT_FIELDS})
    product = InnovationProduct.objects.create(organisation=organisation, created_by=user, **data)
    product.technologies.set(technologies)
    product.deals.set(deals)
    ProductStatusChange.objects.create(product=product, to_status=Status.DRAFT, changed_by=user)
    if submit:
        _set_status(product, Status.SUBMITTED, by=user)
    return product


@transaction.atomic
def update_product(*, product, user, data, technologies=None, deals=None):
    """Change a product while it is a draft or newly submitted. Side effects: saves the product."""
    if not product.can_edit(user):
        raise PermissionDenied(_("This product can no longer be changed."))
    technologies = None if technologies is None else list(technologies)
    deals = None if deals is None else list(deals)
    check_links(user=user, technologies=technologies, deals=deals)
    for key, value in _clean_sanitised(data).items():
        if key in PRODUCT_FIELDS:
            setattr(product, key, value)
    product.save()
    if technologies is not None:
        product.technologies.set(technologies)
    if deals is not None:
        product.deals.set(deals)
    return product


@transaction.atomic
def submit_product(*, product, user):
    """The enterprise submits its draft for evaluation. Side effects: status step."""
    if not product.organisation.has_member(user):
        raise PermissionDenied(_("Only members of the enterprise can submit its products."))
    if product.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    _set_status(product, Status.SUBMITTED, by=user)
    return product


def add_certification(
    *, product, user, kind, title, issuer, number="", issued_on=None, title_en="", issuer_en=""
):
    """Record a test report or a first-set/first-batch/first-version recognition. Side effects: creates a row."""
    if not product.can_edit(user):
        raise PermissionDenied(_("This product can no longer be changed."))
    return ProductCertification.objects.create(
        product=product,
        kind=kind,
        title=title,
        title_en=(title_en or "").strip(),
        issuer=issuer,
        issuer_en=(issuer_en or "").strip(),
        number=number,
        issued_on=issued_on,
    )


def add_attachment(*, product, user, file, title):
    """Attach a file after checking its content and size. Side effects: stores the file, creates a row."""
    if not product.can_edit(user):
        raise PermissionDenied(_("This product can no longer be changed."))
    mime = validate_product_attachment(file)
    return ProductAttachment.objects.create(
        product=product,
        title=title,
        file=file,
        original_name=file.name[:255],
        content_type=mime,
        size=file.size,
        uploaded_by=user,
    )


@transaction.atomic
def withdraw_product(*, product, user):
    """The enterprise withdraws a product that is not yet recommended. Side effects: status step."""
    if not product.organisation.has_member(user):
        raise PermissionDenied(_("Only members of the enterprise can withdraw its products."))
    if product.status not in (Status.DRAFT, Status.SUBMITTED, Status.UNDER_EVALUATION):
        raise ValidationError(_("A recommended product can no longer be withdrawn."))
    _set_status(product, Status.WITHDRAWN, by=user)
    return product


# --- Evaluation ---------------------------------------------------------------------------


@transaction.atomic
def assign_to_panel(*, product, panel, editor):
    """An editor puts a submitted product before an expert panel.

    Side effects: one evaluation per panel expert, except experts belonging to the product's
    enterprise (they could never score it); the product moves to "under evaluation"; the
    enterprise is told. Returns (evaluations created, experts left out for their organisation).
    """
    _require_editor(editor)
    if product.status not in (Status.SUBMITTED, Status.UNDER_EVALUATION):
        raise ValidationError(_("Only submitted products can be evaluated."))
    if not panel.criteria.exists():
        raise ValidationError(_("The panel has no criteria yet."))
    created, excluded = [], []
    for membership in panel.memberships.select_related("expert"):
        expert = membership.expert
        if product.organisation.has_member(expert):
            excluded.append(expert)
            continue
        evaluation, new = Evaluation.objects.get_or_create(panel=panel, product=product, expert=expert)
        if new:
            created.append(evaluation)
    if not created and not product.evaluations.filter(panel=panel).exists():
        raise ValidationError(_("No expert on this panel can evaluate this product."))
    if product.status == Status.SUBMITTED:
        _set_status(product, Status.UNDER_EVALUATION, by=editor, note=panel.name)
        _notify_enterprise(
            product,
            title=lambda: _("Your product %(name)s is under expert evaluation") % {"name": product.name},
        )
    return created, excluded


def _check_expert(evaluation, expert):
    if evaluation.expert_id != expert.pk:
        raise PermissionDenied(_("This evaluation is assigned to another expert."))
    if evaluation.product.organisation.has_member(expert):
        raise PermissionDenied(_("You cannot evaluate a product of your own organisation."))
    if not evaluation.panel.is_open:
        raise ValidationError(_("The panel is closed for scoring."))


@transaction.atomic
def declare_interests(*, evaluation, expert, has_conflict, statement=""):
    """The expert declares whether they have a conflict of interest before seeing scores.

    Side effects: with a conflict the evaluation is withdrawn for good; without, it opens for scoring.
    """
    _check_expert(evaluation, expert)
    if evaluation.status != Evaluation.Status.ASSIGNED:
        raise ValidationError(_("You have already made your declaration."))
    if has_conflict and not statement.strip():
        raise ValidationError(_("Describe the conflict of interest."))
    evaluation.status = Evaluation.Status.CONFLICT if has_conflict else Evaluation.Status.DECLARED
    evaluation.conflict_statement = statement.strip()
    evaluation.declared_at = timezone.now()
    evaluation.save(update_fields=["status", "conflict_statement", "declared_at"])
    return evaluation


def weighted_score(scores_by_criterion):
    """0-100: each criterion's 0-10 points times its weight, over the sum of the weights."""
    total_weight = sum(criterion.weight for criterion in scores_by_criterion)
    if not total_weight:
        return Decimal("0.00")
    points = sum(Decimal(score) * criterion.weight for criterion, score in scores_by_criterion.items())
    return (points * 10 / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def submit_scores(*, evaluation, expert, scores, comment):
    """The expert scores every criterion (0-10) and comments; the evaluation is then final.

    ``scores`` maps criterion id to points. Side effects: creates the criterion scores and stores
    the weighted score. Raises ValidationError for missing or out-of-range scores.
    """
    _check_expert(evaluation, expert)
    if evaluation.status == Evaluation.Status.SUBMITTED:
        raise ValidationError(_("You have already submitted this evaluation."))
    if evaluation.status != Evaluation.Status.DECLARED:
        raise ValidationError(_("Declare your interests before scoring."))
    criteria = list(evaluation.panel.criteria.all())
    given = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= int(value) <= 10:
            raise ValidationError(_("Give every criterion a score from 0 to 10."))
        given[criterion] = int(value)
    if not comment.strip():
        raise ValidationError(_("Write a comment for the panel."))
    try:
        CriterionScore.objects.bulk_create(
            [CriterionScore(evaluation=evaluation, criterion=c, score=s) for c, s in given.items()]
        )
    except IntegrityError as error:
        raise ValidationError(_("You have already submitted this evaluation.")) from error
    evaluation.weighted_score = weighted_score(given)
    evaluation.comment = comment.strip()
    evaluation.status = Evaluation.Status.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.save(update_fields=["weighted_score", "comment", "status", "submitted_at"])
    return evaluation


def peer_evaluations(*, evaluation, user):
    """The other experts' submitted evaluations of the same product, only once this one is submitted.

    Editors see them all. An expert who has not submitted (or withdrew for a conflict) sees none,
    so nobody is anchored by their colleagues' scores.
    """
    others = (
        Evaluation.objects.filter(product_id=evaluation.product_id, status=Evaluation.Status.SUBMITTED)
        .exclude(pk=evaluation.pk)
        .select_related("expert")
        .prefetch_related("scores__criterion")
    )
    if user.is_editor:
        return others
    if evaluation.expert_id != user.pk or evaluation.status != Evaluation.Status.SUBMITTED:
        return others.none()
    return others


# --- Recommendation and the catalogue -------------------------------------------------------


def missing_scores(product):
    """The evaluations of experts assigned to ``product`` who have not scored it yet (those who
    declared a conflict are not waited for). No side effects."""
    return product.evaluations.filter(
        status__in=(Evaluation.Status.ASSIGNED, Evaluation.Status.DECLARED)
    ).select_related("expert")


@transaction.atomic
def recommend_product(*, product, batch, editor, note="", override_reason=""):
    """An editor puts an evaluated product into a dated recommendation batch.

    Every assigned expert must have scored it (or withdrawn for a conflict of interest); otherwise the
    editor gives an ``override_reason``, which is recorded on the product, written to the audit trail
    and shown in the batch. Side effects: the product becomes "recommended", public and part of the
    feed; the enterprise is told.
    """
    _require_editor(editor)
    if product.status != Status.UNDER_EVALUATION:
        raise ValidationError(_("Only products under evaluation can be recommended."))
    if not product.evaluations.filter(status=Evaluation.Status.SUBMITTED).exists():
        raise ValidationError(_("No expert has scored this product yet."))
    missing = list(missing_scores(product))
    override_reason = (override_reason or "").strip()
    if missing and not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "Still waiting for scores from %(experts)s. Wait for them, or give the reason for "
                    "recommending now; it is recorded and shown in the batch."
                )
                % {"experts": ", ".join(str(e.expert) for e in missing)}
            }
        )
    product.batch = batch
    product.recommendation_override = override_reason if missing else ""
    if missing:
        note = _("Recommended without %(count)d score(s): %(reason)s") % {
            "count": len(missing),
            "reason": override_reason,
        }
    _set_status(product, Status.RECOMMENDED, by=editor, note=note or batch.title)
    _notify_enterprise(
        product,
        title=lambda: _("Your product %(name)s is recommended for the procurement catalogue (%(batch)s)")
        % {"name": product.name, "batch": batch.title},
    )
    return product


@transaction.atomic
def decline_recommendation(*, product, editor, note):
    """An editor decides, after evaluation, not to recommend the product. Side effects: status step, notice."""
    _require_editor(editor)
    if product.status != Status.UNDER_EVALUATION:
        raise ValidationError(_("Only products under evaluation can be declined."))
    if not note.strip():
        raise ValidationError(_("Give the enterprise a reason."))
    product.decision_note = note.strip()
    _set_status(product, Status.NOT_RECOMMENDED, by=editor, note=note.strip())
    _notify_enterprise(
        product, title=lambda: _("Your product %(name)s was not recommended") % {"name": product.name}
    )
    return product


@transaction.atomic
def record_catalogue_decision(*, product, editor, accepted, entry_number="", note=""):
    """Record the finance bureau's decision on a recommended product.

    Accepted products need their catalogue entry number (unique). Side effects: status step,
    notice to the enterprise.
    """
    _require_editor(editor)
    if product.status != Status.RECOMMENDED:
        raise ValidationError(_("Only recommended products can be accepted or refused."))
    entry_number = entry_number.strip()
    if accepted:
        if not entry_number:
            raise ValidationError(_("Enter the catalogue entry number."))
        if (
            InnovationProduct.objects.filter(catalogue_entry_number=entry_number)
            .exclude(pk=product.pk)
            .exists()
        ):
            raise ValidationError(_("Another product already has this entry number."))
        product.catalogue_entry_number = entry_number
    product.decision_note = note.strip()
    _set_status(product, Status.ACCEPTED if accepted else Status.NOT_ACCEPTED, by=editor, note=note.strip())

    def title():
        if accepted:
            return _("Your product %(name)s is in the government procurement catalogue, entry %(number)s") % {
                "name": product.name,
                "number": entry_number,
            }
        return _("Your product %(name)s was not accepted into the procurement catalogue") % {
            "name": product.name
        }

    _notify_enterprise(product, title=title, body=note)
    return product
