"""The dashboard's figures, checked against counts computed directly from the data."""

import csv
import io
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db.models import Q, Sum
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook

from dealflow.models import MatchRequest
from funding.models import Application
from indicators import services
from indicators.apps import PERIODIC_TASK_NAME, register_periodic_tasks
from indicators.models import MonthlyReport
from indicators.tasks import generate_monthly_report
from listings.models import Demand, Technology
from network.models import Agency
from platforms.models import ValidationReport, VerificationCentre
from procurement.models import ApplicationScenario, InnovationProduct
from roadshow.models import Registration, RoadshowSession
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def expected_totals(track=None):
    """The same figures, counted straight from the models."""
    t = {} if track is None else {"track": track}
    requests = MatchRequest.objects.all()
    if track is not None:
        requests = requests.filter(Q(demand__track=track) | Q(demand__isnull=True, technology__track=track))
    deals = requests.filter(stage="closed_deal").exclude(registration_number="")
    sessions = RoadshowSession.objects.exclude(status="cancelled").filter(
        starts_at__lte=services.timezone.now()
    )
    return {
        "listings": Technology.objects.filter(status="published", **t).count()
        + Demand.objects.filter(status="published", **t).count(),
        "matches": requests.filter(technology__isnull=False, demand__isnull=False).count(),
        "requests": requests.count(),
        "introductions": requests.filter(status="accepted").count(),
        "agreements": requests.filter(stage__in=["agreement", "registration", "closed_deal"]).count(),
        "deals": deals.count(),
        "deal_amounts": deals.aggregate(s=Sum("contract_amount_cny"))["s"] or 0,
        "centres": VerificationCentre.objects.filter(
            is_published=True, **({} if track is None else {"tracks": track})
        ).count(),
        "validations": ValidationReport.objects.filter(
            **({} if track is None else {"slot_request__technology__track": track})
        ).count(),
        "funding_applications": Application.objects.filter(
            **({} if track is None else {"technology__track": track})
        ).count(),
        "funded": Application.objects.filter(
            status="funded", **({} if track is None else {"technology__track": track})
        ).count(),
        "funding_amounts": Application.objects.filter(
            status="funded", **({} if track is None else {"technology__track": track})
        ).aggregate(s=Sum("amount_awarded_cny"))["s"]
        or 0,
        "agencies": Agency.objects.filter(
            is_published=True, **({} if track is None else {"tracks": track})
        ).count(),
        "brokered_introductions": requests.filter(status="accepted", broker__isnull=False).count(),
        "brokered_contracts": deals.filter(broker__isnull=False).count(),
        "roadshow_sessions": sessions.filter(**t).count(),
        "roadshow_attendance": Registration.objects.filter(
            attended=True, **({} if track is None else {"session__track": track})
        ).count(),
        "products_recommended": InnovationProduct.objects.filter(recommended_at__isnull=False, **t).count(),
        "products_accepted": InnovationProduct.objects.filter(status="accepted", **t).count(),
    }


@pytest.mark.smoke
def test_overall_figures_match_direct_counts(client, programme):
    expected = expected_totals()
    assert expected == {
        "listings": 5,
        "matches": 2,
        "requests": 5,
        "introductions": 3,
        "agreements": 3,
        "deals": 1,
        "deal_amounts": 1500000,
        "centres": 1,
        "validations": 1,
        "funding_applications": 0,
        "funded": 0,
        "funding_amounts": 0,
        "agencies": 0,
        "brokered_introductions": 0,
        "brokered_contracts": 0,
        "roadshow_sessions": 1,
        "roadshow_attendance": 2,
        "products_recommended": 2,
        "products_accepted": 1,
    }
    figures = services.compute_figures()
    assert {f["key"]: f["total"] for f in figures.funnel} == expected
    this_month = figures.months[-1]
    assert this_month == services.month_key(services.timezone.localdate())
    assert {f["key"]: f["monthly"][-1] for f in figures.funnel}["listings"] == 5

    targets = {t["key"]: (t["target"], t["actual"]) for t in figures.targets}
    assert targets == {
        "clusters": (10, 3),  # energy's latest 2 + materials 1
        "typical_scenarios": (
            50,
            ApplicationScenario.objects.filter(is_published=True, is_typical=True).count(),
        ),
        "platforms": (100, 37),
    }
    assert targets["typical_scenarios"][1] == 2

    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert 'data-testid="total-listings">5<' in page
    assert 'data-testid="total-deals">1<' in page
    assert 'data-testid="total-deal_amounts">¥1,500,000<' in page
    assert 'data-testid="actual-clusters">3<' in page
    assert 'data-testid="actual-platforms">37<' in page
    assert "indicators/vendor/chart.umd.min.js" in page
    assert '<table id="table-targets"' in page  # the screen-reader fallback of the chart


