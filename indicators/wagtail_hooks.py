from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .models import MaintainedCount, MonthlyReport, ProgrammeTarget


def overview(request):
    """Editors' detailed view: every indicator by track with targets, and the stored monthly reports."""
    if not request.user.is_editor:
        raise PermissionDenied
    figures = services.compute_figures()
    context = {"figures": figures, "reports": MonthlyReport.objects.all()[:24]}
    return render(request, "indicators/admin_overview.html", context)


class IndicatorsOverviewViewSet(ViewSet):
    name = "indicators_overview"
    icon = "table"
    menu_label = _("Overview by track")

    def get_urlpatterns(self):
        return [path("", overview, name="index")]


class ProgrammeTargetFilterSet(WagtailFilterSet):
    class Meta:
        model = ProgrammeTarget
        fields = ["indicator", "track", "year"]


class ProgrammeTargetViewSet(ModelViewSet):
    model = ProgrammeTarget
    name = "indicator_targets"
    icon = "crosshairs"
    menu_label = _("Targets")
    list_display = ["indicator", "track", "value", "year"]
    filterset_class = ProgrammeTargetFilterSet
    search_fields = ["source"]
    ordering = ["indicator", "track__order"]
    form_fields = ["indicator", "track", "value", "year", "source"]


class MaintainedCountFilterSet(WagtailFilterSet):
    class Meta:
        model = MaintainedCount
        fields = ["indicator", "track"]


class MaintainedCountViewSet(ModelViewSet):
    model = MaintainedCount
    name = "indicator_counts"
    icon = "edit"
    menu_label = _("Clusters and platforms counts")
    list_display = ["indicator", "track", "value", "as_of", "note"]
    filterset_class = MaintainedCountFilterSet
    search_fields = ["note"]
    ordering = ["indicator", "-as_of"]
    form_fields = ["indicator", "track", "value", "as_of", "note"]


class MonthlyReportViewSet(ModelViewSet):
    model = MonthlyReport
    name = "indicator_reports"
    icon = "doc-full"
    menu_label = _("Monthly reports")
    list_display = ["month", "file", "generated_at"]
    search_fields = ["file"]
    ordering = ["-month"]
    form_fields = ["month", "file"]


class IndicatorsViewSetGroup(ViewSetGroup):
    menu_label = _("Indicators")
    menu_icon = "table"
    menu_order = 240
    items = (IndicatorsOverviewViewSet, ProgrammeTargetViewSet, MaintainedCountViewSet, MonthlyReportViewSet)


@hooks.register("register_admin_viewset")
def register_indicators_viewsets():
    return IndicatorsViewSetGroup()
