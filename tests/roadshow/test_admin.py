import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from roadshow import services


@pytest.mark.django_db
def test_editor_lists_and_exports_registrations_in_the_wagtail_admin(client, editor, session, investor):
    editor.is_staff = True
    editor.save()

    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="roadshow"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    services.register(session=session, user=investor)
    client.force_login(editor)
    listing = client.get(reverse("roadshow_registrations:index") + f"?session={session.pk}")
    assert listing.status_code == 200
    assert investor.email in listing.content.decode() or str(investor) in listing.content.decode()
    export = client.get(reverse("roadshow_registrations:index") + f"?session={session.pk}&export=csv")
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert investor.email in body.decode("utf-8-sig")
    for name in ("roadshow_series", "roadshow_sessions", "roadshow_pitches", "roadshow_interest"):
        assert client.get(reverse(f"{name}:index")).status_code == 200
