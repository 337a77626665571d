"""Slot requests to verification centres and the validation reports that come back to the listing.

The one path for the web pages, the API, the admin and the periodic task. Each function checks who
may do it (PermissionDenied), validates its input (ValidationError, nothing saved), writes an audit
entry for every state change through core.services.audit and tells the people concerned through
notifications.services.notify, each in their own language.

    pending ─┬─ accept ──────────────▶ accepted ─ start ─▶ in progress ─ report ─▶ reported
             ├─ decline ─────────────▶ declined
             ├─ ask questions ─▶ needs info ─┬─ accept / decline (as above)
             ├─ withdraw (owner) ─▶ withdrawn (also from needs info and accepted)
             └─ deadline passes ─▶ expired
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.roles import ROLE_GROUPS, Role
from core.exceptions import RateLimited  # noqa: F401  (re-exported: services.RateLimited)
from core.services import audit
from core.threads import services as threads
from listings.models import Technology
from listings.signals import send_listings_changed
from notifications.models import Notification
from notifications.services import notify_each

from .models import SlotFile, SlotMessage, SlotRequest, ValidationReport, VerificationCentre
from .validators import validate_report_file, validate_slot_file

Status = SlotRequest.Status


def response_days():
    return int(getattr(settings, "PLATFORMS_RESPONSE_DAYS", 7))


def reminder_hours():
    return tuple(getattr(settings, "PLATFORMS_REMINDER_HOURS", (72, 24)))


def when(moment):
    """A date or time formatted for the active language ('' for None)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return date_format(moment, "DATE_FORMAT")


def _members(organisation):
    if organisation is None:
        return []
    return list(organisation.members.filter(is_active=True))


def participants(slot_request):
    """Everybody who may read the thread: the technology's organisation and the centre's."""
    people = {}
    for person in _members(slot_request.owner_organisation) + _members(slot_request.centre.organisation):
        people.setdefault(person.pk, person)
    return list(people.values())


def _require_side(slot_request, user, allowed=("owner", "centre")):
    only = (
        _("Only the centre can do this.")
        if allowed == ("centre",)
        else _("Only the technology's owner can do this.")
    )
    return threads.require_side(slot_request, user, allowed, refusal=only)


def _locked(slot_request):
    return (
        SlotRequest.objects.select_for_update().select_related("centre__organisation").get(pk=slot_request.pk)
    )


def _fresh(slot_request):
    """The request as it is now in the database (another person may have just answered it)."""
    return SlotRequest.objects.with_related().get(pk=slot_request.pk)


def _amount(value, *, allow_zero=False):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if amount < 0 or (amount == 0 and not allow_zero) or amount >= Decimal("10000000000"):
        return None
    return amount


def _text(value):
    return (value or "").strip()


def _title(slot_request):
    return slot_request.technology.display_title


# --- Asking for a slot ------------------------------------------------------------------------


