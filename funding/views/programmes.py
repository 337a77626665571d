"""Programme and financial-product pages: browse, read, and for fund managers write."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.forms import apply_errors
from listings.models import Technology
from search.registry import save_search_url_name
from taxonomy.models import Track

from .. import queries, services
from ..forms import ProductFilterForm, ProgrammeFilterForm, ProgrammeForm
from ..models import Application, FinancialProduct, Programme, Stage

PER_PAGE = 20


def programme_list(request):
    tracks = list(Track.objects.all())
    form = ProgrammeFilterForm(request.GET or None, tracks=tracks)
    filters, query = {}, ""
    if form.is_valid():
        filters = {k: form.cleaned_data[k] for k in ("stage", "track") if form.cleaned_data[k]}
        query = form.cleaned_data["query"]
    programmes = queries.search_programmes(query=query, filters=filters)
    if request.GET and not form.is_valid():
        programmes = programmes.none()
    page = Paginator(programmes.order_by("deadline", "-published_at", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    funded = {
        row["funded_stage"]: row["count"]
        for row in Application.objects.funded().values("funded_stage").order_by().annotate(count=Count("pk"))
    }
    context = {
        "form": form,
        "page_obj": page,
        "ladder": [(stage, funded.get(stage.value, 0)) for stage in Stage],
        "can_publish": _fund_organisations(request.user).exists(),
        "save_search_url": _save_search_url(request.user, filters, query),
    }
    return render(
        request,
        "funding/programme_list.html",
        context,
        status=200 if form.is_valid() or not request.GET else 400,
    )


def _save_search_url(user, filters, query):
    """Where this search is kept for the digest (the page a higher part registered with search), or ''."""
    url_name = save_search_url_name()
    if not (user.is_authenticated and url_name and (query or filters.get("track"))):
        return ""
    params = {"kind": "programme", "query": query, "track": filters.get("track", "")}
    return f"{reverse(url_name)}?{urlencode(params)}"


def _fund_organisations(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=user.organisation_ids, kind=Organisation.Kind.FUND)


def programme_detail(request, slug):
    programme = get_object_or_404(
        Programme.objects.select_related("organisation").prefetch_related("tracks", "criteria"), slug=slug
    )
    is_manager = programme.is_manager(request.user)
    if not programme.is_published and not (
        is_manager or request.user.is_authenticated and request.user.is_editor
    ):
        raise Http404
    own = []
    if request.user.is_authenticated:
        for technology in (
            Technology.objects.published()
            .filter(organisation_id__in=request.user.organisation_ids)
            .exclude(organisation_id=programme.organisation_id)
            .select_related("track", "organisation")[:20]
        ):
            own.append(
                (technology, services.programme_eligibility(programme=programme, technology=technology))
            )
    context = {
        "programme": programme,
        "is_manager": is_manager,
        "own_technologies": own,
        "fits": queries.technologies_for_programme(programme) if is_manager else [],
        "og_description": programme.summary,
    }
    return render(request, "funding/programme_detail.html", context)


def _save(request, programme, organisations):
    form = ProgrammeForm(request.POST or None, instance=programme, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        try:
            services.save_programme(
                programme=programme, user=request.user, tracks=form.cleaned_data["tracks"],
                rubric=form.cleaned_data["rubric"] or None,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The programme is saved.")
                if not programme.is_published
                else _("The programme is published."),
            )
            return redirect(programme)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "funding/programme_form.html", {"form": form, "programme": programme}, status=status
    )


@login_required
def programme_create(request):
    organisations = _fund_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("Only members of a fund manager publish programmes."))
    return _save(request, Programme(), organisations)


@login_required
def programme_edit(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    if not programme.is_manager(request.user):
        raise PermissionDenied(_("Only the fund manager's members edit its programmes."))
    return _save(request, programme, Organisation.objects.filter(pk=programme.organisation_id))


@login_required
def programme_applications(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    if not programme.is_manager(request.user):
        raise PermissionDenied(_("Only the fund manager's members see its applications."))
    applications = programme.applications.with_related().prefetch_related("reviews__reviewer")
    criteria_max = sum(c.max_points for c in programme.criteria.all())
    rows = [
        (application, services.running_total(application, application.step, criteria_max=criteria_max))
        for application in applications
    ]
    return render(request, "funding/programme_applications.html", {"programme": programme, "rows": rows})


def product_list(request):
    form = ProductFilterForm(request.GET or None)
    products = FinancialProduct.objects.published().select_related("organisation").prefetch_related("tracks")
    if form.is_valid() and form.cleaned_data["kind"]:
        products = products.filter(kind=form.cleaned_data["kind"])
    return render(request, "funding/product_list.html", {"form": form, "products": products})


def product_detail(request, slug):
    product = get_object_or_404(
        FinancialProduct.objects.published().select_related("organisation"), slug=slug
    )
    own = []
    if request.user.is_authenticated:
        for technology in (
            Technology.objects.published()
            .filter(organisation_id__in=request.user.organisation_ids)
            .select_related("track")[:20]
        ):
            own.append((technology, services.product_eligibility(product=product, technology=technology)))
    return render(
        request,
        "funding/product_detail.html",
        {"product": product, "own_technologies": own, "og_description": product.summary},
    )
