from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import registry, services
from .forms import PreferenceForm
from .models import Notification


@login_required
def centre(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    unread = notifications.filter(read_at__isnull=True).count()
    reading = translation.get_language()
    other_language = any(n.language and n.language != reading for n in page)
    return render(
        request,
        "notifications/centre.html",
        {
            "notifications": page,
            "unread": unread,
            "links": registry.centre_links(),
            "other_language": other_language,
        },
    )


@login_required
@require_POST
def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(user=request.user)
    return redirect("notifications:centre")


@login_required
def preferences(request):
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences have been saved."))
        return redirect("notifications:preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a session; the signed token is the proof.
def unsubscribe(request, token):
    try:
        user_id, scope = services.read_unsubscribe_token(token)
    except ValidationError as error:
        return render(request, "notifications/unsubscribe.html", {"error": error.messages[0]}, status=400)
    user = get_object_or_404(get_user_model(), pk=user_id)
    done = False
    if request.method == "POST":
        services.unsubscribe(user=user, scope=scope)
        done = True
    return render(request, "notifications/unsubscribe.html", {"scope": scope, "done": done, "token": token})
