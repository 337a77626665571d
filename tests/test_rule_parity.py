"""One rule, one answer: the page, the API and the Wagtail admin refuse the same bad input with the
same message and change nothing, because each of them calls the same service.

Pages and the API answer in the site's default language (Chinese), so messages are asserted in
Chinese; each test also names the service whose refusal it expects.
"""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from dealflow.models import MatchRequest
from listings import services as listing_services
from listings.models import Demand, Technology
from listings.wagtail_hooks import DemandViewSet, TechnologyViewSet
from procurement.models import InnovationProduct
from roadshow import services as roadshow_services
from roadshow.models import InvestorInterest, PitchApplication, Registration, RoadshowSession
from tests.factories import user_with_role
from tests.factories.accounts import UserFactory
from tests.factories.dealflow import match_request as make_request
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.procurement import InnovationProductFactory
from tests.factories.roadshow import PitchFactory, RoadshowSessionFactory
from tests.factories.roadshow import TechnologyFactory as PitchedTechnologyFactory

pytestmark = pytest.mark.django_db

OVER = "本场已结束。"
CANCELLED = "本场已取消。"
WITHDRAWN = "该成果已不在平台上展示。"
PRICE = "请填写价格或选择价格面议。"
BUDGET = "预算上限不能低于下限。"
DEADLINE = "截止日期不能早于今天。"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def in_(**delta):
    return (timezone.now() + dt.timedelta(**delta)).replace(microsecond=0)


@pytest.fixture
def admin_editor(editor):
    """An editor who may use the Wagtail admin for the roadshow."""
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="roadshow"),
    )
    return editor


# --- Roadshow: cancelling a registration after the session (roadshow.services.cancel_registration) ---


def test_cancelling_after_the_session_is_refused_alike_on_the_page_and_the_api(client, investor):
    session = RoadshowSessionFactory(starts_at=in_(days=2), ends_at=in_(days=2, hours=2))
    registration = roadshow_services.register(session=session, user=investor)
    RoadshowSession.objects.filter(pk=session.pk).update(starts_at=in_(hours=-3), ends_at=in_(hours=-1))

    client.force_login(investor)
    page = client.post(reverse("roadshow:cancel_registration", kwargs={"pk": session.pk}), follow=True)
    api = api_as(investor).delete(f"/api/v1/roadshow/sessions/{session.pk}/registrations/")

    assert page_messages(page) == [OVER]
    assert (api.status_code, api.json()) == (400, {"detail": [OVER]})
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at) == (Registration.Status.CONFIRMED, None)


def test_the_admin_cannot_delete_a_registration_behind_the_service(client, admin_editor, investor):
    session = RoadshowSessionFactory(starts_at=in_(days=2), ends_at=in_(days=2, hours=2))
    registration = roadshow_services.register(session=session, user=investor)
    client.force_login(admin_editor)
    client.post(reverse("roadshow_registrations:delete", args=[registration.pk]))
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
    assert client.get(reverse("roadshow_registrations:add")).status_code in (302, 403)
    assert Registration.objects.count() == 1


def interest_both_ways(client, pitch, *, on_page, on_api):
    """(page response, API response): ``on_page`` marks interest in ``pitch`` on the session page,
    ``on_api`` through the API (the two interfaces one rule must answer alike)."""
    client.force_login(on_page)
    page = client.post(
        reverse("roadshow:mark_interest", kwargs={"pk": pitch.session_id, "pitch_pk": pitch.pk}), follow=True
    )
    api = api_as(on_api).post(
        f"/api/v1/roadshow/sessions/{pitch.session_id}/interest/", {"pitch": pitch.pk}, format="json"
    )
    return page, api


# --- Roadshow: investor interest (roadshow.services.interest_open / mark_interest) -----------------


@pytest.fixture
def pitch_next_week(researcher, university, tracks):
    technology = PitchedTechnologyFactory(organisation=university, track=tracks[6], created_by=researcher)
    session = RoadshowSessionFactory(starts_at=in_(days=7), ends_at=in_(days=7, hours=2))
    return PitchFactory(technology=technology, applicant=researcher, status="accepted", session=session)


