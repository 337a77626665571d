"""Applications and their staged review, the decision and the tranches.

    apply ─▶ in review (screening) ─ advance ─▶ due diligence ─ advance ─▶ committee ─ fund ─▶ funded
                 │  ▲                                                          └─ decline ─▶ declined
       ask ─▶ more info ─ answer                          (decline and withdraw at any open step)

Reviewers are the members of the programme's organisation. A reviewer whose organisation took part
in a match request with the applicant's organisation (deal flow) has a conflict of interest: the
page flags them and the services refuse their scores and decisions. Scores and comments are the
fund's own; the applicant sees the step's public name, the questions asked and the decision.
Every state change is audited; notices go to each person in their own language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.bilingual import localized
from core.services import audit
from dealflow.models import MatchRequest
from listings.models import Technology
from notifications.services import notify_each
from platforms.models import ValidationReport
from procurement.models import InnovationProduct

from ..models import (
    LADDER,
    Application,
    ApplicationDocument,
    InformationRound,
    Programme,
    Review,
    Tranche,
)
from ..validators import validate_document
from .common import amount, members, text, yuan
from .programmes import programme_eligibility, ticket_error

Status = Application.Status


def _locked(application):
    return (
        Application.objects.select_for_update()
        .select_related("programme__organisation", "technology", "applicant_organisation")
        .get(pk=application.pk)
    )


def _require_side(application, user, side):
    actual = application.side_of(user)
    if actual != side:
        if actual is None:
            raise PermissionDenied(_("You do not take part in this application."))
        raise PermissionDenied(
            _("Only the fund's reviewers can do this.")
            if side == "fund"
            else _("Only the applicant can do this.")
        )


def _deals_with(applicant_ids, user, orgs):
    """Match requests between any of ``applicant_ids`` and the person or their organisations."""
    with_applicant = Q(owner_organisation_id__in=applicant_ids) | Q(
        requester_organisation_id__in=applicant_ids
    )
    counterpart = (
        Q(owner_organisation_id__in=orgs) | Q(requester_organisation_id__in=orgs) | Q(requester=user)
    )
    return MatchRequest.objects.filter(with_applicant).filter(counterpart)


def conflict_of_interest(*, application, user):
    """Why this member of the fund should not review the application, or '' when nothing is known.

    A conflict is computed from the deal flow: the person, or one of their organisations, took part
    in a match request with the applicant's organisation; or they belong to the applicant. No side effects.
    """
    applicant = application.applicant_organisation_id
    return conflicts_of_interest(user=user, applicant_ids=[applicant]).get(applicant, "")


def conflicts_of_interest(*, user, applicant_ids):
    """{applicant organisation id: why this person should not review its applications} for the
    conflicted ones among ``applicant_ids`` (``conflict_of_interest`` for a whole list, in one
    query whatever the number of applicants). No side effects."""
    if not (user and user.is_authenticated) or not applicant_ids:
        return {}
    orgs, applicant_ids = set(user.organisation_ids), set(applicant_ids)
    reasons = {pk: _("You belong to the applicant's organisation.") for pk in applicant_ids & orgs}
    # Newest first, so each applicant is named with its latest request.
    for deal in _deals_with(applicant_ids - orgs, user, orgs).order_by("-created_at", "-pk"):
        for applicant in {deal.owner_organisation_id, deal.requester_organisation_id} & applicant_ids:
            reasons.setdefault(
                applicant,
                _("Your organisation had a match request with the applicant (#%(pk)s, %(stage)s).")
                % {"pk": deal.pk, "stage": deal.get_stage_display()},
            )
    return reasons


def conflicted_applicants(*, user, applicant_ids):
    """Of ``applicant_ids``, the organisations this person may not review (``conflict_of_interest``
    for many applications in one query, for lists such as the workspace). No side effects."""
    return set(conflicts_of_interest(user=user, applicant_ids=applicant_ids))


def _require_reviewer(application, user):
    _require_side(application, user, "fund")
    conflict = conflict_of_interest(application=application, user=user)
    if conflict:
        raise PermissionDenied(_("Conflict of interest: %(reason)s") % {"reason": conflict})


def _applicants(application):
    return members(application.applicant_organisation)


def _fund(application):
    return members(application.programme.organisation)


def _title(application):
    return application.technology.title


# --- Applying -----------------------------------------------------------------------------------


def previous_funding(technology):
    """The technology's latest funded application, or None: where the ladder continues from."""
    return Application.objects.funded().filter(technology=technology).order_by("-decided_at", "-pk").first()


