"""An attendee's pages: my registrations (join link, calendar file, cancel, door code), the editors'
door check-in, and turning interest in a pitch into a prefilled match request. Thin views over
roadshow.registrations, roadshow.checkin and roadshow.interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from dealflow.forms import IntroductionRequestForm

from . import calendar, checkin, interest, registrations, services
from .forms import CheckInForm
from .models import InvestorInterest, Registration, RoadshowSession


def _error_text(exc):
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _own_registration(request, pk):
    """The person's own registration; another person's is 404 (its existence is not revealed)."""
    return get_object_or_404(
        Registration.objects.select_related("session", "session__series"), pk=pk, user=request.user
    )


@login_required
def my_registrations(request):
    rows = registrations.rows_for(request.user)
    return render(
        request,
        "roadshow/my_registrations.html",
        {
            "upcoming_rows": [row for row in rows if not row.is_over],
            "past_rows": [row for row in rows if row.is_over],
        },
    )


@login_required
def registration_calendar(request, pk):
    """The registration's session as a calendar file, with the personal join link in it."""
    registration = _own_registration(request, pk)
    cal = calendar.registration_calendar(registration)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roadshow-{registration.session_id}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def registration_qr(request, pk):
    """The door code of an on-site registration as an SVG image (the person's own only)."""
    registration = _own_registration(request, pk)
    if registration.status != Registration.Status.CONFIRMED or not checkin.needs_checkin(
        registration.session
    ):
        raise PermissionDenied(_("Only confirmed registrations for on-site sessions have a door code."))
    response = HttpResponse(checkin.qr_svg(registration=registration), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = _own_registration(request, pk)
    try:
        registration = services.cancel_registration(registration=registration, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        if registration.status == Registration.Status.REFUNDED:
            messages.success(request, _("Your registration is cancelled and your payment refunded."))
        else:
            messages.success(request, _("Your registration is cancelled."))
    return redirect("roadshow:my_registrations")


@login_required
def check_in(request, pk):
    """Editors at the door: scan (the QR code opens this page with the code) or type the code."""
    if not request.user.is_editor:
        raise PermissionDenied
    session = get_object_or_404(RoadshowSession.objects.select_related("series"), pk=pk)
    result = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                result = checkin.check_in(session=session, code=form.cleaned_data["code"], by=request.user)
            except ValidationError as exc:
                form.add_error("code", exc.messages)
            else:
                form = CheckInForm()
    else:
        form = CheckInForm(initial={"code": request.GET.get("code", "")})
    attended = session.registrations.filter(attended=True).count()
    return render(
        request,
        "roadshow/check_in.html",
        {
            "session": session,
            "form": form,
            "result": result,
            "attended": attended,
            "confirmed": session.registrations.filter(status=Registration.Status.CONFIRMED).count(),
        },
        status=400 if request.method == "POST" and result is None else 200,
    )


@login_required
def interest_request(request, pk):
    """One click from interest to a match request: the deal-flow request form, prefilled with the
    pitch's technology, the interest's message and the cooperation the pitch asks for."""
    mine = get_object_or_404(
        InvestorInterest.objects.select_related("pitch__technology__organisation", "pitch__session"),
        pk=pk,
        investor=request.user,
    )
    if mine.match_request_id:
        return redirect("dealflow:request_detail", pk=mine.match_request_id)
    technology = mine.pitch.technology
    form = IntroductionRequestForm(
        request.POST or None, user=request.user, initial=interest.match_request_initial(mine)
    )
    del form.fields["attachment"]  # files go into the request's thread once the owner accepts
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            match_request = interest.request_match(
                interest=mine,
                by=request.user,
                message=data["message"],
                cooperation_mode=data["cooperation_mode"],
                organisation=data.get("organisation"),
                non_confidential_accepted=data["non_confidential"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Request sent to the owner of %(title)s.") % {"title": technology.title}
            )
            return redirect(match_request)
    return render(
        request,
        "roadshow/interest_request.html",
        {"form": form, "listing": technology, "interest": mine},
        status=400 if request.method == "POST" else 200,
    )
