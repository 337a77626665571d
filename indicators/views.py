from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from taxonomy.models import Track

from . import services
from .models import MonthlyReport


def _scope(request):
    slug = request.GET.get("track")
    return get_object_or_404(Track, slug=slug) if slug else None


def chart_data(figures):
    """What the charts draw, as JSON-ready lists; labels are already in the reader's language."""
    funnel = [f for f in figures.funnel if f["unit"] == "count"]
    amounts = next(f for f in figures.funnel if f["key"] == "deal_amounts")
    monthly_keys = ("listings", "requests", "introductions", "deals", "roadshow_attendance")
    return {
        "months": figures.months,
        "tracks": [t.name for t in figures.tracks],
        "targets": {
            "labels": [t["label"] for t in figures.targets],
            "target": [t["target"] for t in figures.targets],
            "actual": [t["actual"] for t in figures.targets],
        },
        "funnel": {"labels": [f["label"] for f in funnel], "values": [f["total"] for f in funnel]},
        "monthly": [
            {"label": f["label"], "values": f["monthly"]} for f in figures.funnel if f["key"] in monthly_keys
        ],
        "amounts": {"label": amounts["label"], "values": [float(v) for v in amounts["monthly"]]},
        "by_track": [
            {"label": f["label"], "values": [f["by_track"][t.slug] for t in figures.tracks]}
            for f in figures.funnel
            if f["key"] in ("listings", "deals", "products_recommended")
        ],
    }


def dashboard(request):
    """The public dashboard: targets against actual counts, the funnel, month by month, by track."""
    track = _scope(request)
    figures = services.compute_figures(track=track)
    context = {"figures": figures, "current_track": track, "chart_data": chart_data(figures)}
    return render(request, "indicators/dashboard.html", context)


def figures_csv(request):
    track = _scope(request)
    figures = services.compute_figures(track=track)
    response = HttpResponse(services.figures_csv(figures), content_type="text/csv; charset=utf-8")
    name = f"indicators-{track.slug if track else 'overall'}-{figures.today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_download(request, month):
    """The stored monthly reports, for editors (who pass them to the evaluation agency)."""
    if not request.user.is_editor:
        raise PermissionDenied
    try:
        first_day = date.fromisoformat(f"{month}-01")
    except ValueError as error:
        raise Http404 from error
    report = get_object_or_404(MonthlyReport, month=first_day)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=f"indicators-{month}.xlsx")
