"""Asking a bank or insurer for a product from the listing, and the request's private thread."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.threads import views as threads
from listings.models import Technology

from .. import services
from ..forms import FileForm, MessageForm, ProductAnswerForm, ProductRequestForm
from ..models import FinancialProduct, ProductRequest


@login_required
def product_request_create(request, slug, ref):
    product = get_object_or_404(
        FinancialProduct.objects.published().select_related("organisation"), slug=slug
    )
    technology = get_object_or_404(Technology.objects.select_related("organisation", "track"), ref=ref)
    if technology.organisation_id not in request.user.organisation_ids:
        raise PermissionDenied(_("Only members of the technology's organisation can ask with it."))
    form = ProductRequestForm(request.POST or None, initial={"amount_cny": product.amount_min_cny})
    if request.method == "POST" and form.is_valid():
        try:
            product_request = services.request_product(
                requester=request.user, product=product, technology=technology, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Request sent to %(provider)s.") % {"provider": product.organisation})
            return redirect(product_request)
    context = {
        "form": form,
        "product": product,
        "technology": technology,
        "reasons": services.product_eligibility(product=product, technology=technology),
    }
    return render(
        request, "funding/product_request_form.html", context, status=400 if request.method == "POST" else 200
    )


def _request_for(request, pk):
    return threads.request_for(ProductRequest.objects.with_related(), request, pk)


def _detail(request, product_request, side, status=200, **forms):
    context = {
        "r": product_request,
        "side": side,
        "thread": product_request.messages.select_related("author"),
        "files": product_request.files.select_related("uploaded_by"),
        "answer_form": forms.get("answer_form") or ProductAnswerForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "file_form": forms.get("file_form") or FileForm(),
    }
    return render(request, "funding/product_request_detail.html", context, status=status)


@login_required
def product_request_detail(request, pk):
    product_request, side = _request_for(request, pk)
    return _detail(request, product_request, side)


def _run(request, pk, form_name, form, call):
    product_request, side = _request_for(request, pk)
    return threads.run_form(
        request,
        product_request,
        form,
        lambda d: call(product_request, d),
        page=lambda status: _detail(request, product_request, side, status=status, **{form_name: form}),
    )


@login_required
@require_POST
def product_request_answer(request, pk):
    return _run(
        request,
        pk,
        "answer_form",
        ProductAnswerForm(request.POST),
        lambda r, d: services.answer_product_request(
            product_request=r, user=request.user, offer=d["offer"], answer=d["answer"]
        ),
    )


@login_required
@require_POST
def product_request_withdraw(request, pk):
    product_request, _side = _request_for(request, pk)
    try:
        services.withdraw_product_request(product_request=product_request, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(product_request)


@login_required
@require_POST
def product_message_post(request, pk):
    return _run(
        request,
        pk,
        "message_form",
        MessageForm(request.POST),
        lambda r, d: services.post_product_message(product_request=r, author=request.user, body=d["body"]),
    )


@login_required
@require_POST
def product_file_upload(request, pk):
    return _run(
        request,
        pk,
        "file_form",
        FileForm(request.POST, request.FILES),
        lambda r, d: services.share_product_file(product_request=r, user=request.user, upload=d["file"]),
    )


@login_required
def product_file_download(request, pk, file_pk):
    product_request, _side = _request_for(request, pk)
    return threads.serve_file(
        request,
        product_request,
        file_pk,
        may_download=lambda f, user: services.can_download_product_file(product_file=f, user=user),
        refuse=Http404,
    )
