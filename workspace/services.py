"""The workspace's one piece of state: when the person last came, to mark what is new since then."""

import datetime

from django.utils import timezone

from .models import WorkspaceVisit

# Page views closer together than this are one visit: reloading the page keeps the "new" marks.
VISIT_GAP = datetime.timedelta(minutes=30)


def record_visit(*, user, now=None):
    """Note that ``user`` opened the workspace; return the moment "new" is counted from (None at first).

    A view more than ``VISIT_GAP`` after the last one starts a new visit: things that appeared since
    the previous visit are new. Side effects: creates or updates the person's WorkspaceVisit.
    """
    now = now or timezone.now()
    visit, created = WorkspaceVisit.objects.get_or_create(user=user, defaults={"last_seen_at": now})
    if created:
        return None
    if now - visit.last_seen_at > VISIT_GAP:
        visit.previous_visit_at = visit.last_seen_at
    visit.last_seen_at = now
    WorkspaceVisit.objects.filter(pk=visit.pk).update(
        last_seen_at=visit.last_seen_at, previous_visit_at=visit.previous_visit_at
    )
    return visit.previous_visit_at