def test_interest_is_open_from_scheduling_on_the_page_and_the_api_alike(
    client, pitch_next_week, investor, enterprise_user
):
    session = pitch_next_week.session
    page, api = interest_both_ways(client, pitch_next_week, on_page=investor, on_api=enterprise_user)
    title = pitch_next_week.technology.title
    assert page_messages(page) == [f"您对 {title} 的意向已发送给成果方。"]
    assert api.status_code == 201
    assert sorted(InvestorInterest.objects.values_list("investor_id", flat=True)) == sorted(
        [investor.pk, enterprise_user.pk]
    )
    assert client.get(session.get_absolute_url()).context["interest_open"] is True
    assert api_as(investor).get(f"/api/v1/roadshow/sessions/{session.pk}/").json()["interest_open"] is True


def test_interest_in_a_cancelled_session_is_refused_alike_on_the_page_and_the_api(
    client, pitch_next_week, investor
):
    session = pitch_next_week.session
    RoadshowSession.objects.filter(pk=session.pk).update(status=RoadshowSession.Status.CANCELLED)
    page, api = interest_both_ways(client, pitch_next_week, on_page=investor, on_api=investor)
    assert page_messages(page) == [CANCELLED]
    assert (api.status_code, api.json()) == (400, {"detail": [CANCELLED]})
    assert not InvestorInterest.objects.exists()
    assert not MatchRequest.objects.exists()
    assert client.get(session.get_absolute_url()).context["interest_open"] is False
    assert api_as(investor).get(f"/api/v1/roadshow/sessions/{session.pk}/").json()["interest_open"] is False


def test_a_withdrawn_technology_leaves_the_agenda_and_takes_no_interest_alike_on_the_page_and_the_api(
    client, pitch_next_week, investor, researcher
):
    """Search already showed only published technologies' pitches; the agenda, the session cards,
    the API and the interest button now keep the same rule."""
    session, technology = pitch_next_week.session, pitch_next_week.technology
    listing_services.withdraw_listing(listing=technology, user=researcher)
    detail = client.get(session.get_absolute_url())
    assert technology.title not in detail.content.decode()
    assert api_as(investor).get(f"/api/v1/roadshow/sessions/{session.pk}/").json()["agenda"] == []
    page, api = interest_both_ways(client, pitch_next_week, on_page=investor, on_api=investor)
    assert page_messages(page) == [WITHDRAWN]
    assert (api.status_code, api.json()) == (400, {"detail": [WITHDRAWN]})
    assert not InvestorInterest.objects.exists()
    assert not MatchRequest.objects.exists()


def test_interest_stays_open_after_the_session(client, pitch_next_week, investor):
    session = pitch_next_week.session
    RoadshowSession.objects.filter(pk=session.pk).update(starts_at=in_(days=-1), ends_at=in_(hours=-22))
    response = api_as(investor).post(
        f"/api/v1/roadshow/sessions/{session.pk}/interest/", {"pitch": pitch_next_week.pk}, format="json"
    )
    assert response.status_code == 201
    assert InvestorInterest.objects.get().investor == investor


# --- Roadshow: editors' schedule changes (move_session, cancel_session, decide_pitch) ------------


def test_moving_a_session_into_the_past_is_refused_alike_on_the_page_and_in_the_admin(client, admin_editor):
    session = RoadshowSessionFactory(starts_at=in_(days=3), ends_at=in_(days=3, hours=2))
    before = (session.starts_at, session.ends_at)
    past = timezone.localtime(in_(days=-1)).strftime("%Y-%m-%dT%H:%M")
    client.force_login(admin_editor)
    page = client.post(
        reverse("roadshow:session_manage", kwargs={"pk": session.pk}),
        {"action": "move", "move-starts_at": past, "move-ends_at": ""},
    )
    admin = client.post(
        reverse("roadshow_sessions:edit", args=[session.pk]),
        _session_admin_data(session, starts_at=past),
    )
    assert page.context["move_form"].errors["starts_at"] == ["请选择将来的时间。"]
    assert admin.context["form"].errors["starts_at"] == ["请选择将来的时间。"]
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at, session.is_modified) == (*before, False)