@transaction.atomic
def request_slot(
    *, requester, technology, centre, stage, what_to_test, sample, earliest_start, latest_end, budget_cny
):
    """A member of the technology's organisation asks a centre for a validation or pilot slot.

    The request carries the listing's TRL and IP status as they are now. Side effects: creates a
    pending SlotRequest with a response deadline, audit entry, notices to the centre's members.
    """
    if not (requester and requester.is_authenticated):
        raise PermissionDenied(_("Sign in to ask for a validation slot."))
    if technology.organisation_id not in requester.organisation_ids:
        raise PermissionDenied(_("Only members of the technology's organisation can ask for its validation."))
    if technology.status != Technology.Status.PUBLISHED:
        raise ValidationError(_("Publish the technology before asking for its validation."))
    if centre is None or not centre.is_published:
        raise ValidationError({"centre": _("Choose a published verification centre.")})
    if centre.organisation_id == technology.organisation_id:
        raise ValidationError(
            {"centre": _("Your own organisation runs this centre; ask an independent one.")}
        )
    errors = {}
    if stage not in centre.stages:
        errors["stage"] = _("This centre does not offer that stage.")
    what_to_test = _text(what_to_test)
    if len(what_to_test) < 20:
        errors["what_to_test"] = _("Say in at least 20 characters what must be proven.")
    sample = _text(sample)
    if not sample:
        errors["sample"] = _("Describe the sample you will provide.")
    today = timezone.localdate()
    if not isinstance(earliest_start, datetime.date) or earliest_start < today:
        errors["earliest_start"] = _("The earliest start must be today or later.")
    elif not isinstance(latest_end, datetime.date) or latest_end < earliest_start:
        errors["latest_end"] = _("The end date must not be before the earliest start.")
    budget = _amount(budget_cny)
    if budget is None:
        errors["budget_cny"] = _("Enter your budget in yuan, more than zero.")
    if errors:
        raise ValidationError(errors)
    open_statuses = [Status.PENDING, Status.NEEDS_INFO, Status.ACCEPTED, Status.IN_PROGRESS]
    if SlotRequest.objects.filter(technology=technology, centre=centre, status__in=open_statuses).exists():
        raise ValidationError(_("This technology already has an open request with this centre."))
    slot_request = SlotRequest.objects.create(
        centre=centre,
        technology=technology,
        requester=requester,
        owner_organisation_id=technology.organisation_id,
        stage=stage,
        what_to_test=what_to_test,
        sample=sample,
        earliest_start=earliest_start,
        latest_end=latest_end,
        budget_cny=budget,
        trl_at_request=technology.trl,
        ip_status_at_request=technology.ip_status,
        response_deadline=timezone.now() + datetime.timedelta(days=response_days()),
    )
    audit(subject=slot_request, action="requested", actor=requester, to_state=Status.PENDING, note=stage)
    notify_each(
        _members(centre.organisation),
        kind="platforms.request_received",
        title=lambda: _("New validation request for %(title)s") % {"title": technology.display_title},
        body=lambda: _(
            "%(who)s asks for a slot. Next: accept with a date and price, decline with a reason or ask "
            "questions by %(deadline)s."
        )
        % {"who": requester, "deadline": when(slot_request.response_deadline)},
        url=lambda: slot_request.get_absolute_url(),
        action_deadline=slot_request.response_deadline,
        dedupe_key=f"slot:{slot_request.pk}:received",
    )
    return slot_request


def _require_awaiting_answer(slot_request):
    if slot_request.status not in (Status.PENDING, Status.NEEDS_INFO):
        raise ValidationError(_("This request has already been answered."))


def _mark_answered(slot_request, user, now):
    if slot_request.responded_at is None:
        slot_request.responded_at, slot_request.responded_by = now, user


@transaction.atomic
def accept_slot_request(*, slot_request, user, start_date, price_cny):
    """The centre accepts with a start date and a price.

    Side effects: status accepted, date and price stored, audit, notices to the technology's organisation.
    """
    slot_request = _locked(slot_request)
    _require_side(slot_request, user, ("centre",))
    _require_awaiting_answer(slot_request)
    errors = {}
    if not isinstance(start_date, datetime.date) or start_date < timezone.localdate():
        errors["start_date"] = _("The start date must be today or later.")
    price = _amount(price_cny, allow_zero=True)
    if price is None:
        errors["price_cny"] = _("Enter the price in yuan (zero if free of charge).")
    if errors:
        raise ValidationError(errors)
    previous = slot_request.status
    now = timezone.now()
    _mark_answered(slot_request, user, now)
    slot_request.status = Status.ACCEPTED
    slot_request.scheduled_start, slot_request.price_cny = start_date, price
    slot_request.save()
    audit(
        subject=slot_request,
        action="accepted",
        actor=user,
        from_state=previous,
        to_state=Status.ACCEPTED,
        note=f"{start_date.isoformat()} ¥{price}",
    )
    notify_each(
        _members(slot_request.owner_organisation),
        kind="platforms.request_accepted",
        title=lambda: _("%(centre)s accepted your validation request for %(title)s")
        % {"centre": slot_request.centre.name, "title": _title(slot_request)},
        body=lambda: _(
            "Start: %(date)s. Price: ¥%(price)s. Next: prepare the sample and agree details in the thread."
        )
        % {"date": when(start_date), "price": price},
        url=lambda: slot_request.get_absolute_url(),
        dedupe_key=f"slot:{slot_request.pk}:accepted",
    )
    return slot_request


