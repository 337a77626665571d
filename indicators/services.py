"""The indicators: aggregate the sources by track and month, compare with the targets, report.

One computation feeds the dashboard, the CSV, the API and the monthly report.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from core import tallies
from core.exports import append_row, csv_text, new_workbook, workbook_bytes
from taxonomy.models import Track

from .models import MAINTAINED_INDICATORS, Indicator, MaintainedCount, MonthlyReport, ProgrammeTarget
from .sources import FUNNEL, series_for


def month_key(day):
    return f"{day.year:04d}-{day.month:02d}"


def last_months(today, count):
    """The first days of the ``count`` months ending with today's month, oldest first."""
    first, months = today.replace(day=1), []
    for _i in range(count):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return months[::-1]


def month_end(first):
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@dataclass
class Figures:
    """Everything the dashboard shows for one scope (the whole programme, or one track)."""

    today: date
    tracks: list
    track: Track | None
    months: list = field(default_factory=list)
    funnel: list = field(default_factory=list)
    targets: list = field(default_factory=list)


def _maintained_as_of(rows, day, track_id):
    """The latest value on or before ``day`` for the scope; overall adds the tracks and the unclaimed rest."""
    latest = {}
    for row in rows:
        if row.as_of <= day and (track_id is None or row.track_id == track_id):
            current = latest.get(row.track_id)
            if current is None or row.as_of > current.as_of:
                latest[row.track_id] = row
    return sum(row.value for row in latest.values())


class Sums:
    """The tallies up to a day, by metric, scope (0: everything, else a track id) and month."""

    def __init__(self, today):
        keys = [metric.key for metric in FUNNEL] + ["typical_scenarios"]
        wanted = {series: key for key in keys for series in series_for(key)}
        self.rows = {}
        for (series, scope, month), value in tallies.monthly(wanted, until=today).items():
            slot = (wanted[series], scope, month_key(month))
            self.rows[slot] = self.rows.get(slot, Decimal(0)) + value

    def __call__(self, key, scope, month=None, *, until=None):
        """The sum for one month, every month up to ``until`` (a month key) or all months."""
        return sum(
            (
                value
                for (k, s, m), value in self.rows.items()
                if k == key and s == scope and (month is None or m == month) and (until is None or m <= until)
            ),
            Decimal(0),
        )


def _as_unit(metric, value):
    return int(value) if metric.unit == "count" else value


def _funnel(metric, sums, *, tracks, track, months):
    scope = track.pk if track else tallies.ALL
    return {
        "key": metric.key,
        "label": str(metric.label),
        "definition": str(metric.definition),
        "unit": metric.unit,
        "total": _as_unit(metric, sums(metric.key, scope)),
        "by_track": {t.slug: _as_unit(metric, sums(metric.key, t.pk)) for t in tracks},
        "monthly": [_as_unit(metric, sums(metric.key, scope, month_key(m))) for m in months],
    }


def _targets(sums, *, tracks, track, months, today):
    targets = list(ProgrammeTarget.objects.all())
    maintained = list(MaintainedCount.objects.all())

    def target_for(indicator, track_id):
        rows = [t for t in targets if t.indicator == indicator and t.track_id == track_id]
        return max(rows, key=lambda t: t.year).value if rows else None

    def actual(indicator, track_id, day):
        if indicator == Indicator.TYPICAL_SCENARIOS:
            scope = track_id if track_id is not None else tallies.ALL
            return int(sums("typical_scenarios", scope, until=month_key(day)))
        return _maintained_as_of([r for r in maintained if r.indicator == indicator], day, track_id)

    result = []
    scope_id = track.pk if track else None
    for indicator in Indicator:
        target, value = target_for(indicator, scope_id), actual(indicator, scope_id, today)
        result.append(
            {
                "key": indicator.value,
                "label": str(indicator.label),
                "maintained": indicator in MAINTAINED_INDICATORS,
                "target": target,
                "actual": value,
                "share": round(100 * value / target) if target else None,
                "by_track": [
                    {
                        "track": t,
                        "slug": t.slug,
                        "target": target_for(indicator, t.pk),
                        "actual": actual(indicator, t.pk, today),
                    }
                    for t in tracks
                ],
                "monthly": [actual(indicator, scope_id, min(month_end(m), today)) for m in months],
            }
        )
    return result


