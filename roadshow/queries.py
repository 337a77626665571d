"""Reused roadshow querysets."""

from django.db.models import Count, Prefetch, Q

from .models import PitchApplication, Registration, RoadshowSession


def agenda_queryset():
    """Accepted pitches of technologies still published: a technology its owner withdrew or closed
    leaves every agenda (page, cards, API, calendar) as it leaves search."""
    return (
        PitchApplication.objects.filter(
            status=PitchApplication.Status.ACCEPTED, technology__status="published"
        )
        .select_related("technology", "technology__organisation", "technology__track", "applicant")
        .order_by("slot_order", "pk")
    )


def with_agenda(sessions):
    """Sessions with their accepted pitches (``session.agenda``) and series, in a fixed number of queries."""
    return sessions.select_related("series", "track").prefetch_related(
        Prefetch("pitches", queryset=agenda_queryset(), to_attr="prefetched_agenda")
    )


def session_cards(sessions):
    """Sessions for list pages: agenda plus confirmed and waiting counts."""
    return with_agenda(sessions).annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waitlist_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
    )


def of_track(sessions, track):
    """Sessions of a track: through their own track or their series' track."""
    return sessions if track is None else sessions.filter(Q(track=track) | Q(series__track=track))


def upcoming_sessions(now=None, *, track=None):
    return session_cards(of_track(RoadshowSession.objects.upcoming(now), track))


def archive_sessions(*, track=None, now=None):
    return session_cards(of_track(RoadshowSession.objects.past(now), track))


def pitch_pool():
    """The pool as editors review it: open applications first, oldest first."""
    return PitchApplication.objects.select_related(
        "technology",
        "technology__track",
        "technology__organisation",
        "applicant",
        "session",
        "session__series",
    ).order_by("status", "created_at")


def registrations_of(user):
    """The person's session registrations, soonest session first."""
    return (
        Registration.objects.filter(user=user)
        .select_related("session", "session__series")
        .order_by("session__starts_at", "pk")
    )


def pitches_of(user):
    """The person's pitch applications, newest first."""
    return (
        PitchApplication.objects.filter(applicant=user)
        .select_related("technology", "session", "session__series")
        .order_by("-created_at")
    )
