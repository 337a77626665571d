"""iCalendar downloads and feeds, and the Stripe webhook: machine-facing, outside the language prefix."""

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import calendar, payments
from .models import CalendarToken, RoadshowSeries, RoadshowSession

logger = logging.getLogger(__name__)


def _ics(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def series_ics(request, slug):
    series = get_object_or_404(RoadshowSeries, slug=slug)
    return _ics(calendar.series_calendar(series), f"{series.slug}.ics")


def session_ics(request, pk):
    session = get_object_or_404(RoadshowSession, pk=pk)
    response = _ics(calendar.session_calendar(session), f"roadshow-{session.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="roadshow-{session.pk}.ics"'
    return response


def personal_ics(request, token):
    calendar_token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    response = _ics(calendar.personal_calendar(calendar_token.user), "roadshow.ics")
    response["Cache-Control"] = "private, max-age=300"
    return response


@csrf_exempt  # Stripe signs the body instead; the signature is checked below.
@require_POST
def stripe_webhook(request):
    try:
        record, is_new = payments.handle_webhook(
            payload=request.body.decode("utf-8"), signature=request.headers.get("Stripe-Signature", "")
        )
    except (payments.WebhookError, UnicodeDecodeError) as exc:
        logger.warning("Stripe webhook refused: %s", exc)
        return HttpResponseBadRequest(f"Webhook refused: {exc}", content_type="text/plain")
    return HttpResponse(
        f"{'recorded' if is_new else 'duplicate'}: {record.outcome}", content_type="text/plain"
    )