def owner_reports(technology):
    """Validation reports on the technology that its owner may bring as evidence (public or private)."""
    return ValidationReport.objects.filter(slot_request__technology=technology).order_by("-created_at")


def prefill(*, technology, programme):
    """The application form's starting values: from the previous funded application (the ladder's
    last decision) or the latest application of this technology, and every validation report as
    evidence. No side effects."""
    earlier = previous_funding(technology) or (
        Application.objects.filter(technology=technology).order_by("-created_at").first()
    )
    initial = {"evidence": list(owner_reports(technology).values_list("pk", flat=True))}
    if earlier is not None:
        initial.update(plan=earlier.plan, milestones=earlier.milestones, team=earlier.team)
    if programme is not None:
        initial["amount_cny"] = programme.ticket_min_cny
    return initial


@transaction.atomic
def apply(
    *, applicant, programme, technology, amount_cny, plan, milestones, team, evidence=(), documents=None
):
    """A member of the technology's organisation applies to a programme with the listing.

    Eligibility is checked here (reasons in the error); ``documents`` maps each asked document's
    index to its upload, all required. Side effects: creates the application at the programme's
    first review step with the listing's TRL and IP status, its evidence and documents (private
    storage), audit entry, notices to the fund's members.
    """
    if not (applicant and applicant.is_authenticated):
        raise PermissionDenied(_("Sign in to apply."))
    if technology.organisation_id not in applicant.organisation_ids:
        raise PermissionDenied(_("Only members of the technology's organisation can apply with it."))
    if programme.organisation_id == technology.organisation_id:
        raise ValidationError(_("A fund cannot apply to its own programme."))
    reasons = programme_eligibility(programme=programme, technology=technology)
    if reasons:
        raise ValidationError(reasons)
    errors = {}
    error = ticket_error(programme, amount_cny)
    if error:
        errors["amount_cny"] = error
    plan, milestones, team = text(plan), text(milestones), text(team)
    if len(plan) < 15:
        errors["plan"] = _("Say in at least 15 characters what the money is for.")
    if len(milestones) < 6:
        errors["milestones"] = _("List the milestones the money takes you to.")
    if not team:
        errors["team"] = _("Describe the team.")
    documents = documents or {}
    for index, label in programme.documents:
        if documents.get(index) is None:
            errors[f"document_{index}"] = _("Upload “%(name)s”.") % {"name": label}
    mimes = {}
    for index, upload in documents.items():
        if upload is None:
            continue
        try:
            mimes[index] = validate_document(upload)
        except ValidationError as problem:
            errors[f"document_{index}"] = problem.messages
    reports = list(owner_reports(technology).filter(pk__in=[getattr(r, "pk", r) for r in evidence]))
    if errors:
        raise ValidationError(errors)
    if Application.objects.filter(
        programme=programme, technology=technology, status__in=[Status.IN_REVIEW, Status.MORE_INFO]
    ).exists():
        raise ValidationError(_("This technology already has an application in review with this programme."))
    application = Application.objects.create(
        programme=programme,
        technology=technology,
        applicant=applicant,
        applicant_organisation_id=technology.organisation_id,
        previous=previous_funding(technology),
        amount_cny=amount(amount_cny),
        plan=plan,
        milestones=milestones,
        team=team,
        trl_at_application=technology.trl,
        ip_status_at_application=technology.ip_status,
        step=programme.steps[0],
    )
    application.evidence.set(reports)
    labels = dict(enumerate(line.strip() for line in programme.documents_zh.splitlines() if line.strip()))
    for index, upload in sorted(documents.items()):
        if upload is None:
            continue
        ApplicationDocument.objects.create(
            application=application,
            slot=index,
            label=labels.get(index, "")[:200],
            uploaded_by=applicant,
            file=upload,
            original_name=upload.name[:255],
            content_type=mimes[index],
            size=upload.size,
        )
    audit(
        subject=application,
        action="applied",
        actor=applicant,
        to_state=Status.IN_REVIEW,
        note=application.step,
    )
    notify_each(
        _fund(application),
        kind="funding.application_received",
        title=lambda: _("New application to %(programme)s: %(title)s")
        % {"programme": programme.title, "title": technology.title},
        body=lambda: _("%(who)s asks for %(amount)s. Next: screen it.")
        % {"who": technology.organisation, "amount": yuan(application.amount_cny)},
        url=lambda: application.get_absolute_url(),
        dedupe_key=f"application:{application.pk}:received",
    )
    return application


