"""Listing pages: public index and detail pages, the owners' dashboard and forms. Logic is in services."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.queries import accepted_organisation_ids
from core.pagecache import for_visitors
from taxonomy.models import Track

from . import registry, services, tallies
from .forms import FORMS, AttachmentForm
from .models import Demand, Technology

logger = logging.getLogger(__name__)

PER_PAGE = 20


def _index(request, model, template):
    tracks = list(Track.objects.all())
    listings = model.objects.published().for_cards().order_by("-published_at", "-id")
    current_track = None
    track_slug = request.GET.get("track")
    if track_slug:
        current_track = next((t for t in tracks if t.slug == track_slug), None)
        if current_track is None:
            raise Http404(_("No such track."))
        listings = listings.filter(track=current_track)
    paginator = Paginator(listings, PER_PAGE)
    # The maintained tally instead of a COUNT over every published listing.
    paginator.count = tallies.published_count(model, track=current_track)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, template, {"page_obj": page, "tracks": tracks, "current_track": current_track})


SHOWN_WITH = ("pages", "listings")


def _count_cached_view(model):
    def count(request, ref, slug=None):
        services.record_view_by_ref(model=model, ref=ref)

    return count


@for_visitors(*SHOWN_WITH)
def technology_index(request):
    return _index(request, Technology, "listings/technology_index.html")


@for_visitors(*SHOWN_WITH)
def demand_index(request):
    return _index(request, Demand, "listings/demand_index.html")


def _matches_for(listing, user):
    """Ranked matches for the page; a failure in matching hides the panel, never the listing."""
    try:
        return registry.find_matches(listing=listing, limit=10, user=user)
    except Exception:
        logger.exception("matching failed for %s %s", listing.kind, listing.ref)
        return None


def _detail(request, model, ref, slug=None):
    listing = get_object_or_404(
        model.objects.select_related("track", "organisation", "development_zone")
        if model is Demand
        else model.objects.select_related("track", "organisation"),
        ref=ref,
    )
    can_edit = listing.can_edit(request.user)
    if not (listing.is_published or can_edit):
        raise Http404(_("No such listing."))
    if listing.slug != (slug or "") and listing.is_published:
        return redirect(listing.get_absolute_url(), permanent=True)
    if listing.is_published and not can_edit:
        services.record_view(listing=listing)
    related = (
        model.objects.published()
        .for_cards()
        .filter(track_id=listing.track_id)
        .exclude(pk=listing.pk)
        .order_by("-published_at")[:4]
    )
    context = {
        "listing": listing,
        "can_edit": can_edit,
        # Editors may edit any listing, but only the owning organisation acts for it (opens a challenge).
        "is_owner": listing.organisation_id in accepted_organisation_ids(request.user),
        "related": related,
        "attachments": listing.attachments.all(),
        "matches": _matches_for(listing, request.user) if listing.is_published else None,
        "attachment_form": AttachmentForm() if can_edit else None,
        "og_description": listing.summary,
    }
    if model is Technology:
        context["patents"] = listing.patents.all()
    return render(request, f"listings/{listing.kind}_detail.html", context)


@for_visitors(*SHOWN_WITH, on_hit=_count_cached_view(Technology))
def technology_detail(request, ref, slug=None):
    return _detail(request, Technology, ref, slug)


@for_visitors(*SHOWN_WITH, on_hit=_count_cached_view(Demand))
def demand_detail(request, ref, slug=None):
    return _detail(request, Demand, ref, slug)


@login_required
def dashboard(request):
    user = request.user
    technologies = Technology.objects.of_organisations(user).for_cards().order_by("-updated_at")
    demands = Demand.objects.of_organisations(user).for_cards().order_by("-updated_at")
    return render(
        request,
        "listings/dashboard.html",
        {
            "technologies": technologies,
            "demands": demands,
            "has_organisations": bool(user.organisation_ids),
        },
    )


def _saved_message(listing, *, submitted):
    if submitted:
        if listing.live:
            return _("Your changes are sent to the editors. The published text stays until they approve.")
        return _("Sent to the editors for review. You will hear from them here and by e-mail.")
    if listing.live and listing.has_unpublished_changes:
        return _("Your changes are saved. Submit them for review; the published text stays until then.")
    return _("Saved as a draft. Submit it for review when it is ready.")


def _form_page(request, kind, listing=None):
    form_class = FORMS[kind]
    user = request.user
    if listing is None and not (user.organisation_ids or user.is_editor):
        messages.info(request, _("Join or register an organisation before publishing listings."))
        return redirect("listings:dashboard")
    instance = listing.get_latest_revision_as_object() if listing is not None else None
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, user=user)
        submit = request.POST.get("intent") == "submit"
        if form.is_valid():
            service = services.save_and_submit_listing if submit else services.save_listing
            try:
                saved = service(listing=form.save(commit=False), user=user)
            except PermissionDenied as exc:
                form.add_error("organisation", str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _saved_message(saved, submitted=submit))
                return redirect("workspace:index")
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    else:
        form = form_class(instance=instance, user=user)
    return render(request, "listings/listing_form.html", {"form": form, "kind": kind, "listing": listing})


@login_required
def create(request, kind):
    return _form_page(request, kind)


def _editable(request, kind, ref):
    listing = get_object_or_404(services.model_for(kind), ref=ref)
    if not listing.can_edit(request.user):
        raise PermissionDenied(_("Only members of the owning organisation can change this listing."))
    return listing


def attachment_download(request, kind, ref, pk):
    """Attachments are served with their listing's visibility: drafts only to those who edit them."""
    listing = get_object_or_404(services.model_for(kind), ref=ref)
    if not (listing.is_published or listing.can_edit(request.user)):
        raise Http404(_("No such listing."))
    attachment = get_object_or_404(listing.attachments, pk=pk)
    name = attachment.original_name or attachment.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=name, content_type=attachment.content_type
    )
    # Drafts must not linger in shared caches; published files may be cached by the browser only.
    response["Cache-Control"] = "private, max-age=300" if listing.is_published else "private, no-store"
    return response


