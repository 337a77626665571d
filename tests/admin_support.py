"""Helpers for tests that go through the Wagtail admin: a staff user with a part's permissions, and
the address of a bulk action on chosen rows."""

from django.contrib.auth.models import Permission
from django.urls import reverse


def admin_user(user, app_label):
    """``user`` made staff with the admin's access and every permission of ``app_label``."""
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label=app_label))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def bulk_action_url(model, action, ids, next_url="/admin/"):
    """The confirmation page (GET) and the action (POST) of bulk ``action`` on ``model``'s rows ``ids``."""
    query = "&".join(f"id={pk}" for pk in ids)
    url = reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, action])
    return f"{url}?{query}&next={next_url}"