@transaction.atomic
def withdraw_application(*, application, user):
    """The applicant withdraws an application still in review. Side effects: status, audit, notices to the fund."""
    application = _locked(application)
    _require_side(application, user, "applicant")
    if not application.is_open:
        raise ValidationError(_("Only an application in review can be withdrawn."))
    previous = application.status
    application.status = Status.WITHDRAWN
    application.save()
    audit(subject=application, action="withdrawn", actor=user, from_state=previous, to_state=Status.WITHDRAWN)
    notify_each(
        _fund(application),
        kind="funding.application_withdrawn",
        title=lambda: _("The application of %(title)s was withdrawn") % {"title": _title(application)},
        body=lambda: _("Nothing more is needed from you."),
        url=lambda: application.get_absolute_url(),
        dedupe_key=f"application:{application.pk}:withdrawn",
    )
    return application


# --- Review -------------------------------------------------------------------------------------


def running_total(application, step=None, *, criteria_max=None):
    """Per step: the reviews, each reviewer's total, the mean total and the most points possible.

    A list page passes ``criteria_max`` (the programme's, once) and prefetches ``reviews`` with
    their reviewers: then no query per application. No side effects."""
    if criteria_max is None:
        criteria_max = sum(c.max_points for c in application.programme.criteria.all())
    if "reviews" in getattr(application, "_prefetched_objects_cache", {}):
        rows = [r for r in application.reviews.all() if not step or r.step == step]
    else:
        reviews = application.reviews.select_related("reviewer")
        if step:
            reviews = reviews.filter(step=step)
        rows = list(reviews)
    mean = round(sum(r.total for r in rows) / len(rows), 1) if rows else None
    return {"reviews": rows, "mean": mean, "max": criteria_max, "count": len(rows)}


@transaction.atomic
def score_application(*, application, reviewer, scores, comment, recommendation):
    """A reviewer of the fund scores the current step against the rubric, with a comment the
    applicant never sees and a recommendation. Scoring again at the same step replaces their review.

    Side effects: creates or updates the Review (total computed here), audit entry. No notice to the applicant.
    """
    application = _locked(application)
    _require_reviewer(application, reviewer)
    if application.status != Status.IN_REVIEW:
        raise ValidationError(_("Scores are given while the application is in review."))
    errors = {}
    clean = {}
    for criterion in application.programme.criteria.all():
        raw = (scores or {}).get(criterion.pk, (scores or {}).get(str(criterion.pk)))
        try:
            points = int(raw)
        except (TypeError, ValueError):
            errors[f"criterion_{criterion.pk}"] = _("Score “%(name)s”.") % {"name": criterion.name}
            continue
        if not 0 <= points <= criterion.max_points:
            errors[f"criterion_{criterion.pk}"] = _("Give between 0 and %(max)s points.") % {
                "max": criterion.max_points
            }
        clean[str(criterion.pk)] = points
    comment = text(comment)
    if len(comment) < 6:
        errors["comment"] = _("Write a comment of at least 6 characters for the other reviewers.")
    if recommendation not in Review.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    if errors:
        raise ValidationError(errors)
    review, created = Review.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        step=application.step,
        defaults={
            "scores": clean,
            "total": sum(clean.values()),
            "comment": comment,
            "recommendation": recommendation,
        },
    )
    audit(
        subject=application,
        action="scored" if created else "rescored",
        actor=reviewer,
        note=f"{application.step}: {review.total}",
    )
    return review


