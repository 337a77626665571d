"""Roadshow pitches in the site-wide search: accepted pitches of published technologies placed in
a session that is not cancelled (what the public agenda shows)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.translation import pgettext_lazy

from listings.models import Technology
from listings.signals import listings_changed
from search.registry import SearchableKind, Trigger, bilingual_entry, on_signals, own_pk, texts_in_both

from .models import PitchApplication, RoadshowSeries, RoadshowSession


def public_pitches():
    """Pitches an anonymous visitor may see on a session's agenda, with what their documents read."""
    return (
        PitchApplication.objects.filter(
            status=PitchApplication.Status.ACCEPTED,
            session__isnull=False,
            technology__in=Technology.objects.published(),
        )
        .exclude(session__status=RoadshowSession.Status.CANCELLED)
        .select_related("technology", "technology__track", "session", "session__series", "session__track")
    )


def pitch_entry(pitch):
    """The pitch as search indexes it: the technology's title and summary, the stage and the ask,
    the session's name, in both languages; found at its session's page."""
    technology, session = pitch.technology, pitch.session
    session_titles = texts_in_both(session, "title") or (
        texts_in_both(session.series, "title") if session.series_id else {}
    )
    return bilingual_entry(
        pitch.pk,
        texts=technology,
        page=session,
        body=[texts_in_both(pitch, "stage"), texts_in_both(pitch, "ask_details"), session_titles],
        tracks=(
            technology.track.slug if technology.track_id else "",
            session.track.slug if session.track_id else "",
        ),
        ref=technology.ref,
        language=technology.language,
        published_at=session.starts_at,
    )


def _pitches_of_session(instance, **kwargs):
    return instance.pitches.values_list("pk", flat=True)


def _pitches_of_series(instance, **kwargs):
    return PitchApplication.objects.filter(session__series=instance).values_list("pk", flat=True)


def _pitches_of_technologies(ids=(), **kwargs):
    return PitchApplication.objects.filter(technology_id__in=list(ids)).values_list("pk", flat=True)


PITCH_KIND = SearchableKind(
    name="pitch",
    label=pgettext_lazy("search kind", "Roadshow pitches"),
    order=40,
    public=public_pitches,
    entry=pitch_entry,
    triggers=(
        *on_signals(PitchApplication, own_pk, post_save, post_delete),
        Trigger(post_save, _pitches_of_session, sender=RoadshowSession),
        # Before the delete unlinks them (SET_NULL sends no signal of its own).
        Trigger(pre_delete, _pitches_of_session, sender=RoadshowSession),
        Trigger(post_save, _pitches_of_series, sender=RoadshowSeries),
        Trigger(listings_changed, _pitches_of_technologies, sender=Technology),
    ),
)
