"""Pages of the transfer network: the directory, agencies, brokers, brokerage requests and disputes.
Thin: forms in, services do the work, figures come from network.figures."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.threads import views as threads
from listings.models import Demand
from taxonomy.models import DevelopmentZone, Track

from . import figures, services
from .forms import AcceptForm, AgencyFilterForm, BrokerageRequestForm, DeclineForm, DisputeForm, MessageForm
from .models import Agency, AgencyService, BrokerageRequest, BrokerProfile

PER_PAGE = 20


def _agencies():
    return (
        Agency.objects.published()
        .select_related("organisation", "zone")
        .prefetch_related("tracks", Prefetch("services", queryset=AgencyService.objects.order_by("kind")))
    )


def agency_list(request):
    form = AgencyFilterForm(
        request.GET or None, tracks=list(Track.objects.all()), zones=list(DevelopmentZone.objects.all())
    )
    agencies = _agencies()
    if form.is_valid():
        agencies = agencies.filtered(**form.cleaned_data)
    elif request.GET:
        agencies = agencies.none()
    page = Paginator(agencies.order_by("name_zh", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    numbers = figures.agency_figures(page.object_list)
    rows = [(agency, numbers[agency.pk]) for agency in page.object_list]
    status = 200 if form.is_valid() or not request.GET else 400
    context = {"form": form, "page_obj": page, "rows": rows}
    return render(request, "network/agency_list.html", context, status=status)


def _own_demands(user, agency):
    if not user.is_authenticated:
        return Demand.objects.none()
    return (
        Demand.objects.published()
        .filter(organisation_id__in=user.organisation_ids)
        .exclude(organisation_id=agency.organisation_id)
        .order_by("-published_at", "pk")
    )


def agency_detail(request, slug):
    agency = get_object_or_404(_agencies(), slug=slug)
    profiles = list(
        BrokerProfile.objects.active().filter(agency=agency).select_related("user").prefetch_related("tracks")
    )
    per_broker = figures.broker_figures([p.user_id for p in profiles], agency=agency)
    context = {
        "agency": agency,
        "figures": figures.agency_figures([agency])[agency.pk],
        "brokers": [(p, per_broker[p.user_id]) for p in profiles],
        "deals": figures.agency_deals(agency)[:50],
        "own_demands": _own_demands(request.user, agency)[:20],
        "is_staff_member": agency.is_staff_member(request.user),
        "og_description": agency.description[:200],
    }
    return render(request, "network/agency_detail.html", context)


def broker_detail(request, pk):
    profile = get_object_or_404(
        BrokerProfile.objects.active()
        .filter(agency__in=Agency.objects.published())
        .select_related("user", "agency")
        .prefetch_related("tracks"),
        pk=pk,
    )
    context = {
        "profile": profile,
        "agency": profile.agency,
        "figures": figures.broker_figures([profile.user_id])[profile.user_id],
        "deals": figures.deals_behind([profile.user_id])[:50],
    }
    return render(request, "network/broker_detail.html", context)


@login_required
def request_create(request, slug):
    agency = get_object_or_404(Agency.objects.published().select_related("organisation"), slug=slug)
    demands = _own_demands(request.user, agency)
    initial = {}
    chosen = demands.filter(ref=request.GET.get("demand", "")).first()
    if chosen is not None:
        initial["demand"] = chosen
    form = BrokerageRequestForm(request.POST or None, demands=demands, initial=initial)
    brokerage_request = threads.submit(
        request,
        form,
        lambda d: services.request_brokerage(requester=request.user, agency=agency, **d),
        success=lambda created: _("Request sent. The agency answers by %(deadline)s; we will tell you.")
        % {"deadline": services.when(created.response_deadline)},
    )
    if brokerage_request is not None:
        return redirect(brokerage_request)
    return render(
        request,
        "network/request_form.html",
        {"form": form, "agency": agency},
        status=threads.form_status(request),
    )


@login_required
def inbox(request):
    involving = BrokerageRequest.objects.involving(request.user).with_related()
    orgs = request.user.organisation_ids
    context = {
        "received": involving.filter(agency__organisation_id__in=orgs),
        "sent": involving.filter(requester_organisation_id__in=orgs),
        "assigned": involving.filter(broker=request.user),
        "agencies": Agency.objects.run_by(request.user),
    }
    return render(request, "network/inbox.html", context)


def _request_for(request, pk):
    """The request if this person is one of its parties; everyone else gets 404."""
    return threads.request_for(BrokerageRequest.objects.with_related(), request, pk)


def _brokers_of(agency):
    return get_user_model().objects.filter(
        pk__in=BrokerProfile.objects.active().filter(agency=agency).values("user_id")
    )


def _detail(request, brokerage_request, side, status=200, **forms):
    context = {
        "brokerage_request": brokerage_request,
        "side": side,
        "thread": brokerage_request.messages.select_related("author"),
        "match_requests": services.open_match_requests(brokerage_request.demand).select_related(
            "technology", "broker"
        )
        if side in ("agency", "broker") or brokerage_request.status == BrokerageRequest.Status.ACCEPTED
        else [],
        "accept_form": forms.get("accept_form") or AcceptForm(brokers=_brokers_of(brokerage_request.agency)),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "Status": BrokerageRequest.Status,
    }
    return render(request, "network/request_detail.html", context, status=status)


@login_required
def request_detail(request, pk):
    brokerage_request, side = _request_for(request, pk)
    return _detail(request, brokerage_request, side)


def _run(request, pk, form_name, form, call):
    """Validate the form, run the service; on failure re-render the page with the errors, nothing saved."""
    brokerage_request, side = _request_for(request, pk)
    return threads.run_form(
        request,
        brokerage_request,
        form,
        lambda d: call(brokerage_request, d),
        page=lambda status: _detail(request, brokerage_request, side, status=status, **{form_name: form}),
    )


@login_required
@require_POST
def request_accept(request, pk):
    brokerage_request, _side = _request_for(request, pk)
    return _run(
        request,
        pk,
        "accept_form",
        AcceptForm(request.POST, brokers=_brokers_of(brokerage_request.agency)),
        lambda r, d: services.accept_brokerage_request(
            brokerage_request=r, user=request.user, broker=d["broker"]
        ),
    )


@login_required
@require_POST
def request_decline(request, pk):
    return _run(
        request,
        pk,
        "decline_form",
        DeclineForm(request.POST),
        lambda r, d: services.decline_brokerage_request(brokerage_request=r, user=request.user, **d),
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    brokerage_request, _side = _request_for(request, pk)
    return threads.act(
        request,
        brokerage_request,
        lambda: services.withdraw_brokerage_request(brokerage_request=brokerage_request, user=request.user),
        _("The request is withdrawn."),
    )


@login_required
@require_POST
def message_post(request, pk):
    return _run(
        request,
        pk,
        "message_form",
        MessageForm(request.POST),
        lambda r, d: services.post_message(brokerage_request=r, author=request.user, body=d["body"]),
    )


@login_required
def dispute_create(request, pk):
    deal = figures.public_deals().select_related("technology", "demand", "broker").filter(pk=pk).first()
    if deal is None:
        raise Http404
    form = DisputeForm(request.POST or None)
    dispute = threads.submit(
        request,
        form,
        lambda d: services.raise_dispute(match_request=deal, user=request.user, reason=d["reason"]),
        success=lambda _dispute: _("Thank you. An editor will look at this deal and tell you the outcome."),
    )
    if dispute is not None:
        profile = BrokerProfile.objects.filter(user_id=deal.broker_id).select_related("agency").first()
        return redirect(profile.agency if profile else "network:agency_list")
    return render(
        request,
        "network/dispute_form.html",
        {"form": form, "deal": deal},
        status=threads.form_status(request),
    )
