from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.queries import accepted_organisation_ids
from core.forms import apply_errors
from taxonomy.models import Track

from . import queries, services
from .exports import batch_workbook
from .forms import (
    AssignPanelForm,
    AttachmentForm,
    CertificationForm,
    DecisionForm,
    DeclarationForm,
    DeclineForm,
    ProductForm,
    RecommendForm,
    ScoreForm,
)
from .models import (
    ApplicationScenario,
    Evaluation,
    ExpertPanel,
    InnovationProduct,
    RecommendationBatch,
    ScenarioSelection,
)


def _error(request, error):
    messages.error(request, " ".join(error.messages))


def index(request):
    """Recommended and accepted products, by track."""
    tracks = list(Track.objects.all())
    track = next((t for t in tracks if t.slug == request.GET.get("track")), None)
    status = request.GET.get("status", "")
    context = {
        "tracks": tracks,
        "can_submit": services.can_submit_products(request.user),
        "current_track": track,
        "status": status,
        "statuses": [(s, InnovationProduct.Status(s).label) for s in InnovationProduct.PUBLIC_STATUSES],
        "products": queries.public_products(track=track, status=status)[:100],
        "batches": RecommendationBatch.objects.filter(products__status__in=InnovationProduct.PUBLIC_STATUSES)
        .distinct()
        .order_by("-recommended_on")[:6],
    }
    return render(request, "procurement/index.html", context)


def _get_product(request, ref):
    product = get_object_or_404(
        InnovationProduct.objects.select_related("organisation", "track", "category", "batch"), ref=ref
    )
    if not product.can_view(request.user):
        raise Http404
    return product


def product_detail(request, ref):
    product = _get_product(request, ref)
    user = request.user
    is_member = product.organisation.has_member(user)
    is_editor = user.is_authenticated and user.is_editor
    context = {
        "product": product,
        "is_member": is_member,
        "is_editor": is_editor,
        "can_edit": product.can_edit(user),
        "certifications": product.certifications.all(),
        "attachments": product.attachments.all() if (is_member or is_editor) else [],
        "technologies": product.technologies.all()
        if (is_member or is_editor)
        else queries.publicly_named_technologies(product),
        "deals": product.deals.select_related("technology", "demand") if (is_member or is_editor) else [],
        "scenarios": product.application_scenarios.filter(is_published=True),
        "timeline": product.status_changes.select_related("changed_by") if (is_member or is_editor) else [],
    }
    if product.can_edit(user):
        context["certification_form"] = CertificationForm()
        context["attachment_form"] = AttachmentForm()
    if is_editor:
        context["score_summary"] = queries.with_scores(InnovationProduct.objects.filter(pk=product.pk)).get()
        context["evaluations"] = product.evaluations.select_related("expert", "panel").prefetch_related(
            "scores__criterion"
        )
        # Several forms on one page: their own id prefixes keep every label tied to its own field.
        context["assign_form"] = AssignPanelForm(auto_id="assign_%s")
        context["recommend_form"] = RecommendForm(auto_id="recommend_%s")
        context["decline_form"] = DeclineForm(auto_id="decline_%s")
        context["decision_form"] = DecisionForm(auto_id="decision_%s")
        context["missing_scores"] = list(services.missing_scores(product))
    elif user.is_authenticated:
        context["my_evaluation"] = product.evaluations.filter(expert=user).first()
    return render(request, "procurement/product_detail.html", context)


@login_required
def my_products(request):
    """The enterprise's products with their status, batch and catalogue entry number."""
    products = (
        InnovationProduct.objects.filter(organisation_id__in=accepted_organisation_ids(request.user))
        .select_related("organisation", "track", "batch")
        .order_by("-created_at")
    )
    return render(
        request,
        "procurement/my_products.html",
        {"products": products, "can_submit": services.can_submit_products(request.user)},
    )