@transaction.atomic
def decline_slot_request(*, slot_request, user, reason, detail=""):
    """The centre declines with a structured reason (and text for "other").

    Side effects: status declined, audit, the technology's organisation is told the reason.
    """
    slot_request = _locked(slot_request)
    _require_side(slot_request, user, ("centre",))
    _require_awaiting_answer(slot_request)
    label, detail = threads.decline_with_reason(
        subject=slot_request,
        user=user,
        reason=reason,
        detail=detail,
        reasons=SlotRequest.DeclineReason,
        declined=Status.DECLINED,
    )
    notify_each(
        _members(slot_request.owner_organisation),
        kind="platforms.request_declined",
        title=lambda: _("%(centre)s declined your validation request for %(title)s")
        % {"centre": slot_request.centre.name, "title": _title(slot_request)},
        body=lambda: _("Reason: %(reason)s. %(detail)s Next: ask another centre.")
        % {"reason": label.label, "detail": detail},
        url=lambda: slot_request.get_absolute_url(),
        dedupe_key=f"slot:{slot_request.pk}:declined",
    )
    return slot_request


@transaction.atomic
def ask_for_information(*, slot_request, user, question):
    """The centre answers a pending request with questions: the private thread opens with them.

    Counts as an answer for the centre's responsiveness. Side effects: status needs info, the
    question as the thread's first message, audit, notices to the technology's organisation.
    """
    slot_request = _locked(slot_request)
    _require_side(slot_request, user, ("centre",))
    if slot_request.status != Status.PENDING:
        raise ValidationError(_("Questions can be asked while the request awaits an answer; use the thread."))
    question = _text(question)
    if len(question) < 10:
        raise ValidationError({"question": _("Write your questions in at least 10 characters.")})
    if len(question) > 5000:
        raise ValidationError({"question": _("A message may be at most 5000 characters.")})
    _mark_answered(slot_request, user, timezone.now())
    slot_request.status = Status.NEEDS_INFO
    slot_request.save()
    SlotMessage.objects.create(slot_request=slot_request, author=user, body=question)
    audit(
        subject=slot_request,
        action="needs_info",
        actor=user,
        from_state=Status.PENDING,
        to_state=Status.NEEDS_INFO,
    )
    notify_each(
        _members(slot_request.owner_organisation),
        kind="platforms.request_questions",
        title=lambda: _("%(centre)s has questions about %(title)s")
        % {"centre": slot_request.centre.name, "title": _title(slot_request)},
        body=lambda: question[:300],
        url=lambda: slot_request.get_absolute_url() + "#thread",
        dedupe_key=f"slot:{slot_request.pk}:needs_info",
    )
    return slot_request


@transaction.atomic
def withdraw_slot_request(*, slot_request, user):
    """The technology's organisation withdraws a request the work has not started on.

    Side effects: status withdrawn (it leaves the centre's responsiveness figure), audit, notices to the centre.
    """
    slot_request = _locked(slot_request)
    _require_side(slot_request, user, ("owner",))
    if slot_request.status not in (Status.PENDING, Status.NEEDS_INFO, Status.ACCEPTED):
        raise ValidationError(_("Only a request on which work has not started can be withdrawn."))
    previous = slot_request.status
    slot_request.status = Status.WITHDRAWN
    slot_request.save()
    audit(
        subject=slot_request, action="withdrawn", actor=user, from_state=previous, to_state=Status.WITHDRAWN
    )
    notify_each(
        _members(slot_request.centre.organisation),
        kind="platforms.request_withdrawn",
        title=lambda: _("The validation request for %(title)s was withdrawn")
        % {"title": _title(slot_request)},
        body=lambda: _("Nothing more is needed from you."),
        url=lambda: slot_request.get_absolute_url(),
        dedupe_key=f"slot:{slot_request.pk}:withdrawn",
    )
    return slot_request


