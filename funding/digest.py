"""The funding part's sections of the daily digest: applications awaiting the fund's review, and
newly published programmes that fit the person's technologies."""

from django.utils.translation import gettext as _

from core.services import absolute_url
from listings.models import Technology
from notifications.registry import DigestItem, register_digest_section

from .models import Application, Programme
from .queries import fit


def awaiting_review_items(user, since):
    """Applications in review at the programmes of the person's organisations. No side effects."""
    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    waiting = (
        Application.objects.filter(
            programme__organisation_id__in=org_ids, status=Application.Status.IN_REVIEW
        )
        .with_related()
        .order_by("created_at")[:10]
    )
    return [
        DigestItem(
            heading=_("Application awaiting review (%(step)s) for %(programme)s")
            % {"step": application.get_step_display(), "programme": application.programme.title},
            ref=application.technology.ref,
            title=application.technology.display_title,
            url=absolute_url(application.get_absolute_url()),
        )
        for application in waiting
    ]


def new_programme_items(user, since):
    """Programmes published since ``since`` that fit one of the person's published technologies. No side effects."""
    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    technologies = list(
        Technology.objects.published().filter(organisation_id__in=org_ids).select_related("track")[:20]
    )
    if not technologies:
        return []
    items = []
    for programme in Programme.objects.open().filter(published_at__gte=since).prefetch_related("tracks")[:20]:
        for technology in technologies:
            result = fit(programme, technology)
            if result is not None and result.score >= 4:
                items.append(
                    DigestItem(
                        heading=_("New funding programme for %(title)s")
                        % {"title": technology.display_title},
                        ref=programme.slug,
                        title=programme.title,
                        url=absolute_url(programme.get_absolute_url()),
                        reasons=[str(r) for r in result.reasons],
                    )
                )
                break
    return items[:10]


def register():
    register_digest_section(name="funding.awaiting_review", order=14, collect=awaiting_review_items)
    register_digest_section(name="funding.new_programmes", order=22, collect=new_programme_items)