def test_track_figures_match_direct_counts(client, programme):
    energy = programme["energy"]
    figures = services.compute_figures(track=energy)
    expected = expected_totals(energy)
    assert {f["key"]: f["total"] for f in figures.funnel} == expected
    assert expected["listings"] == 3 and expected["deals"] == 0 and expected["roadshow_attendance"] == 2
    targets = {t["key"]: (t["target"], t["actual"]) for t in figures.targets}
    assert targets["clusters"] == (2, 2)
    assert targets["typical_scenarios"] == (None, 1)

    api = client.get("/api/v1/indicators/", {"track": "advanced-energy"}).json()
    assert api["scope"] == "advanced-energy"
    assert {f["indicator"]: f["total"] for f in api["funnel"]} == {
        k: float(v) if k == "deal_amounts" else v for k, v in expected.items()
    }


def test_maintained_counts_are_read_as_of_each_month(programme):
    figures = services.compute_figures(months=14)
    clusters = next(t for t in figures.targets if t["key"] == "clusters")
    # The 400-day-old row counted 1 cluster until this month's rows replaced it.
    assert clusters["monthly"][-1] == 3
    assert clusters["monthly"][0] == 1


def test_csv_holds_every_figure(client, programme):
    response = client.get(reverse("indicators:figures_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["scope", "indicator", "period", "kind", "value"]
    assert ["overall", "deals", "total", "actual", "1"] in rows
    assert ["overall", "deal_amounts", "total", "actual", "1500000.0"] in rows
    assert ["advanced-energy", "listings", "total", "actual", "3"] in rows
    assert ["overall", "platforms", "target", "target", "100"] in rows
    # 3 targets x (2 + 8 tracks x 2 + 12 months) + 19 funnel metrics x (1 + 8 tracks + 12 months)
    assert len(rows) - 1 == 3 * (2 + 16 + 12) + 19 * (1 + 8 + 12)
    assert ["new-materials", "centres", "total", "actual", "1"] in rows


def test_monthly_report_is_stored_once_per_month(programme, django_capture_on_commit_callbacks):
    month = services.timezone.localdate().replace(day=1)
    generate_monthly_report.delay(month.isoformat())
    generate_monthly_report.delay(month.isoformat())
    [report] = MonthlyReport.objects.all()
    assert report.month == month
    workbook = load_workbook(BytesIO(report.file.read()))
    assert workbook.sheetnames == ["目标完成情况", "转化漏斗", "逐月数据", "口径说明"]
    funnel = {row[0]: row[1] for row in workbook["转化漏斗"].iter_rows(min_row=2, values_only=True)}
    assert funnel["已登记成交"] == 1 and funnel["发布的成果和需求"] == 5
    assert ["overall", "requests", "total", "actual", 5] in report.figures["rows"]


def test_editors_download_the_stored_report(client, programme, editor, enterprise_user):
    month = services.timezone.localdate().replace(day=1)
    services.generate_monthly_report(month=month)
    url = reverse("indicators:report_download", args=[f"{month:%Y-%m}"])
    client.force_login(enterprise_user)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[0] == "目标完成情况"
    assert client.get(reverse("indicators:report_download", args=["2001-13"])).status_code == 404


def test_beat_schedule_row_exists_once(db):
    register_periodic_tasks(sender=None)
    register_periodic_tasks(sender=None)
    [task] = PeriodicTask.objects.filter(name=PERIODIC_TASK_NAME)
    assert task.task == "indicators.generate_monthly_report"
    assert (task.crontab.day_of_month, task.crontab.hour, task.crontab.minute) == ("1", "6", "0")
    assert call_command  # the handler also runs on every migrate


def test_editors_overview_in_the_admin(client, programme, editor, enterprise_user):
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    page = client.get("/admin/indicators_overview/").content.decode()
    assert "1,500,000" in page and "先进能源" in page
    client.force_login(enterprise_user)
    assert client.get("/admin/indicators_overview/").status_code in (302, 403)


def test_dashboard_in_english(client, programme):
    page = client.get("/en/indicators/").content.decode()
    assert "Programme indicators" in page and "Registered deals" in page and "Advanced energy" in page


@pytest.mark.parametrize("url", ["/admin/indicator_targets/", "/admin/indicator_counts/"])
def test_admin_lists_of_targets_and_counts(client, programme, url):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    assert "先进能源" in response.content.decode()


def test_dashboard_queries_do_not_grow_with_data(client, programme, django_assert_max_num_queries):
    # About one query per figure's source (19 funnel metrics, the targets, the page): a fixed number.
    with django_assert_max_num_queries(34):
        client.get(reverse("indicators:dashboard"))


@pytest.mark.parametrize("slug", ["energy\x00", "先进能源", "advanced energy"])
def test_api_refuses_a_track_that_is_not_a_slug_with_a_400(client, slug):
    response = client.get("/api/v1/indicators/", {"track": slug}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert list(response.json()) == ["track"]


def test_api_answers_404_for_an_unknown_track(client, db):
    assert client.get("/api/v1/indicators/", {"track": "no-such-track"}).status_code == 404
