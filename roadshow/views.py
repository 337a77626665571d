"""Roadshow pages: thin views over roadshow.services."""

import logging

import stripe
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.pagecache import for_visitors

from . import exports, interest, queries, services
from .forms import (
    InterestForm,
    PitchApplicationForm,
    PitchDecisionForm,
    PitchScheduleForm,
    SessionCancelForm,
    SessionMoveForm,
)
from .models import (
    CalendarToken,
    InvestorInterest,
    PaymentMethod,
    PitchApplication,
    Registration,
    RoadshowSeries,
    RoadshowSession,
)
from .passes import buy_pass, pay_registration
from .payment_forms import PassForm
from .payment_methods import offered_methods
from .payment_views import payment_context
from .payments import PaymentsNotConfigured, start_checkout

logger = logging.getLogger(__name__)


def _error_text(exc):
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _require_editor(request):
    if not (request.user.is_authenticated and request.user.is_editor):
        raise PermissionDenied


SHOWN_WITH = ("pages", "roadshow", "listings")


@for_visitors(*SHOWN_WITH)
def series_detail(request, slug):
    series = get_object_or_404(RoadshowSeries.objects.select_related("track"), slug=slug)
    now = timezone.now()
    upcoming = list(queries.session_cards(series.sessions.upcoming(now))[:12])
    past = list(queries.session_cards(series.sessions.past(now))[:12])
    return render(
        request, "roadshow/series_detail.html", {"series": series, "upcoming": upcoming, "past": past}
    )


@for_visitors(*SHOWN_WITH)
def session_detail(request, pk):
    session = get_object_or_404(queries.with_agenda(RoadshowSession.objects.all()), pk=pk)
    now = timezone.now()
    registration = None
    my_interests = {}
    if request.user.is_authenticated:
        registration = Registration.objects.filter(session=session, user=request.user).first()
        my_interests = {
            mine.pitch_id: mine
            for mine in InvestorInterest.objects.filter(investor=request.user, pitch__session=session)
        }
    for pitch in session.agenda:
        pitch.my_interest = my_interests.get(pitch.pk)
    is_over = session.is_over(now)
    context = {
        "session": session,
        "registration": registration,
        "seats_left": max(session.capacity - services.seats_taken(session), 0),
        "can_join": services.can_join(session=session, user=request.user, now=now),
        "join_path": (
            services.personal_join_path(registration=registration)
            if registration and registration.status == Registration.Status.CONFIRMED
            else ""
        ),
        "join_opens_at": session.join_opens_at,
        "is_over": is_over,
        "is_live": session.starts_at <= now < session.ends_at,
        **payment_context(request, session=session, registration=registration),
        "interested_pitch_ids": set(my_interests),
        "my_interests": my_interests,
        "own_organisations": request.user.organisation_ids if request.user.is_authenticated else frozenset(),
        "interest_open": interest.interest_open(session=session),
        "interest_form": InterestForm(),
        "is_editor": request.user.is_authenticated and request.user.is_editor,
    }
    return render(request, "roadshow/session_detail.html", context)