@transaction.atomic
def start_validation(*, slot_request, user):
    """The centre starts the accepted work. Side effects: status in progress, audit, notices to the owner."""
    slot_request = _locked(slot_request)
    _require_side(slot_request, user, ("centre",))
    if slot_request.status != Status.ACCEPTED:
        raise ValidationError(_("Only an accepted request can start."))
    slot_request.status, slot_request.started_at = Status.IN_PROGRESS, timezone.now()
    slot_request.save()
    audit(
        subject=slot_request,
        action="started",
        actor=user,
        from_state=Status.ACCEPTED,
        to_state=Status.IN_PROGRESS,
    )
    notify_each(
        _members(slot_request.owner_organisation),
        kind="platforms.request_started",
        title=lambda: _("Validation of %(title)s has started") % {"title": _title(slot_request)},
        body=lambda: _("Next: the centre attaches its report when the work is done."),
        url=lambda: slot_request.get_absolute_url(),
        dedupe_key=f"slot:{slot_request.pk}:started",
    )
    return slot_request


@transaction.atomic
def attach_report(
    *, slot_request, user, title, findings, outcome, upload, trl_supported=None, title_en="", findings_en=""
):
    """The centre attaches its validation report (a PDF) to work in progress.

    The report stays private to the two sides until the technology's owner shows it on the listing.
    Side effects: stores the file, creates the ValidationReport, status reported, audit, notices to the owner.
    """
    slot_request = _locked(slot_request)
    _require_side(slot_request, user, ("centre",))
    if slot_request.status != Status.IN_PROGRESS:
        raise ValidationError(_("Attach the report to work in progress."))
    errors = {}
    title = _text(title)
    if not title:
        errors["title"] = _("Give the report a title.")
    findings = _text(findings)
    if len(findings) < 20:
        errors["findings"] = _("Summarise the findings in at least 20 characters.")
    if outcome not in ValidationReport.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if trl_supported is not None and (not isinstance(trl_supported, int) or not 1 <= trl_supported <= 9):
        errors["trl_supported"] = _("The TRL is a whole number from 1 to 9.")
    if upload is None:
        errors["file"] = _("Attach the report as a PDF.")
    else:
        try:
            validate_report_file(upload)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    report = ValidationReport.objects.create(
        slot_request=slot_request,
        title=title[:200],
        title_en=_text(title_en)[:200],
        findings=findings,
        findings_en=_text(findings_en)[:5000],
        outcome=outcome,
        trl_supported=trl_supported,
        file=upload,
        original_name=upload.name[:255],
        size=upload.size,
        created_by=user,
    )
    slot_request.status = Status.REPORTED
    slot_request.save()
    audit(
        subject=slot_request,
        action="reported",
        actor=user,
        from_state=Status.IN_PROGRESS,
        to_state=Status.REPORTED,
        note=report.title,
    )
    notify_each(
        _members(slot_request.owner_organisation),
        kind="platforms.report_attached",
        title=lambda: _("The validation report for %(title)s is ready") % {"title": _title(slot_request)},
        body=lambda: _("Outcome: %(outcome)s. Next: read it and choose whether to show it on your listing.")
        % {"outcome": ValidationReport.Outcome(outcome).label},
        url=lambda: slot_request.get_absolute_url() + "#report",
        dedupe_key=f"slot:{slot_request.pk}:reported",
    )
    return report


