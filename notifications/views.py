from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferenceForm, SavedSearchForm
from .models import Notification, SavedSearch


@login_required
def centre(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    unread = notifications.filter(read_at__isnull=True).count()
    return render(request, "notifications/centre.html", {"notifications": page, "unread": unread})


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


@login_required
def saved_searches(request):
    # The search page links here with its query and filters (?kind=&query=&track=) to prefill the form.
    initial = {key: request.GET[key] for key in ("kind", "query", "track") if key in request.GET}
    if initial:
        initial.setdefault("name", initial.get("query", "")[:100])
    form = SavedSearchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_search(
                user=request.user,
                name=data["name"],
                kind=data["kind"],
                query=data["query"],
                filters={"track": data["track"]} if data["track"] else {},
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Search saved. New results come in your daily digest."))
            return redirect("notifications:saved_searches")
    status = 400 if request.method == "POST" else 200
    searches = SavedSearch.objects.filter(user=request.user)
    return render(
        request, "notifications/saved_searches.html", {"form": form, "searches": searches}, status=status
    )


@login_required
@require_POST
def saved_search_delete(request, pk):
    get_object_or_404(SavedSearch, pk=pk, user=request.user).delete()
    messages.success(request, _("Saved search deleted."))
    return redirect("notifications:saved_searches")