@transaction.atomic
def ask_for_information(*, application, user, question):
    """The fund asks the applicant for more information: the review pauses until they answer.

    Side effects: status more info, an information round, audit, notices to the applicant's members.
    """
    application = _locked(application)
    _require_reviewer(application, user)
    if application.status != Status.IN_REVIEW:
        raise ValidationError(_("Questions can be asked while the application is in review."))
    question = text(question)
    if len(question) < 6:
        raise ValidationError({"question": _("Write your questions in at least 6 characters.")})
    InformationRound.objects.create(
        application=application, step=application.step, question=question, asked_by=user
    )
    application.status = Status.MORE_INFO
    application.save()
    audit(
        subject=application,
        action="more_info",
        actor=user,
        from_state=Status.IN_REVIEW,
        to_state=Status.MORE_INFO,
    )
    notify_each(
        _applicants(application),
        kind="funding.more_information",
        title=lambda: _("%(programme)s asks for more information about %(title)s")
        % {"programme": application.programme.title, "title": _title(application)},
        body=lambda: question[:300],
        url=lambda: application.get_absolute_url() + "#rounds",
        dedupe_key=f"application:{application.pk}:round:{application.rounds.count()}",
    )
    return application


@transaction.atomic
def answer_information(*, application, user, answer, upload=None):
    """The applicant answers the open round (optionally with a document): the review resumes.

    Side effects: the round's answer, an optional private document, status in review, audit, notices to the fund.
    """
    application = _locked(application)
    _require_side(application, user, "applicant")
    if application.status != Status.MORE_INFO:
        raise ValidationError(_("No question is waiting for your answer."))
    answer = text(answer)
    if len(answer) < 4:
        raise ValidationError({"answer": _("Write your answer in at least 4 characters.")})
    mime = None
    if upload is not None:
        try:
            mime = validate_document(upload)
        except ValidationError as problem:
            raise ValidationError({"file": problem.messages}) from problem
    current = application.rounds.filter(answered_at__isnull=True).order_by("-asked_at").first()
    current.answer, current.answered_by, current.answered_at = answer, user, timezone.now()
    current.save()
    if upload is not None:
        ApplicationDocument.objects.create(
            application=application,
            label=_("Answer to the fund's questions")[:200],
            uploaded_by=user,
            file=upload,
            original_name=upload.name[:255],
            content_type=mime,
            size=upload.size,
        )
    application.status = Status.IN_REVIEW
    application.save()
    audit(
        subject=application,
        action="answered",
        actor=user,
        from_state=Status.MORE_INFO,
        to_state=Status.IN_REVIEW,
    )
    notify_each(
        _fund(application),
        kind="funding.information_answered",
        title=lambda: _("The applicant answered your questions about %(title)s")
        % {"title": _title(application)},
        body=lambda: answer[:300],
        url=lambda: application.get_absolute_url() + "#rounds",
        dedupe_key=f"round:{current.pk}:answered",
    )
    return application


def _require_reviewed(application):
    if not application.reviews.filter(step=application.step).exists():
        raise ValidationError(_("Score the application at this step before moving on."))


@transaction.atomic
def advance_application(*, application, user):
    """The fund moves an application to its programme's next review step.

    Side effects: the step, audit, notices to the applicant (the step's public name only).
    """
    application = _locked(application)
    _require_reviewer(application, user)
    if application.status != Status.IN_REVIEW:
        raise ValidationError(_("Only an application in review moves on."))
    steps = application.programme.steps
    index = steps.index(application.step) if application.step in steps else len(steps) - 1
    if index >= len(steps) - 1:
        raise ValidationError(_("This is the last step: decide."))
    _require_reviewed(application)
    previous, application.step = application.step, steps[index + 1]
    application.save()
    audit(subject=application, action="advanced", actor=user, from_state=previous, to_state=application.step)
    notify_each(
        _applicants(application),
        kind="funding.application_advanced",
        title=lambda: _("Your application for %(title)s moved to %(step)s")
        % {"title": _title(application), "step": application.get_step_display()},
        body=lambda: _("%(programme)s continues its review. Nothing is needed from you now.")
        % {"programme": application.programme.title},
        url=lambda: application.get_absolute_url(),
        dedupe_key=f"application:{application.pk}:step:{application.step}",
    )
    return application


