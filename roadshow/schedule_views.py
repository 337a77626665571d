"""The roadshow schedule pages: upcoming sessions as a list or a week grid, and the archive."""

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.pagecache import for_visitors
from taxonomy.models import Track

from . import schedule
from .models import RoadshowSeries

PAGE_SIZE = 10


@for_visitors("pages", "roadshow", "listings")
def index(request):
    """The schedule: a paginated list (default) or a week grid, filtered by track, format and price."""
    now = timezone.now()
    filters = schedule.parse_filters(request.GET, now=now)
    context = {
        "filters": filters,
        "tracks": Track.objects.all(),
        "series_list": RoadshowSeries.objects.filter(is_active=True).select_related("track"),
        "now": now,
    }
    if filters.view == "week":
        week = filters.week_start
        context.update(
            days=schedule.week_grid(filters, now=now),
            previous_week=urlencode(
                filters.as_query(week=(week - dt.timedelta(days=7)).isoformat(), view="week")
            ),
            next_week=urlencode(
                filters.as_query(week=(week + dt.timedelta(days=7)).isoformat(), view="week")
            ),
        )
    else:
        paginator = Paginator(schedule.upcoming(filters, now=now), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = schedule.mark_live(page.object_list, now)
        context.update(page_obj=page, sessions=page.object_list, page_query=urlencode(filters.as_query()))
    context["filter_query"] = {
        "all_tracks": urlencode(filters.as_query(track="")),
        "online": urlencode(filters.as_query(format="online")),
        "venue": urlencode(filters.as_query(format="venue")),
        "any_format": urlencode(filters.as_query(format="")),
        "free": urlencode(filters.as_query(price="free")),
        "paid": urlencode(filters.as_query(price="paid")),
        "any_price": urlencode(filters.as_query(price="")),
        "list": urlencode(filters.as_query(view="", week="")),
        "week": urlencode(filters.as_query(view="week")),
    }
    context["track_links"] = [(t, urlencode(filters.as_query(track=t.slug))) for t in context["tracks"]]
    return render(request, "roadshow/index.html", context)


@for_visitors("pages", "roadshow", "listings")
def archive(request):
    """Past sessions with their replays and slides, filtered by track, paginated."""
    track = None
    if request.GET.get("track"):
        track = get_object_or_404(Track, slug=request.GET["track"])
    paginator = Paginator(schedule.archive(track=track), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "roadshow/archive.html",
        {
            "page_obj": page,
            "sessions": page.object_list,
            "tracks": Track.objects.all(),
            "track": track,
            "page_query": urlencode({"track": track.slug} if track else {}),
        },
    )