def compute_figures(*, track=None, months=12, today=None):
    """All the dashboard's figures for the programme (or one track), up to ``today``. Reads only.

    Reads the maintained tallies (``core.tallies``): a fixed number of queries, whose rows follow
    the calendar and the tracks, however many listings and events exist.
    """
    today = today or timezone.localdate()
    tracks = list(Track.objects.all())
    month_starts = last_months(today, months)
    figures = Figures(today=today, tracks=tracks, track=track, months=[month_key(m) for m in month_starts])
    sums = Sums(today)
    for metric in FUNNEL:
        figures.funnel.append(_funnel(metric, sums, tracks=tracks, track=track, months=month_starts))
    figures.targets = _targets(sums, tracks=tracks, track=track, months=month_starts, today=today)
    return figures


def as_number(value):
    return float(value) if isinstance(value, Decimal) else value


def figure_rows(figures):
    """Every figure as (scope, indicator, period, kind, value) rows: for the CSV and the report."""
    scope = figures.track.slug if figures.track else "overall"
    rows = []
    for item in figures.targets:
        rows.append((scope, item["key"], "target", "target", item["target"]))
        rows.append((scope, item["key"], "total", "actual", item["actual"]))
        for entry in item["by_track"]:
            rows.append((entry["slug"], item["key"], "target", "target", entry["target"]))
            rows.append((entry["slug"], item["key"], "total", "actual", entry["actual"]))
        for month, value in zip(figures.months, item["monthly"], strict=True):
            rows.append((scope, item["key"], month, "cumulative", value))
    for item in figures.funnel:
        rows.append((scope, item["key"], "total", "actual", as_number(item["total"])))
        for slug, value in item["by_track"].items():
            rows.append((slug, item["key"], "total", "actual", as_number(value)))
        for month, value in zip(figures.months, item["monthly"], strict=True):
            rows.append((scope, item["key"], month, "new", as_number(value)))
    return rows


CSV_HEADER = ("scope", "indicator", "period", "kind", "value")


def figures_csv(figures):
    """The figures as UTF-8 CSV text (with a BOM, so Excel opens the Chinese correctly)."""
    return csv_text(CSV_HEADER, figure_rows(figures))


def report_workbook(figures):
    """The monthly report as XLSX bytes: targets, the funnel by track, month by month, definitions."""
    workbook = new_workbook()
    targets = workbook.active
    targets.title = "目标完成情况"
    append_row(
        targets, ["指标 Indicator", "范围 Scope", "目标 Target", "实际 Actual", "完成率 % Share"], bold=True
    )
    for item in figures.targets:
        append_row(targets, [item["label"], "全区 Overall", item["target"], item["actual"], item["share"]])
        for entry in item["by_track"]:
            append_row(
                targets, [item["label"], entry["track"].name_zh, entry["target"], entry["actual"], None]
            )
    funnel = workbook.create_sheet("转化漏斗")
    append_row(funnel, ["指标 Indicator", "全区 Overall", *[t.name_zh for t in figures.tracks]], bold=True)
    for item in figures.funnel:
        append_row(
            funnel,
            [
                item["label"],
                as_number(item["total"]),
                *[as_number(item["by_track"][t.slug]) for t in figures.tracks],
            ],
        )
    monthly = workbook.create_sheet("逐月数据")
    append_row(monthly, ["指标 Indicator", *figures.months], bold=True)
    for item in figures.funnel:
        append_row(monthly, [item["label"], *[as_number(v) for v in item["monthly"]]])
    for item in figures.targets:
        append_row(monthly, [f"{item['label']}（累计）", *item["monthly"]])
    definitions = workbook.create_sheet("口径说明")
    append_row(definitions, ["指标 Indicator", "口径 Definition"], bold=True)
    for item in figures.funnel:
        append_row(definitions, [item["label"], item["definition"]])
    return workbook_bytes(workbook)


@transaction.atomic
def generate_monthly_report(*, month=None):
    """Build (or rebuild) the XLSX report for a month, by default the month just ended.

    Side effects: stores the file and the figures in MonthlyReport (one per month, replaced when
    run again), in Chinese, the evaluation agency's language.
    """
    if month is None:
        month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    month = month.replace(day=1)
    with translation.override("zh-hans"):
        figures = compute_figures(today=month_end(month))
        content = report_workbook(figures)
        rows = [list(row) for row in figure_rows(figures)]
    report = MonthlyReport.objects.select_for_update().filter(month=month).first() or MonthlyReport(
        month=month
    )
    if report.file:
        report.file.delete(save=False)
    report.figures = {"rows": rows, "columns": list(CSV_HEADER)}
    report.file.save(f"indicators-{month:%Y-%m}.xlsx", ContentFile(content), save=False)
    report.save()
    return report