def _clean_tranches(tranches, awarded):
    rows, total = [], 0
    for index, (value, milestone) in enumerate(tranches):
        parsed = amount(value)
        if parsed is None or milestone not in Tranche.Milestone.values:
            raise ValidationError(
                {"tranches": _("Tranche %(n)s needs an amount and a milestone.") % {"n": index + 1}}
            )
        rows.append((parsed, milestone))
        total += parsed
    if not rows:
        return [(awarded, Tranche.Milestone.ON_AWARD)]
    if total != awarded:
        raise ValidationError(
            {
                "tranches": _("The tranches add up to %(total)s, not the %(awarded)s awarded.")
                % {"total": yuan(total), "awarded": yuan(awarded)}
            }
        )
    return rows


@transaction.atomic
def decide_application(*, application, user, fund, note, amount_awarded=None, tranches=()):
    """The fund decides: fund (at the last review step, with the amount and its tranches) or decline
    (at any step). Every member of the applicant's organisation hears the decision in their language.

    ``tranches`` is a list of (amount, milestone); none means the whole award on award. Side
    effects: status, decision fields, funded stage, tranches (those "on award" released at once),
    audit, notices and e-mails to the applicant's members.
    """
    application = _locked(application)
    _require_reviewer(application, user)
    if not application.is_open:
        raise ValidationError(_("This application has already been decided."))
    note = text(note)
    if len(note) < 6:
        raise ValidationError({"note": _("Tell the applicant the decision in at least 6 characters.")})
    now = timezone.now()
    rows = []
    if fund:
        if application.status != Status.IN_REVIEW or application.step != application.programme.steps[-1]:
            raise ValidationError(_("Fund an application at the programme's last review step."))
        _require_reviewed(application)
        awarded = amount(amount_awarded)
        if awarded is None or awarded > application.programme.ticket_max_cny:
            raise ValidationError(
                {
                    "amount_awarded": _("Award an amount up to %(max)s.")
                    % {"max": yuan(application.programme.ticket_max_cny)}
                }
            )
        rows = _clean_tranches(tranches, awarded)
        application.amount_awarded_cny, application.funded_stage = awarded, application.programme.stage
    previous = application.status
    application.status = Status.FUNDED if fund else Status.DECLINED
    application.decision_note, application.decided_at, application.decided_by = note, now, user
    application.save()
    for position, (value, milestone) in enumerate(rows):
        on_award = milestone == Tranche.Milestone.ON_AWARD
        Tranche.objects.create(
            application=application, position=position, amount_cny=value, milestone=milestone,
            released_at=now if on_award else None, released_by=user if on_award else None,
            **(_evidence_notes(lambda: _("Released on award")) if on_award else {}),
        )  # fmt: skip
    audit(
        subject=application,
        action="decided",
        actor=user,
        from_state=previous,
        to_state=application.status,
        note=note[:200],
    )
    notify_each(
        _applicants(application),
        kind="funding.decision",
        title=lambda: (
            _("Funded: %(title)s by %(programme)s") if fund else _("Not funded: %(title)s by %(programme)s")
        )
        % {"title": _title(application), "programme": application.programme.title},
        body=lambda: (
            _("Awarded %(amount)s. %(note)s") % {"amount": yuan(application.amount_awarded_cny), "note": note}
            if fund
            else note
        ),
        url=lambda: application.get_absolute_url(),
        dedupe_key=f"application:{application.pk}:decision",
    )
    return application


# --- Tranches -----------------------------------------------------------------------------------


def _evidence_notes(write):
    """The tranche's evidence fields, the sentence `write()` gives written once in each language."""
    notes = {}
    for field, language in (("evidence_note", "zh-hans"), ("evidence_note_en", "en")):
        with translation.override(language):
            notes[field] = str(write())[:300]
    return notes


def milestone_evidence(*, tranche):
    """The marketplace record that verifies the tranche's milestone since the application was made,
    as a sentence, or '' when there is none yet. No side effects."""
    return _evidence_sentence(tranche, _milestone_record(tranche))


