"""Registration: seats, waiting list in order, cancellation, reminders, join link, interest."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from dealflow.models import MatchRequest
from roadshow import reminders, services
from roadshow.models import InvestorInterest, Registration, ReminderSent
from tests.factories import user_with_role
from tests.factories.roadshow import PitchFactory, RoadshowSessionFactory, TechnologyFactory


def people(n):
    return [user_with_role(Role.INVESTOR) for _ in range(n)]


@pytest.mark.smoke
@pytest.mark.django_db
def test_free_session_confirms_until_full_then_waitlists_in_order():
    session = RoadshowSessionFactory(capacity=2)
    a, b, c, d = people(4)
    statuses = [services.register(session=session, user=u).status for u in (a, b, c, d)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    # Registering again changes nothing.
    assert services.register(session=session, user=a).status == "confirmed"
    assert session.registrations.count() == 4

    services.cancel_registration(registration=session.registrations.get(user=b), user=b)
    assert dict(session.registrations.values_list("user_id", "status")) == {
        a.pk: "confirmed",
        b.pk: "cancelled",
        c.pk: "confirmed",
        d.pk: "waitlisted",
    }


@pytest.mark.django_db
def test_paid_session_without_stripe_keys_says_payment_is_not_configured(client, settings, investor):
    settings.STRIPE_SECRET_KEY = ""
    session = RoadshowSessionFactory(price_cny=199)
    client.force_login(investor)
    page = client.get(session.get_absolute_url())
    assert (
        "Payment is not configured on this site" in page.content.decode() or "支付" in page.content.decode()
    )
    response = client.post(reverse("roadshow:register", kwargs={"pk": session.pk}), follow=True)
    assert not Registration.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [
        str(services._("Payment is not configured on this site, so paid sessions cannot be booked."))
    ]


@pytest.mark.django_db
def test_cancelled_or_past_sessions_refuse_registration(investor, editor):
    past = RoadshowSessionFactory(starts_at=timezone.now() - dt.timedelta(hours=3))
    with pytest.raises(services.RegistrationError):
        services.register(session=past, user=investor)
    cancelled = RoadshowSessionFactory()
    services.cancel_session(session=cancelled, reason="讲者生病", by=editor)
    with pytest.raises(services.RegistrationError):
        services.register(session=cancelled, user=investor)


@pytest.mark.django_db
def test_join_link_only_for_registered_people_from_shortly_before_start(client, investor, session):
    services.register(session=session, user=investor)
    client.force_login(investor)
    early = client.get(session.get_absolute_url()).content.decode()
    assert session.stream_url not in early
    assert 'data-testid="join-later"' in early

    session.starts_at = timezone.now() + dt.timedelta(minutes=10)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    due = client.get(session.get_absolute_url()).content.decode()
    registration = session.registrations.get(user=investor)
    assert f'href="{services.personal_join_path(registration=registration)}"' in due
    assert session.stream_url not in due  # only the personal link, never the meeting's own address

    stranger = user_with_role(Role.INVESTOR)
    client.force_login(stranger)
    assert session.stream_url not in client.get(session.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_replay_and_slides_show_after_the_session(client, session):
    session.starts_at = timezone.now() - dt.timedelta(hours=3)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.replay_url = "https://video.example.test/replay/1"
    session.save()
    html = client.get(session.get_absolute_url()).content.decode()
    assert 'href="https://video.example.test/replay/1"' in html
    assert session.stream_url not in html


@pytest.mark.django_db
def test_reminders_go_once_a_day_and_an_hour_before(session):
    a, b = people(2)
    services.register(session=session, user=a)
    services.register(session=session, user=b)
    mail.outbox.clear()
    day_before = session.starts_at - dt.timedelta(hours=20)
    assert reminders.send_due_reminders(now=day_before) == 2
    assert reminders.send_due_reminders(now=day_before + dt.timedelta(minutes=5)) == 0
    hour_before = session.starts_at - dt.timedelta(minutes=50)
    assert reminders.send_due_reminders(now=hour_before) == 2
    assert reminders.send_due_reminders(now=hour_before) == 0
    assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == ["day", "day", "hour", "hour"]


@pytest.mark.django_db
def test_investor_interest_is_recorded_once_turns_into_one_match_request_and_shows_on_the_pitch_dashboard(
    client, scheduled_pitch, investor, researcher
):
    session = scheduled_pitch.session
    session.starts_at = timezone.now() - dt.timedelta(minutes=5)
    session.save()
    client.force_login(investor)
    url = reverse("roadshow:mark_interest", kwargs={"pk": session.pk, "pitch_pk": scheduled_pitch.pk})
    client.post(url, {"message": "我们关注储能赛道，希望进一步了解量产计划。"})
    client.post(url, {"message": "again"})
    interest = InvestorInterest.objects.get()
    assert interest.investor == investor
    assert not MatchRequest.objects.exists()

    form = client.get(reverse("roadshow:interest_request", kwargs={"pk": interest.pk}))
    assert form.context["form"].initial["message"] == "我们关注储能赛道，希望进一步了解量产计划。"
    client.post(
        reverse("roadshow:interest_request", kwargs={"pk": interest.pk}),
        {**form.context["form"].initial, "non_confidential": "on"},
    )
    match_request = MatchRequest.objects.get()
    interest.refresh_from_db()
    assert interest.match_request_id == match_request.pk
    assert (match_request.source, match_request.technology_id) == ("roadshow", scheduled_pitch.technology_id)

    client.force_login(researcher)
    dashboard = client.get(reverse("roadshow:my_pitches")).content.decode()
    assert "我们关注储能赛道，希望进一步了解量产计划。" in dashboard


@pytest.mark.django_db
def test_session_page_queries_do_not_grow_with_the_agenda(
    client, scheduled_pitch, django_assert_max_num_queries
):
    for _ in range(5):
        tech = TechnologyFactory(organisation=scheduled_pitch.technology.organisation)
        PitchFactory(
            technology=tech,
            applicant=scheduled_pitch.applicant,
            status="accepted",
            session=scheduled_pitch.session,
        )
    with django_assert_max_num_queries(12):
        response = client.get(scheduled_pitch.session.get_absolute_url())
    assert response.content.decode().count('class="card"') >= 6


@pytest.mark.django_db
def test_editor_exports_registrations_and_interest(client, editor, session):
    a, b = people(2)
    services.register(session=session, user=a)
    services.register(session=session, user=b)
    client.force_login(editor)
    url = reverse("roadshow:session_manage", kwargs={"pk": session.pk})
    csv_text = client.get(url + "?export=csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 3
    assert a.email in csv_text and b.email in csv_text
    xlsx = client.get(url + "?export=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get(url).context["counts"]["confirmed"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("registration_id", ["abc", "", "1.5", "-1"])
def test_attendance_with_a_registration_that_is_not_an_id_answers_400_and_changes_nothing(
    client, editor, session, registration_id
):
    (person,) = people(1)
    registration = services.register(session=session, user=person)
    client.force_login(editor)
    url = reverse("roadshow:session_manage", kwargs={"pk": session.pk})
    response = client.post(url, {"action": "attendance", "registration": registration_id, "attended": "1"})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.attended is False