def test_cancelling_a_session_without_a_reason_is_refused_alike_on_the_page_and_in_the_admin(
    client, admin_editor, investor
):
    session = RoadshowSessionFactory(starts_at=in_(days=3), ends_at=in_(days=3, hours=2))
    roadshow_services.register(session=session, user=investor)
    client.force_login(admin_editor)
    page = client.post(
        reverse("roadshow:session_manage", kwargs={"pk": session.pk}),
        {"action": "cancel", "cancel-reason": ""},
        follow=True,
    )
    admin = client.post(
        reverse("roadshow_sessions:edit", args=[session.pk]),
        _session_admin_data(session, status="cancelled", cancel_reason=""),
    )
    assert page_messages(page) == ["请说明取消原因。"]
    assert admin.context["form"].non_field_errors() == ["请说明取消原因。"]
    session.refresh_from_db()
    assert session.status == RoadshowSession.Status.SCHEDULED
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_cancelling_a_session_in_the_admin_goes_through_the_service(
    client, admin_editor, investor, django_capture_on_commit_callbacks
):
    session = RoadshowSessionFactory(starts_at=in_(days=3), ends_at=in_(days=3, hours=2))
    roadshow_services.register(session=session, user=investor)
    client.force_login(admin_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roadshow_sessions:edit", args=[session.pk]),
            _session_admin_data(session, status="cancelled", cancel_reason="讲者生病"),
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.cancel_reason, session.is_modified) == ("cancelled", "讲者生病", True)
    # As cancel_session does on the site: the registration ends and the person is told.
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert investor.notifications.filter(kind="roadshow.session_cancelled").count() == 1


def test_declining_a_pitch_without_a_reason_is_refused_alike_on_the_page_and_in_the_admin(
    client, admin_editor, pitch_next_week
):
    client.force_login(admin_editor)
    page = client.post(
        reverse("roadshow:pitch_review", kwargs={"pk": pitch_next_week.pk}),
        {"action": "decide", "decide-decision": "declined", "decide-reason": ""},
    )
    admin = client.post(
        reverse("roadshow_pitches:edit", args=[pitch_next_week.pk]),
        {
            "status": "declined",
            "decision_reason": "",
            "session": pitch_next_week.session_id,
            "slot_order": pitch_next_week.slot_order,
            "duration_minutes": pitch_next_week.duration_minutes,
        },
    )
    message = "拒绝时请向路演人说明理由。"
    assert page.context["decision_form"].non_field_errors() == [message]
    assert admin.context["form"].non_field_errors() == [message]
    assert PitchApplication.objects.get().status == "accepted"