def editors():
    return (
        get_user_model()
        .objects.filter(groups__name__in=ROLE_GROUPS[Role.EDITOR], is_active=True)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def set_report_visibility(*, report, user, public):
    """The technology's owner shows the report on the listing as evidence, or takes it off again.

    Shown with a higher supported TRL than the listing's, it waits for an editor's TRL review.
    Side effects: visibility and time, TRL review state, audit; editors are told of a TRL to review.
    """
    report = (
        ValidationReport.objects.select_for_update()
        .select_related("slot_request__technology")
        .get(pk=report.pk)
    )
    slot_request = report.slot_request
    _require_side(slot_request, user, ("owner",))
    public = bool(public)
    if report.is_public == public:
        return report
    report.is_public = public
    report.published_at = timezone.now() if public else None
    technology = slot_request.technology
    asks_trl = bool(public and report.trl_supported and report.trl_supported > technology.trl)
    if asks_trl and report.trl_review in (ValidationReport.TrlReview.NONE, ""):
        report.trl_review = ValidationReport.TrlReview.PENDING
    elif not public and report.trl_review == ValidationReport.TrlReview.PENDING:
        report.trl_review = ValidationReport.TrlReview.NONE
    report.save()
    audit(
        subject=report,
        action="shown_on_listing" if public else "hidden_from_listing",
        actor=user,
        to_state="public" if public else "private",
    )
    if report.trl_review == ValidationReport.TrlReview.PENDING and public:
        notify_each(
            editors(),
            kind="platforms.trl_review",
            title=lambda: _("TRL review: %(title)s") % {"title": technology.display_title},
            body=lambda: _(
                "A public validation report supports TRL %(new)s (listed: %(old)s). Next: review it in the admin."
            )
            % {"new": report.trl_supported, "old": technology.trl},
            url=lambda: f"/admin/platforms/reports/edit/{report.pk}/",
            dedupe_key=f"report:{report.pk}:trl_review",
        )
    send_listings_changed(Technology, [technology.pk])
    return report


def _raise_trl(technology, trl):
    """Set the listing's TRL on the live row and in its latest revision, so a later edit or a
    pending moderation does not put the old level back."""
    Technology.objects.filter(pk=technology.pk).update(trl=trl, updated_at=timezone.now())
    revision = technology.latest_revision
    if revision is not None and isinstance(revision.content, dict):
        revision.content["trl"] = trl
        revision.save(update_fields=["content"])


@transaction.atomic
def review_trl(*, report, editor, approve, note=""):
    """An editor reviews the TRL a public report supports: approve raises the listing's TRL.

    Side effects: the report's review state, note, editor and time; on approval the technology's
    TRL (live row and latest revision) and ``listings_changed``; audit entries; notices to the owner.
    """
    if not (editor and editor.is_authenticated and editor.is_editor):
        raise PermissionDenied(_("Only editors review TRL changes."))
    report = (
        ValidationReport.objects.select_for_update()
        .select_related("slot_request__technology")
        .get(pk=report.pk)
    )
    if report.trl_review != ValidationReport.TrlReview.PENDING:
        raise ValidationError(_("This report has no TRL change awaiting review."))
    note = _text(note)
    if not approve and not note:
        raise ValidationError({"trl_review_note": _("Tell the owner why the TRL is kept.")})
    slot_request = report.slot_request
    technology = Technology.objects.select_for_update().get(pk=slot_request.technology_id)
    old = technology.trl
    report.trl_review = (
        ValidationReport.TrlReview.APPROVED if approve else ValidationReport.TrlReview.REJECTED
    )
    report.trl_review_note, report.trl_reviewed_by, report.trl_reviewed_at = note, editor, timezone.now()
    report.save()
    audit(subject=report, action="trl_reviewed", actor=editor, to_state=report.trl_review, note=note)
    if approve and report.trl_supported > old:
        _raise_trl(technology, report.trl_supported)
        audit(
            subject=technology,
            action="trl_raised",
            actor=editor,
            from_state=str(old),
            to_state=str(report.trl_supported),
            note=f"validation report {report.pk}",
        )
        send_listings_changed(Technology, [technology.pk])
    notify_each(
        _members(slot_request.owner_organisation),
        kind="platforms.trl_reviewed",
        title=lambda: (
            _("The TRL of %(title)s is now %(trl)s")
            % {"title": technology.display_title, "trl": report.trl_supported}
            if approve
            else _("The TRL of %(title)s stays at %(trl)s") % {"title": technology.display_title, "trl": old}
        ),
        body=lambda: note or _("An editor reviewed the validation report."),
        url=lambda: technology.get_absolute_url(),
        dedupe_key=f"report:{report.pk}:trl_reviewed",
    )
    return report


# --- The private thread --------------------------------------------------------------------------


def _require_open_thread(slot_request):
    if not slot_request.thread_open:
        raise ValidationError(_("The thread opens once the centre answers with questions or accepts."))


@transaction.atomic
def post_message(*, slot_request, author, body):
    """Write in the private thread. Side effects: creates a SlotMessage, notices to the other side.

    Raises RateLimited beyond PLATFORMS_MESSAGES_PER_MINUTE messages a minute.
    """
    slot_request = _fresh(slot_request)
    _require_side(slot_request, author)
    _require_open_thread(slot_request)

    return threads.post_message(
        thread=slot_request,
        author=author,
        body=body,
        model=SlotMessage,
        participants=participants(slot_request),
        notify_kind="platforms.thread_message",
        title=lambda: _("New message about the validation of %(title)s") % {"title": _title(slot_request)},
        rate=("platforms", "PLATFORMS_MESSAGES_PER_MINUTE"),
    )


@transaction.atomic
def share_file(*, slot_request, user, upload):
    """Share a file in the thread (checked by content and size). Side effects: stores it, audit, notices."""
    slot_request = _fresh(slot_request)
    _require_side(slot_request, user)
    _require_open_thread(slot_request)

    return threads.share_file(
        thread=slot_request,
        user=user,
        upload=upload,
        model=SlotFile,
        validate=validate_slot_file,
        participants=participants(slot_request),
        notify_kind="platforms.thread_file",
        title=lambda: _("New file about the validation of %(title)s") % {"title": _title(slot_request)},
    )


def can_download(*, slot_file, user):
    """Thread files: the two sides only. No side effects."""
    return slot_file.slot_request.side_of(user) is not None


def can_download_report(*, report, user):
    """A report: everyone once shown on a published listing, else the two sides only. No side effects."""
    if report.is_public and report.slot_request.technology.status == Technology.Status.PUBLISHED:
        return True
    return report.slot_request.side_of(user) is not None


# --- Deadlines and listing changes ----------------------------------------------------------------


def send_deadline_reminders(*, now=None):
    """Remind centres before a response deadline and expire requests past it. Idempotent: each
    reminder has a dedupe key.

    Side effects: notifications; status expired with audit and a notice to the technology's organisation.
    """
    now = now or timezone.now()
    reminded = 0
    windows = sorted(reminder_hours(), reverse=True)
    pending = SlotRequest.objects.awaiting_answer().with_related()
    for slot_request in pending.filter(
        response_deadline__gt=now, response_deadline__lte=now + datetime.timedelta(hours=windows[0])
    ):
        left = (slot_request.response_deadline - now).total_seconds() / 3600
        window = min(w for w in windows if left <= w)
        for person in _members(slot_request.centre.organisation):
            before = Notification.objects.filter(recipient=person).count()
            notify_each(
                [person],
                kind="platforms.request_reminder",
                title=lambda slot_request=slot_request: _(
                    "Reminder: answer the validation request for %(title)s"
                )
                % {"title": _title(slot_request)},
                body=lambda slot_request=slot_request: _(
                    "Next: accept, decline or ask questions by %(deadline)s; unanswered requests count "
                    "against the centre's responsiveness."
                )
                % {"deadline": when(slot_request.response_deadline)},
                url=lambda slot_request=slot_request: slot_request.get_absolute_url(),
                action_deadline=slot_request.response_deadline,
                dedupe_key=f"slot:{slot_request.pk}:reminder:{window}h",
            )
            reminded += Notification.objects.filter(recipient=person).count() - before
        SlotRequest.objects.filter(pk=slot_request.pk).update(last_reminded_at=now)
    for slot_request in pending.filter(response_deadline__lte=now):
        with transaction.atomic():
            if not SlotRequest.objects.filter(pk=slot_request.pk, status=Status.PENDING).update(
                status=Status.EXPIRED
            ):
                continue
            audit(subject=slot_request, action="expired", from_state=Status.PENDING, to_state=Status.EXPIRED)
            notify_each(
                _members(slot_request.owner_organisation),
                kind="platforms.request_expired",
                title=lambda slot_request=slot_request: _("No answer in time about %(title)s")
                % {"title": _title(slot_request)},
                body=lambda: _("The centre did not answer by the deadline. Next: ask another centre."),
                url=lambda slot_request=slot_request: slot_request.get_absolute_url(),
                dedupe_key=f"slot:{slot_request.pk}:expired",
            )
    return reminded


def close_requests_for_unpublished_technologies(*, ids):
    """Technologies closed, withdrawn or unpublished end their requests awaiting an answer; the
    centre hears why. Such requests leave the centre's responsiveness figure (status withdrawn).

    Side effects: statuses, audit entries, notifications.
    """
    gone = (
        Technology.objects.filter(pk__in=ids)
        .exclude(status=Technology.Status.PUBLISHED)
        .values_list("pk", flat=True)
    )
    waiting = SlotRequest.objects.filter(
        technology_id__in=list(gone), status__in=[Status.PENDING, Status.NEEDS_INFO]
    ).with_related()
    closed = 0
    for slot_request in waiting:
        with transaction.atomic():
            if not SlotRequest.objects.filter(pk=slot_request.pk, status=slot_request.status).update(
                status=Status.WITHDRAWN
            ):
                continue
            audit(
                subject=slot_request,
                action="listing_unpublished",
                from_state=slot_request.status,
                to_state=Status.WITHDRAWN,
            )
            notify_each(
                _members(slot_request.centre.organisation),
                kind="platforms.request_withdrawn",
                title=lambda slot_request=slot_request: _(
                    "The validation request for %(title)s was withdrawn"
                )
                % {"title": _title(slot_request)},
                body=lambda: _(
                    "The owner took the technology off the marketplace. Nothing more is needed from you."
                ),
                url=lambda slot_request=slot_request: slot_request.get_absolute_url(),
                dedupe_key=f"slot:{slot_request.pk}:withdrawn",
            )
            closed += 1
    return closed


# --- Centres (editors, in the admin) --------------------------------------------------------------


@transaction.atomic
def save_centre(*, centre, user, tracks=None):
    """An editor saves a centre; publishing needs a verified organisation of the platform kind.

    Side effects: saves the centre (and its tracks when given), sets ``published_at`` the first time
    it is published, audit entry.
    """
    if not (user and user.is_authenticated and user.is_editor):
        raise PermissionDenied(_("Only editors manage verification centres."))
    organisation = centre.organisation
    if organisation.kind != Organisation.Kind.PLATFORM:
        raise ValidationError(
            {
                "organisation": _(
                    "The operating organisation must be of the kind “verification centre or pilot platform”."
                )
            }
        )
    if centre.is_published and not organisation.is_verified:
        raise ValidationError(
            {"is_published": _("Verify the operating organisation before publishing its centre.")}
        )
    if centre.is_published and not centre.stages:
        raise ValidationError({"covers_pilot": _("Choose at least one stage the centre covers.")})
    created = centre.pk is None
    previous = (
        None
        if created
        else VerificationCentre.objects.filter(pk=centre.pk).values_list("is_published", flat=True).first()
    )
    if centre.is_published and centre.published_at is None:
        centre.published_at = timezone.now()
    centre.save()
    if tracks is not None:
        centre.tracks.set(tracks)
    audit(
        subject=centre,
        action="created" if created else "changed",
        actor=user,
        from_state="" if previous is None else ("published" if previous else "draft"),
        to_state="published" if centre.is_published else "draft",
    )
    return centre