@login_required
def product_create(request):
    if not services.can_submit_products(request.user):
        raise PermissionDenied
    form = ProductForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation, technologies, deals = (
            data.pop("organisation"),
            data.pop("technologies"),
            data.pop("deals"),
        )
        try:
            product = services.create_product(
                user=request.user,
                organisation=organisation,
                data=data,
                technologies=technologies,
                deals=deals,
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Product saved. Add certifications and attachments below."))
            return redirect(product.get_absolute_url())
    return render(request, "procurement/product_form.html", {"form": form})


@login_required
def product_edit(request, ref):
    product = _get_product(request, ref)
    if not product.can_edit(request.user):
        raise PermissionDenied
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("organisation", None)
        technologies, deals = data.pop("technologies"), data.pop("deals")
        try:
            services.update_product(
                product=product, user=request.user, data=data, technologies=technologies, deals=deals
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect(product.get_absolute_url())
    return render(request, "procurement/product_form.html", {"form": form, "product": product})


def _product_action(request, ref, action, success):
    product = _get_product(request, ref)
    try:
        action(product)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, success)
    return redirect(product.get_absolute_url())


@login_required
@require_POST
def product_submit(request, ref):
    return _product_action(
        request,
        ref,
        lambda p: services.submit_product(product=p, user=request.user),
        _("Product submitted for evaluation."),
    )


@login_required
@require_POST
def product_withdraw(request, ref):
    return _product_action(
        request,
        ref,
        lambda p: services.withdraw_product(product=p, user=request.user),
        _("Product withdrawn."),
    )


@login_required
@require_POST
def certification_add(request, ref):
    product = _get_product(request, ref)
    form = CertificationForm(request.POST)
    if form.is_valid():
        services.add_certification(product=product, user=request.user, **form.cleaned_data)
        messages.success(request, _("Certification added."))
    else:
        messages.error(request, _("Check the certification: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect(product.get_absolute_url())


@login_required
@require_POST
def attachment_add(request, ref):
    product = _get_product(request, ref)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_attachment(product=product, user=request.user, **form.cleaned_data)
        messages.success(request, _("Attachment added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(product.get_absolute_url())


@login_required
def attachment_download(request, ref, pk):
    """Attachments are for the enterprise, editors and the assigned experts, never public links."""
    product = _get_product(request, ref)
    is_expert = product.evaluations.filter(expert=request.user).exclude(status=Evaluation.Status.CONFLICT)
    if not (product.organisation.has_member(request.user) or request.user.is_editor or is_expert.exists()):
        raise PermissionDenied
    attachment = get_object_or_404(product.attachments, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name or attachment.file.name.split("/")[-1],
        content_type=attachment.content_type or None,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Editors ------------------------------------------------------------------------------


def _editor_form_action(request, ref, form_class, run, success):
    if not request.user.is_editor:
        raise PermissionDenied
    product = _get_product(request, ref)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect(product.get_absolute_url())
    try:
        result = run(product, form.cleaned_data)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(product.get_absolute_url())


@login_required
@require_POST
def product_assign(request, ref):
    def run(product, data):
        return services.assign_to_panel(product=product, panel=data["panel"], editor=request.user)

    def success(result):
        created, excluded = result
        text = _("%(count)d experts assigned.") % {"count": len(created)}
        if excluded:
            text += " " + _("Left out (same organisation): %(names)s") % {
                "names": ", ".join(str(e) for e in excluded)
            }
        return text

    return _editor_form_action(request, ref, AssignPanelForm, run, success)


@login_required
@require_POST
def product_recommend(request, ref):
    return _editor_form_action(
        request,
        ref,
        RecommendForm,
        lambda p, d: services.recommend_product(
            product=p,
            batch=d["batch"],
            note=d["note"],
            override_reason=d["override_reason"],
            editor=request.user,
        ),
        _("Product recommended."),
    )


@login_required
@require_POST
def product_decline(request, ref):
    return _editor_form_action(
        request,
        ref,
        DeclineForm,
        lambda p, d: services.decline_recommendation(product=p, note=d["note"], editor=request.user),
        _("Product not recommended."),
    )


@login_required
@require_POST
def product_decide(request, ref):
    return _editor_form_action(
        request,
        ref,
        DecisionForm,
        lambda p, d: services.record_catalogue_decision(product=p, editor=request.user, **d),
        _("Catalogue decision recorded."),
    )


@login_required
def panel_ranking(request, pk):
    if not request.user.is_editor:
        raise PermissionDenied
    panel = get_object_or_404(ExpertPanel, pk=pk)
    context = {"panel": panel, "ranking": queries.panel_ranking(panel), "criteria": panel.criteria.all()}
    return render(request, "procurement/panel_ranking.html", context)


# --- Experts ------------------------------------------------------------------------------


@login_required
def review_list(request):
    """An expert's own assignments, nothing else."""
    return render(
        request, "procurement/review_list.html", {"evaluations": queries.expert_evaluations(request.user)}
    )


@login_required
def evaluation(request, pk):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related(
            "product__organisation", "product__track", "product__category", "panel"
        ),
        pk=pk,
        expert=request.user,
    )
    product = evaluation.product
    if product.organisation.has_member(request.user):
        raise PermissionDenied
    criteria = evaluation.panel.criteria.all()
    declaration_form = score_form = None
    if evaluation.status == Evaluation.Status.ASSIGNED:
        declaration_form = DeclarationForm(request.POST if "declare" in request.POST else None)
    elif evaluation.status == Evaluation.Status.DECLARED:
        score_form = ScoreForm(request.POST if "score" in request.POST else None, criteria=criteria)
    if request.method == "POST":
        try:
            if declaration_form is not None and declaration_form.is_valid():
                services.declare_interests(
                    evaluation=evaluation, expert=request.user, **declaration_form.cleaned_data
                )
                messages.success(request, _("Declaration recorded."))
                return redirect(evaluation.get_absolute_url())
            if score_form is not None and score_form.is_valid():
                services.submit_scores(
                    evaluation=evaluation,
                    expert=request.user,
                    scores=score_form.scores(),
                    comment=score_form.cleaned_data["comment"],
                )
                messages.success(request, _("Evaluation submitted."))
                return redirect(evaluation.get_absolute_url())
        except ValidationError as error:
            _error(request, error)
    context = {
        "evaluation": evaluation,
        "product": product,
        "criteria": criteria,
        "declaration_form": declaration_form,
        "score_form": score_form,
        "my_scores": evaluation.scores.select_related("criterion"),
        "peers": services.peer_evaluations(evaluation=evaluation, user=request.user),
        "certifications": product.certifications.all(),
        "attachments": product.attachments.all() if evaluation.status != Evaluation.Status.CONFLICT else [],
    }
    return render(request, "procurement/evaluation.html", context)


# --- Batches ------------------------------------------------------------------------------


def batch_detail(request, code):
    batch = get_object_or_404(RecommendationBatch, code=code)
    products = [p for p in queries.batch_products(batch) if p.is_public]
    if not products and not (request.user.is_authenticated and request.user.is_editor):
        raise Http404
    return render(request, "procurement/batch_detail.html", {"batch": batch, "products": products})


@login_required
def batch_export(request, code):
    """The batch as XLSX for editors; the finance bureau's system reads the same file through the API."""
    if not request.user.is_editor:
        raise PermissionDenied
    batch = get_object_or_404(RecommendationBatch, code=code)
    return xlsx_response(batch)


def xlsx_response(batch):
    response = HttpResponse(
        batch_workbook(batch),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="recommendation-batch-{batch.code}.xlsx"'
    return response


# --- Application scenarios -------------------------------------------------------------------


def scenario_index(request):
    tracks = list(Track.objects.all())
    track = next((t for t in tracks if t.slug == request.GET.get("track")), None)
    scenarios = queries.published_scenarios().prefetch_related("photos__image")
    if track is not None:
        scenarios = scenarios.filter(tracks=track)
    context = {
        "tracks": tracks,
        "current_track": track,
        "scenarios": scenarios,
        "selections": ScenarioSelection.objects.filter(is_published=True),
    }
    return render(request, "procurement/scenario_index.html", context)


def scenario_detail(request, slug):
    scenario = get_object_or_404(ApplicationScenario, slug=slug, is_published=True)
    context = {
        "scenario": scenario,
        "photos": scenario.photos.select_related("image"),
        "technologies": scenario.technologies.filter(status="published"),
        "demands": scenario.demands.filter(status="published"),
        "products": scenario.products.public(),
        "awards": scenario.awards.filter(selection__is_published=True).select_related("selection"),
    }
    return render(request, "procurement/scenario_detail.html", context)


def showcase(request, year=None):
    """The annual selection of outstanding cases; the latest one when no year is given."""
    selections = ScenarioSelection.objects.filter(is_published=True)
    selection = selections.filter(year=year).first() if year else selections.first()
    if selection is None:
        raise Http404
    awards = selection.awards.select_related("scenario").prefetch_related(
        "scenario__photos__image", "scenario__tracks"
    )
    context = {"selection": selection, "awards": awards, "selections": selections}
    return render(request, "procurement/showcase.html", context)