def test_attendance_in_the_admin_goes_through_the_service(client, admin_editor, investor):
    session = RoadshowSessionFactory(starts_at=in_(days=3), ends_at=in_(days=3, hours=2))
    registration = roadshow_services.register(session=session, user=investor)
    client.force_login(admin_editor)
    response = client.post(reverse("roadshow_registrations:edit", args=[registration.pk]), {"attended": "on"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True


def _session_admin_data(session, **changes):
    local = timezone.localtime
    data = {
        "title": session.title,
        "series": session.series_id or "",
        "track": session.track_id or "",
        "starts_at": local(session.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": local(session.ends_at).strftime("%Y-%m-%d %H:%M"),
        "status": session.status,
        "cancel_reason": session.cancel_reason,
        "format": session.format,
        "stream_url": session.stream_url,
        "venue": session.venue,
        "capacity": session.capacity,
        "price_cny": session.price_cny,
        "refund_window_hours": session.refund_window_hours,
        "join_opens_minutes": session.join_opens_minutes,
        "replay_url": session.replay_url,
        "slides": session.slides_id or "",
    }
    for name, value in changes.items():
        data[name] = value.replace("T", " ") if name == "starts_at" else value
    return data


# --- Listings: the price rule and the budget and deadline rules (listings.services.check_listing_terms) ---


def _admin_form_data(viewset, listing, editor, **changes):
    """What the admin's edit form posts for ``listing`` unchanged, with ``changes`` applied."""
    form_class = viewset.edit_handler.bind_to_model(type(listing)).get_form_class()
    form = form_class(instance=listing, for_user=editor)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    for prefix in form.formsets:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        data.update({f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def test_price_rule_is_the_same_on_the_page_the_api_and_the_admin(
    client, researcher, university, tracks, editor
):
    client.force_login(researcher)
    page = client.post(
        reverse("listings:create", args=["technology"]),
        {
            "organisation": university.pk,
            "title": "深海耐压传感器",
            "summary": "可在万米深海工作的压力传感器。",
            "description": "",
            "track": tracks[4].pk,
            "language": "zh",
            "keywords": "深海",
            "trl": "5",
            "development_stage": "prototype",
            "transfer_modes": ["license"],
            "price_cny": "",
            "patents-TOTAL_FORMS": "0",
            "patents-INITIAL_FORMS": "0",
        },
    )
    api = api_as(researcher).post(
        "/api/v1/technologies/",
        {
            "title": "深海耐压传感器",
            "summary": "可在万米深海工作的压力传感器。",
            "track": tracks[4].slug,
            "organisation": university.pk,
            "language": "zh",
            "trl": 5,
            "price_negotiable": False,
        },
        format="json",
    )
    assert page.context["form"].errors["price_cny"] == [PRICE]
    assert (api.status_code, api.json()) == (400, {"price_cny": [PRICE]})
    assert not Technology.objects.exists()

    listing = TechnologyFactory(
        organisation=university, track=tracks[4], price_cny=None, price_negotiable=True
    )
    client.force_login(editor)
    admin = client.post(
        reverse("wagtailsnippets_listings_technology:edit", args=[listing.pk]),
        _admin_form_data(TechnologyViewSet, listing, editor, price_cny="", price_negotiable=False),
    )
    assert admin.context["form"].errors["price_cny"] == [PRICE]
    listing.refresh_from_db()
    assert (listing.price_cny, listing.price_negotiable, listing.revisions.count()) == (None, True, 0)


def test_budget_and_deadline_rules_are_the_same_on_the_page_the_api_the_admin_and_the_import(
    client, enterprise_user, enterprise_org, tracks, editor
):
    client.force_login(enterprise_user)
    page = client.post(
        reverse("listings:create", args=["demand"]),
        {
            "organisation": enterprise_org.pk,
            "title": "海上风电叶片检测",
            "summary": "无人机自动巡检叶片裂纹。",
            "description": "",
            "track": tracks[6].pk,
            "language": "zh",
            "keywords": "风电",
            "budget_min_cny": "500000",
            "budget_max_cny": "100000",
            "deadline": "2020-01-01",
        },
    )
    api = api_as(enterprise_user).post(
        "/api/v1/demands/",
        {
            "title": "海上风电叶片检测",
            "summary": "无人机自动巡检叶片裂纹。",
            "track": tracks[6].slug,
            "organisation": enterprise_org.pk,
            "language": "zh",
            "budget_min_cny": 500000,
            "budget_max_cny": 100000,
            "deadline": "2020-01-01",
        },
        format="json",
    )
    errors = page.context["form"].errors
    assert (errors["budget_max_cny"], errors["deadline"]) == ([BUDGET], [DEADLINE])
    assert (api.status_code, api.json()) == (400, {"budget_max_cny": [BUDGET], "deadline": [DEADLINE]})

    line = {
        "type": "demand",
        "ref": "D777",
        "title": "储能电站低温电池",
        "summary": "零下二十度稳定放电。",
        "track": tracks[6].slug,
        "budget_min_cny": 500000,
        "budget_max_cny": 100000,
        "organization": enterprise_org.name,
        "language": "zh",
    }
    report = listing_services.import_listings([json.dumps(line, ensure_ascii=False)])
    assert [error.reason for error in report.errors] == [BUDGET]
    assert not Demand.objects.exists()

    listing = DemandFactory(organisation=enterprise_org, track=tracks[6], budget_min_cny=1, budget_max_cny=2)
    client.force_login(editor)
    admin = client.post(
        reverse("wagtailsnippets_listings_demand:edit", args=[listing.pk]),
        _admin_form_data(
            DemandViewSet,
            listing,
            editor,
            budget_min_cny="500000",
            budget_max_cny="100000",
            deadline="2020-01-01",
        ),
    )
    admin_errors = admin.context["form"].errors
    assert (admin_errors["budget_max_cny"], admin_errors["deadline"]) == ([BUDGET], [DEADLINE])
    listing.refresh_from_db()
    assert (listing.budget_min_cny, listing.budget_max_cny) == (1, 2)


def test_an_old_deadline_left_unchanged_does_not_block_an_edit_through_the_api(
    enterprise_user, enterprise_org, tracks
):
    demand = DemandFactory(
        organisation=enterprise_org, track=tracks[6], deadline=timezone.localdate() - dt.timedelta(days=3)
    )
    response = api_as(enterprise_user).patch(
        f"/api/v1/demands/{demand.ref}/", {"title": "改了标题的需求"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Demand.objects.get(pk=demand.pk).get_latest_revision_as_object().title == "改了标题的需求"


# --- Deal flow: declining with "other" needs an explanation (dealflow.services.decline_match_request) ---


def test_declining_with_other_and_no_explanation_is_refused_alike_on_the_page_and_the_api(
    client, enterprise_user, enterprise_org, researcher, tracks
):
    listing = DemandFactory(organisation=enterprise_org, track=tracks[6], published=True)
    pending = make_request(requester=researcher, listing=listing)
    client.force_login(enterprise_user)
    page = client.post(
        reverse("dealflow:request_decline", kwargs={"pk": pending.pk}), {"reason": "other", "detail": ""}
    )
    api = api_as(enterprise_user).post(
        f"/api/v1/deals/requests/{pending.pk}/answer/",
        {"action": "decline", "reason": "other", "detail": ""},
        format="json",
    )
    message = "选择“其他”时请说明原因。"
    assert page.context["decline_form"].errors["detail"] == [message]
    assert (api.status_code, api.json()) == (400, {"detail": [message]})
    pending.refresh_from_db()
    assert pending.status == MatchRequest.Status.PENDING


# --- Procurement: the admin edits a product through procurement.services.update_product -------------


def test_editing_a_product_in_the_admin_goes_through_the_service(client, editor, tracks):
    product = InnovationProductFactory(track=tracks[0], name="原名称")
    data = {
        "name": "新名称",
        "name_en": "",
        "summary": product.summary,
        "track": product.track_id,
        "category": product.category_id,
        "specifications": product.specifications,
        "price_cny": "120000.00",
        "price_unit": product.price_unit,
    }
    url = reverse("wagtailsnippets_procurement_innovationproduct:edit", args=[product.pk])
    # Admin access and model permissions, but not an editor and not of the enterprise: the
    # service's refusal.
    admin_rights = [
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="procurement"),
    ]
    outsider = UserFactory(is_staff=True)
    outsider.user_permissions.add(*admin_rights)
    client.force_login(outsider)
    refused = client.post(url, data)
    # Wagtail's snippet view shows a service's PermissionDenied as the page's error message.
    assert [text.strip() for text in page_messages(refused)] == ["该产品已不能修改。"]
    assert InnovationProduct.objects.get(pk=product.pk).name == "原名称"

    editor.user_permissions.add(*admin_rights)
    client.force_login(editor)
    assert client.post(url, data).status_code == 302
    assert InnovationProduct.objects.get(pk=product.pk).name == "新名称"


# --- One helper for "notify each person in their language" (notifications.services.notify_each) ---


def test_a_moved_session_is_announced_to_each_person_in_their_own_language(
    editor, django_capture_on_commit_callbacks
):
    session = RoadshowSessionFactory(starts_at=in_(days=3), ends_at=in_(days=3, hours=2))
    english = user_with_role(Role.INVESTOR, preferred_language="en")
    chinese = user_with_role(Role.INVESTOR, preferred_language="zh-hans")
    for person in (english, chinese):
        roadshow_services.register(session=session, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        roadshow_services.move_session(session=session, starts_at=in_(days=4), by=editor)
    english_notice = english.notifications.get(kind="roadshow.session_moved")
    chinese_notice = chinese.notifications.get(kind="roadshow.session_moved")
    assert english_notice.title.startswith("Roadshow moved: ")
    assert english_notice.body.startswith("The session now starts at ")
    assert chinese_notice.title.startswith("路演改期：")
