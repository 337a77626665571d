"""Capacity holds under concurrent registrations on PostgreSQL (row lock on the session)."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from accounts.models import User
from roadshow import services
from roadshow.models import Registration, RoadshowSession
from tests.factories.roadshow import RoadshowSessionFactory

ATTEMPTS, SEATS, WORKERS = 200, 50, 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_registrations_for_50_seats_confirm_exactly_50():
    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing at PostgreSQL"
    session = RoadshowSessionFactory(capacity=SEATS)
    users = User.objects.bulk_create([User(email=f"rush{i}@example.test") for i in range(ATTEMPTS)])
    start = threading.Barrier(WORKERS)
    errors = []

    def attempt(user):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            return services.register(session=RoadshowSession(pk=session.pk), user=user).status
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
            raise
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(attempt, users))

    assert errors == []
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == ATTEMPTS - SEATS
    assert Registration.objects.filter(session=session, status="confirmed").count() == SEATS
    assert Registration.objects.filter(session=session, status="waitlisted").count() == ATTEMPTS - SEATS
