"""The saved-searches page: keep a search (prefilled from the search page) and delete one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import SavedSearchForm
from .models import SavedSearch


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
            return redirect("digest:saved_searches")
    status = 400 if request.method == "POST" else 200
    searches = SavedSearch.objects.filter(user=request.user)
    return render(request, "digest/saved_searches.html", {"form": form, "searches": searches}, status=status)


@login_required
@require_POST
def saved_search_delete(request, pk):
    get_object_or_404(SavedSearch, pk=pk, user=request.user).delete()
    messages.success(request, _("Saved search deleted."))
    return redirect("digest:saved_searches")