@login_required
@require_POST
def register(request, pk):
    session = get_object_or_404(RoadshowSession, pk=pk)
    form = PassForm(request.POST, methods=offered_methods(session))
    if not form.is_valid():
        messages.error(request, _("Choose one of the payment methods offered."))
        return redirect(session)
    try:
        registration = buy_pass(session=session, user=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
        return redirect(session)
    if registration.status == Registration.Status.PENDING_PAYMENT:
        return _after_choice(request, registration, form.cleaned_data["method"])
    if registration.status == Registration.Status.WAITLISTED:
        messages.info(request, _("The session is full; you are on the waiting list."))
    else:
        messages.success(request, _("You are registered."))
    return redirect(session)


def _after_choice(request, registration, method):
    """Stripe opens Checkout; bank transfer (or no choice yet) shows the session page with the details."""
    if method == PaymentMethod.STRIPE or (not method and offered_methods(registration.session) == ["stripe"]):
        return _checkout(request, registration)
    if method == PaymentMethod.BANK_TRANSFER:
        messages.success(request, _("Your seat is held. Transfer the amount with the reference shown below."))
    return redirect(registration.session)


def _checkout(request, registration):
    session = registration.session
    success = request.build_absolute_uri(reverse("roadshow:payment_return", kwargs={"pk": session.pk}))
    cancel = request.build_absolute_uri(session.get_absolute_url())
    try:
        url = start_checkout(registration=registration, success_url=success, cancel_url=cancel)
    except PaymentsNotConfigured as exc:
        messages.error(request, _error_text(exc))
        return redirect(session)
    except stripe.StripeError:
        logger.warning(
            "Stripe unreachable opening checkout for registration %s", registration.pk, exc_info=True
        )
        until = registration.hold_expires_at
        messages.error(
            request,
            _(
                "The payment service could not be reached, so nothing was charged. Your seat is held "
                "until %(until)s: try again with the button below, and choose another payment method "
                "on the payment page if one does not work."
            )
            % {"until": f"{timezone.localtime(until):%Y-%m-%d %H:%M}" if until else "—"},
        )
        return redirect(session)
    return redirect(url)


@login_required
@require_POST
def pay(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("session__series"),
        session_id=pk,
        user=request.user,
        status=Registration.Status.PENDING_PAYMENT,
    )
    form = PassForm(request.POST, methods=offered_methods(registration.session))
    if not form.is_valid():
        messages.error(request, _("Choose one of the payment methods offered."))
        return redirect(registration.session)
    try:
        registration = pay_registration(registration=registration, user=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
        return redirect(registration.session)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered."))
        return redirect(registration.session)
    return _after_choice(request, registration, form.cleaned_data["method"])


@login_required
def join(request, token):
    """A registrant's personal join link: the meeting inside the join window, a page saying why not otherwise."""
    decision = services.resolve_join(token=token, user=request.user)
    if decision.url:
        response = redirect(decision.url)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    status = {"invalid": 404, "not_yours": 403, "not_confirmed": 403}.get(decision.reason, 200)
    registration = decision.registration if decision.reason != "not_yours" else None
    return render(
        request,
        "roadshow/join_not_open.html",
        {
            "reason": decision.reason,
            "session": registration.session if registration else None,
            "registration": registration,
        },
        status=status,
    )


@login_required
def payment_return(request, pk):
    session = get_object_or_404(RoadshowSession, pk=pk)
    registration = Registration.objects.filter(session=session, user=request.user).first()
    return render(request, "roadshow/payment_return.html", {"session": session, "registration": registration})


@login_required
@require_POST
def cancel_registration(request, pk):
    registration = get_object_or_404(Registration, session_id=pk, user=request.user)
    try:
        registration = services.cancel_registration(registration=registration, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
        return redirect("roadshow:session_detail", pk=pk)
    if registration.status == Registration.Status.REFUNDED:
        messages.success(request, _("Your registration is cancelled and your payment refunded."))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("roadshow:session_detail", pk=pk)


@login_required
@require_POST
def mark_interest(request, pk, pitch_pk):
    pitch = get_object_or_404(
        PitchApplication.objects.select_related("technology"), pk=pitch_pk, session_id=pk
    )
    form = InterestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        interest.mark_interest(pitch=pitch, investor=request.user, message=message)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Your interest in %(title)s was sent to its owner.") % {"title": pitch.technology.title},
        )
    return redirect("roadshow:session_detail", pk=pk)


# --- Pitch pool --------------------------------------------------------------------------------


@login_required
def pitch_apply(request):
    form = PitchApplicationForm(request.POST or None, user=request.user)
    if not form.is_bound and request.GET.get("technology"):  # from the technology's own page
        chosen = form.fields["technology"].queryset.filter(ref=request.GET["technology"]).first()
        if chosen is not None:
            form.initial["technology"] = chosen.pk
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_to_pitch(applicant=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Your application is in the pitch pool. Editors will review it."))
            return redirect("roadshow:my_pitches")
    return render(request, "roadshow/pitch_apply.html", {"form": form})


@login_required
def my_pitches(request):
    pitches = interest.team_pitches(request.user)
    return render(request, "roadshow/my_pitches.html", {"pitches": pitches})


@login_required
@require_POST
def pitch_withdraw(request, pk):
    pitch = get_object_or_404(PitchApplication, pk=pk, applicant=request.user)
    services.withdraw_pitch(pitch=pitch, user=request.user)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("roadshow:my_pitches")


@login_required
def pitch_pool(request):
    _require_editor(request)
    status = request.GET.get("status", PitchApplication.Status.SUBMITTED)
    pitches = queries.pitch_pool()
    if status in PitchApplication.Status.values:
        pitches = pitches.filter(status=status)
    return render(
        request,
        "roadshow/pitch_pool.html",
        {"pitches": pitches[:100], "status": status, "statuses": PitchApplication.Status.choices},
    )


@login_required
def pitch_review(request, pk):
    _require_editor(request)
    pitch = get_object_or_404(queries.pitch_pool(), pk=pk)
    decision_form = PitchDecisionForm(prefix="decide")
    schedule_form = PitchScheduleForm(
        prefix="schedule",
        initial={
            "session": pitch.session_id,
            "slot_order": pitch.slot_order,
            "duration_minutes": pitch.duration_minutes,
        },
    )
    if request.method == "POST":
        action = request.POST.get("action")
        form = PitchDecisionForm(request.POST, prefix="decide") if action == "decide" else None
        if action == "schedule":
            form = PitchScheduleForm(request.POST, prefix="schedule")
        if form is not None and form.is_valid():
            try:
                if action == "decide":
                    services.decide_pitch(pitch=pitch, editor=request.user, **form.cleaned_data)
                    messages.success(request, _("Decision saved; the pitcher is told."))
                else:
                    services.schedule_pitch(pitch=pitch, editor=request.user, **form.cleaned_data)
                    messages.success(request, _("Pitch scheduled; the pitcher is told."))
                return redirect("roadshow:pitch_review", pk=pitch.pk)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _error_text(exc))
        if action == "decide":
            decision_form = form
        elif action == "schedule":
            schedule_form = form
    return render(
        request,
        "roadshow/pitch_review.html",
        {"pitch": pitch, "decision_form": decision_form, "schedule_form": schedule_form},
    )


# --- Editors: one session --------------------------------------------------------------------


@login_required
def session_manage(request, pk):
    _require_editor(request)
    session = get_object_or_404(queries.with_agenda(RoadshowSession.objects.all()), pk=pk)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return exports.session_export_response(session=session, file_format=export)
    move_form = SessionMoveForm(prefix="move")
    cancel_form = SessionCancelForm(prefix="cancel")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "attendance":
                registration_id = request.POST.get("registration", "")
                if not registration_id.isdigit():
                    raise BadRequest("attendance: the registration must be a registration id")
                registration = get_object_or_404(Registration, pk=int(registration_id), session=session)
                services.record_attendance(
                    registration=registration, attended=request.POST.get("attended") == "1", by=request.user
                )
                return redirect("roadshow:session_manage", pk=pk)
            if action == "move":
                move_form = SessionMoveForm(request.POST, prefix="move")
                if move_form.is_valid():
                    try:
                        services.move_session(session=session, by=request.user, **move_form.cleaned_data)
                    except ValidationError as exc:
                        apply_errors(move_form, exc)
                    else:
                        messages.success(
                            request, _("Session moved; registered people and pitchers are told.")
                        )
                        return redirect("roadshow:session_manage", pk=pk)
            if action == "cancel":
                cancel_form = SessionCancelForm(request.POST, prefix="cancel")
                if cancel_form.is_valid():
                    services.cancel_session(session=session, by=request.user, **cancel_form.cleaned_data)
                    messages.success(request, _("Session cancelled; everyone concerned is told."))
                    return redirect("roadshow:session_manage", pk=pk)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    registrations = session.registrations.select_related("user", "bank_transfer").order_by(
        "status", "created_at"
    )
    interests = InvestorInterest.objects.filter(pitch__session=session).select_related(
        "investor", "pitch__technology"
    )
    return render(
        request,
        "roadshow/session_manage.html",
        {
            "session": session,
            "registrations": registrations,
            "interests": interests,
            "counts": exports.session_counts(session),
            "move_form": move_form,
            "cancel_form": cancel_form,
        },
    )


# --- Personal calendar ---------------------------------------------------------------------------


@login_required
def calendar_subscribe(request):
    token, _created = CalendarToken.objects.get_or_create(user=request.user)
    if request.method == "POST":
        token.delete()
        CalendarToken.objects.create(user=request.user)
        messages.success(request, _("A new address was made; the old one no longer works."))
        return redirect("roadshow:calendar_subscribe")
    feed = request.build_absolute_uri(reverse("roadshow_personal_ics", kwargs={"token": token.token}))
    return render(request, "roadshow/calendar_subscribe.html", {"feed_url": feed})


@never_cache
def session_status(request):
    """Seats and "live now" for ``?ids=1,2,3``: the parts of the cached pages that change by the
    minute, filled in by static/js/live-status.js. Never cached."""
    try:
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk][:50]
    except ValueError:
        raise BadRequest(_("Session ids are numbers.")) from None
    now = timezone.now()
    found = {}
    for session in queries.session_cards(RoadshowSession.objects.filter(pk__in=ids)):
        taken = services.seats_taken(session)
        seats = _("%(n)s of %(cap)s seats taken") % {"n": session.confirmed_count, "cap": session.capacity}
        if session.waitlist_count:
            seats += " · " + _("%(w)s waiting") % {"w": session.waitlist_count}
        found[str(session.pk)] = {
            "seats": seats,
            "seats_left": _("%(n)s seats left") % {"n": max(session.capacity - taken, 0)},
            "live": not session.is_cancelled and session.starts_at <= now < session.ends_at,
        }
    return JsonResponse({"sessions": found})