@login_required
def edit(request, kind, ref):
    return _form_page(request, kind, _editable(request, kind, ref))


ACTIONS = {
    "submit": (services.submit_listing, _("Submitted for moderation. The editors will review it.")),
    "withdraw": (services.withdraw_listing, _("Withdrawn from the marketplace.")),
    "close": (services.close_listing, _("Closed. It no longer appears on the marketplace.")),
    "reopen": (services.reopen_listing, _("Reopened as a draft.")),
}


TAKE_DOWN = ("withdraw", "close")


@login_required
def action(request, kind, ref, name):
    """POST runs the action; GET of withdraw or close asks for confirmation first, saying what ends."""
    if name not in ACTIONS:
        raise Http404
    listing = _editable(request, kind, ref)
    if request.method != "POST":
        if name not in TAKE_DOWN:
            return HttpResponseNotAllowed(["POST"])
        context = {"listing": listing, "name": name, **services.take_down_consequences(listing=listing)}
        return render(request, "listings/confirm_take_down.html", context)
    service, message = ACTIONS[name]
    try:
        service(listing=listing, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("workspace:index")


@login_required
@require_POST
def attachment_add(request, kind, ref):
    listing = _editable(request, kind, ref)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_attachment(
            listing=listing,
            user=request.user,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
        messages.success(request, _("Attachment added."))
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
    return redirect(listing.get_absolute_url())


@login_required
@require_POST
def attachment_delete(request, kind, ref, pk):
    listing = _editable(request, kind, ref)
    attachment = get_object_or_404(listing.attachments, pk=pk)
    with transaction.atomic():
        services.remove_attachment(attachment=attachment, user=request.user)
    messages.success(request, _("Attachment removed."))
    return redirect(listing.get_absolute_url())
