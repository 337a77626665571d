"""`{% load roadshow_tags %}`: roadshow pieces other parts' pages show (the track page's next session)."""

from django import template

from roadshow import schedule

register = template.Library()


@register.inclusion_tag("roadshow/_next_session.html")
def next_roadshow_session(track):
    """The next session of a track (its own or its series' track), or a line saying none is set."""
    return {"session": schedule.next_session_for_track(track), "track": track}