def _milestone_record(tranche):
    """The record that verifies the tranche's milestone since the application was made (the tranche
    itself on award), or None. One query at most; no side effects."""
    application = tranche.application
    since, technology = application.created_at, application.technology
    if tranche.milestone == Tranche.Milestone.ON_AWARD:
        return tranche
    if tranche.milestone == Tranche.Milestone.VALIDATION:
        return (
            ValidationReport.objects.filter(
                slot_request__technology=technology, is_public=True, published_at__gte=since
            )
            .exclude(outcome=ValidationReport.Outcome.FAILED)
            .select_related("slot_request__centre")
            .first()
        )
    if tranche.milestone == Tranche.Milestone.CONTRACT:
        return (
            MatchRequest.objects.filter(
                technology=technology, stage=MatchRequest.Stage.CLOSED_DEAL, closed_at__gte=since
            )
            .exclude(registration_number="")
            .first()
        )
    return InnovationProduct.objects.filter(
        technologies=technology, recommended_at__gte=since, status__in=InnovationProduct.PUBLIC_STATUSES
    ).first()


def _evidence_sentence(tranche, record):
    """``_milestone_record``'s record as a sentence in the active language; '' for None."""
    if record is None:
        return ""
    if tranche.milestone == Tranche.Milestone.ON_AWARD:
        return _("Released on award")
    if tranche.milestone == Tranche.Milestone.VALIDATION:
        return _("Validation report “%(title)s” by %(centre)s") % {
            "title": localized(record, "title"),
            "centre": record.centre.name,
        }
    if tranche.milestone == Tranche.Milestone.CONTRACT:
        return _("Technology contract registered as %(number)s") % {"number": record.registration_number}
    return _("“%(name)s” recommended for the procurement catalogue") % {"name": localized(record, "name")}


@transaction.atomic
def release_tranche(*, tranche, user):
    """The fund releases a tranche whose milestone the marketplace's records verify.

    ValidationError when the milestone is not verified. Side effects: the tranche's release and its
    evidence, audit, notices to the applicant's members.
    """
    tranche = Tranche.objects.select_for_update().select_related("application").get(pk=tranche.pk)
    application = _locked(tranche.application)
    _require_reviewer(application, user)
    if application.status != Status.FUNDED:
        raise ValidationError(_("Only a funded application has tranches to release."))
    if tranche.is_released:
        raise ValidationError(_("This tranche has already been released."))
    record = _milestone_record(tranche)  # read once, written in each language below
    evidence = _evidence_sentence(tranche, record)
    if not evidence:
        raise ValidationError(
            _(
                "Not verified yet: %(milestone)s. The marketplace has no such record for this technology since the application."
            )
            % {"milestone": tranche.get_milestone_display()}
        )
    tranche.released_at, tranche.released_by = timezone.now(), user
    for field, note in _evidence_notes(lambda: _evidence_sentence(tranche, record)).items():
        setattr(tranche, field, note)
    tranche.save()
    audit(
        subject=application,
        action="tranche_released",
        actor=user,
        note=f"{tranche.amount_cny} {evidence}"[:300],
    )
    notify_each(
        _applicants(application),
        kind="funding.tranche_released",
        title=lambda: _("%(amount)s released for %(title)s")
        % {"amount": yuan(tranche.amount_cny), "title": _title(application)},
        body=lambda: evidence,
        url=lambda: application.get_absolute_url() + "#tranches",
        dedupe_key=f"tranche:{tranche.pk}:released",
    )
    return tranche


def can_download(*, document, user):
    """Application documents: the applicant's organisation and the fund's only. No side effects."""
    return document.application.side_of(user) is not None


def next_rung_programmes(application):
    """Open programmes one rung up the ladder from a funded application, for its technology. No side effects."""
    if application.status != Status.FUNDED or application.funded_stage not in LADDER:
        return Programme.objects.none()
    index = LADDER.index(application.funded_stage)
    if index + 1 >= len(LADDER):
        return Programme.objects.none()
    return Programme.objects.open().filter(stage=LADDER[index + 1]).select_related("organisation")


def funded_stages(technology):
    """The technology's funded applications, lowest rung first, for its page. No side effects."""
    rows = list(
        Application.objects.funded()
        .filter(technology=technology, technology__status=Technology.Status.PUBLISHED)
        .select_related("programme", "programme__organisation")
    )
    return sorted(rows, key=lambda a: (LADDER.index(a.funded_stage) if a.funded_stage in LADDER else 9, a.pk))
