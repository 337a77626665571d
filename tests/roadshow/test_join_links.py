"""Personal join links: each confirmed registrant gets a signed link to their own registration, which
leads to the meeting only inside that session's join window; the meeting's address is never shown."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from roadshow import services
from roadshow.models import Registration
from tests.factories import user_with_role
from tests.factories.roadshow import RegistrationFactory, RoadshowSeriesFactory, RoadshowSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(_media_and_language):
    """Links reversed here get the /en/ prefix, so pages answer in English."""
    translation.activate("en")


STREAM = "https://meeting.example.test/roadshow"


def starting_in(minutes, **kwargs):
    starts = timezone.now() + dt.timedelta(minutes=minutes)
    return RoadshowSessionFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **kwargs)


def registered(session, status=Registration.Status.CONFIRMED):
    person = user_with_role(Role.INVESTOR, preferred_language="en")
    return RegistrationFactory(session=session, user=person, status=status)


def join(client, registration, user=None):
    client.force_login(user or registration.user)
    return client.get(services.personal_join_path(registration=registration))


def test_personal_join_link_leads_a_confirmed_registrant_to_the_meeting_inside_the_window(client):
    registration = registered(starting_in(10, join_opens_minutes=15))
    response = join(client, registration)
    assert (response.status_code, response["Location"]) == (302, STREAM)
    assert response["Referrer-Policy"] == "no-referrer"


def test_personal_join_link_before_the_window_says_when_it_opens(client):
    session = starting_in(60 * 24, join_opens_minutes=15)
    registration = registered(session)
    response = join(client, registration)
    html = response.content.decode()
    opens = timezone.localtime(session.join_opens_at).strftime("%Y-%m-%d %H:%M")
    assert response.status_code == 200
    assert f"The session opens for joining at {opens} (Beijing time)." in html
    assert STREAM not in html


def test_personal_join_link_after_the_end_says_the_session_is_over(client):
    registration = registered(starting_in(-180))
    response = join(client, registration)
    assert response.status_code == 200
    assert "This session is over." in response.content.decode()


@pytest.mark.parametrize("status", ["cancelled", "waitlisted", "pending_payment", "refunded"])
def test_personal_join_link_works_only_while_the_registration_is_confirmed(client, status):
    registration = registered(starting_in(5), status=status)
    response = join(client, registration)
    assert response.status_code == 403
    assert "This link works once your registration is confirmed." in response.content.decode()


def test_personal_join_link_of_a_cancelled_session_leads_nowhere(client):
    session = starting_in(5)
    registration = registered(session)
    session.status = session.Status.CANCELLED
    session.save()
    response = join(client, registration)
    assert response.status_code == 200
    assert "This session is cancelled." in response.content.decode()


def test_personal_join_link_forwarded_to_someone_else_is_refused(client):
    registration = registered(starting_in(5))
    other = user_with_role(Role.INVESTOR, preferred_language="en")
    response = join(client, registration, user=other)
    assert response.status_code == 403
    assert STREAM not in response.content.decode()
    client.logout()
    anonymous = client.get(services.personal_join_path(registration=registration))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/en/accounts/login/")


def test_a_tampered_join_token_is_not_found(client):
    registration = registered(starting_in(5))
    client.force_login(registration.user)
    token = services.join_token(registration=registration)
    assert client.get(reverse("roadshow:join", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("roadshow:join", args=["abc"])).status_code == 404


def test_paying_for_one_session_of_a_series_opens_no_other_session(client):
    series = RoadshowSeriesFactory(price_cny=199, stream_url=STREAM, first_start=timezone.now())
    services.generate_sessions(series=series, weeks=3)
    first, second = series.sessions.order_by("starts_at")[:2]
    assert first.stream_url == second.stream_url == STREAM  # one meeting room for the series
    paid = RegistrationFactory(
        session=first, user=user_with_role(Role.INVESTOR, preferred_language="en"), amount_cny=199
    )
    # The second session is about to start; the paid registrant of the first has no way in.
    second.starts_at, second.ends_at = (
        timezone.now() + dt.timedelta(minutes=5),
        timezone.now() + dt.timedelta(hours=2),
    )
    second.save()
    client.force_login(paid.user)
    for url in (
        second.get_absolute_url(),
        first.get_absolute_url(),
        f"/api/v1/roadshow/sessions/{second.pk}/",
        f"/api/v1/roadshow/sessions/{first.pk}/",
        reverse("roadshow_session_ics", args=[second.pk]),
    ):
        assert STREAM not in client.get(url).content.decode(), url
    # The personal link belongs to the first session's registration and waits for its window.
    own_link = join(client, paid)
    assert own_link.status_code == 200 and own_link.context["reason"] == "early"
    assert STREAM not in own_link.content.decode()
