"""The header's link to the notification centre with the unread count."""

from django import template

from ..models import Notification

register = template.Library()


@register.inclusion_tag("notifications/includes/badge.html", takes_context=True)
def notification_badge(context):
    user = context["request"].user
    unread = (
        Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        if user.is_authenticated
        else 0
    )
    return {"user": user, "unread": unread}
