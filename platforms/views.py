"""Pages for centres, slot requests and reports. Thin: forms in, services do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.threads import views as threads
from listings.models import Technology
from taxonomy.models import Track

from . import queries, services
from .forms import (
    AcceptForm,
    CentreFilterForm,
    DeclineForm,
    FileForm,
    MessageForm,
    QuestionForm,
    ReportForm,
    SlotRequestForm,
)
from .models import SlotRequest, ValidationReport, VerificationCentre

PER_PAGE = 20


def centre_list(request):
    tracks = list(Track.objects.all())
    form = CentreFilterForm(request.GET or None, tracks=tracks)
    centres = VerificationCentre.objects.published().select_related("organisation").prefetch_related("tracks")
    if form.is_valid():
        if form.cleaned_data["stage"]:
            centres = centres.covering(form.cleaned_data["stage"])
        if form.cleaned_data["track"]:
            centres = centres.filter(tracks__slug=form.cleaned_data["track"])
    elif request.GET:
        centres = centres.none()
    page = Paginator(centres.distinct().order_by("name_zh", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    status = 200 if form.is_valid() or not request.GET else 400
    return render(request, "platforms/centre_list.html", {"form": form, "page_obj": page}, status=status)


def centre_detail(request, slug):
    centre = get_object_or_404(
        VerificationCentre.objects.published().select_related("organisation").prefetch_related("tracks"),
        slug=slug,
    )
    own_technologies = (
        Technology.objects.published().filter(organisation_id__in=request.user.organisation_ids)
        if request.user.is_authenticated
        else Technology.objects.none()
    )
    context = {
        "centre": centre,
        "rates": centre.rates.all(),
        "responsiveness": queries.responsiveness(centre),
        "reports": queries.public_reports(centre=centre)[:20],
        "own_technologies": own_technologies.exclude(organisation_id=centre.organisation_id)[:20],
        "is_operator": centre.is_operator(request.user),
        "og_description": centre.summary,
    }
    return render(request, "platforms/centre_detail.html", context)


@login_required
def request_create(request, ref):
    technology = get_object_or_404(Technology.objects.select_related("organisation", "track"), ref=ref)
    if technology.organisation_id not in request.user.organisation_ids:
        raise PermissionDenied(_("Only members of the technology's organisation can ask for its validation."))
    centres = VerificationCentre.objects.published().exclude(organisation_id=technology.organisation_id)
    initial = {}
    chosen = centres.filter(slug=request.GET.get("centre", "")).first()
    if chosen is not None:
        initial = {"centre": chosen, "stage": (chosen.stages or [""])[0]}
    form = SlotRequestForm(request.POST or None, centres=centres, initial=initial)
    slot_request = threads.submit(
        request,
        form,
        lambda d: services.request_slot(requester=request.user, technology=technology, **d),
        success=lambda created: _("Request sent. The centre answers by %(deadline)s; we will tell you.")
        % {"deadline": services.when(created.response_deadline)},
    )
    if slot_request is not None:
        return redirect(slot_request)
    return render(
        request,
        "platforms/request_form.html",
        {"form": form, "technology": technology},
        status=threads.form_status(request),
    )


@login_required
def inbox(request):
    involving = SlotRequest.objects.involving(request.user).with_related()
    orgs = request.user.organisation_ids
    context = {
        "received": involving.filter(centre__organisation_id__in=orgs),
        "sent": involving.filter(owner_organisation_id__in=orgs),
        "centres": VerificationCentre.objects.operated_by(request.user),
    }
    return render(request, "platforms/inbox.html", context)


def _request_for(request, pk):
    """The request if this person's organisation is one of its two sides; everyone else gets 404."""
    return threads.request_for(SlotRequest.objects.with_related(), request, pk)


def _detail(request, slot_request, side, status=200, **forms):
    report = (
        getattr(slot_request, "report", None) if slot_request.status == SlotRequest.Status.REPORTED else None
    )
    context = {
        "slot_request": slot_request,
        "side": side,
        "thread": slot_request.messages.select_related("author"),
        "files": slot_request.files.select_related("uploaded_by"),
        "report": report,
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "question_form": forms.get("question_form") or QuestionForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "file_form": forms.get("file_form") or FileForm(),
        "report_form": forms.get("report_form") or ReportForm(),
        "Status": SlotRequest.Status,
    }
    return render(request, "platforms/request_detail.html", context, status=status)


@login_required
def request_detail(request, pk):
    slot_request, side = _request_for(request, pk)
    return _detail(request, slot_request, side)


def _run(request, pk, form_name, form_class, call, *, files=False):
    """Validate the form, run the service; on failure re-render the page with the errors, nothing saved."""
    slot_request, side = _request_for(request, pk)
    form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
    return threads.run_form(
        request,
        slot_request,
        form,
        lambda d: call(slot_request, d),
        page=lambda status: _detail(request, slot_request, side, status=status, **{form_name: form}),
    )


def _act(request, pk, service, success_message):
    """A one-button action: run the service, say what went wrong or right, go back to the request."""
    slot_request, side = _request_for(request, pk)
    return threads.act(
        request, slot_request, lambda: service(slot_request=slot_request, user=request.user), success_message
    )


@login_required
@require_POST
def request_accept(request, pk):
    return _run(
        request,
        pk,
        "accept_form",
        AcceptForm,
        lambda r, d: services.accept_slot_request(slot_request=r, user=request.user, **d),
    )


@login_required
@require_POST
def request_decline(request, pk):
    return _run(
        request,
        pk,
        "decline_form",
        DeclineForm,
        lambda r, d: services.decline_slot_request(slot_request=r, user=request.user, **d),
    )


@login_required
@require_POST
def request_questions(request, pk):
    return _run(
        request,
        pk,
        "question_form",
        QuestionForm,
        lambda r, d: services.ask_for_information(slot_request=r, user=request.user, question=d["question"]),
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    return _act(request, pk, services.withdraw_slot_request, _("The request is withdrawn."))


@login_required
@require_POST
def request_start(request, pk):
    return _act(request, pk, services.start_validation, _("Marked as in progress."))


@login_required
@require_POST
def report_attach(request, pk):
    return _run(
        request,
        pk,
        "report_form",
        ReportForm,
        lambda r, d: services.attach_report(
            slot_request=r,
            user=request.user,
            title=d["title"],
            findings=d["findings"],
            title_en=d["title_en"],
            findings_en=d["findings_en"],
            outcome=d["outcome"],
            trl_supported=d["trl_supported"],
            upload=d["file"],
        ),
        files=True,
    )


@login_required
@require_POST
def message_post(request, pk):
    return _run(
        request,
        pk,
        "message_form",
        MessageForm,
        lambda r, d: services.post_message(slot_request=r, author=request.user, body=d["body"]),
    )


@login_required
@require_POST
def file_upload(request, pk):
    return _run(
        request,
        pk,
        "file_form",
        FileForm,
        lambda r, d: services.share_file(slot_request=r, user=request.user, upload=d["file"]),
        files=True,
    )


@login_required
def file_download(request, pk, file_pk):
    slot_request, side = _request_for(request, pk)
    return threads.serve_file(
        request,
        slot_request,
        file_pk,
        may_download=lambda f, user: services.can_download(slot_file=f, user=user),
    )


def report_download(request, pk):
    """A public report is evidence anyone may read; a private one only its two sides (404 for others)."""
    report = get_object_or_404(
        ValidationReport.objects.select_related("slot_request__technology", "slot_request__centre"), pk=pk
    )
    if not services.can_download_report(report=report, user=request.user):
        raise Http404
    return threads.file_response(
        report.file, report.original_name, "application/pdf", public=report.is_public
    )


@login_required
@require_POST
def report_visibility(request, pk):
    report = get_object_or_404(ValidationReport.objects.select_related("slot_request"), pk=pk)
    slot_request, side = _request_for(request, report.slot_request_id)
    if side != "owner":
        raise PermissionDenied
    public = request.POST.get("public") == "1"
    services.set_report_visibility(report=report, user=request.user, public=public)
    messages.success(
        request,
        _("The report is shown on your listing.")
        if public
        else _("The report is no longer shown on your listing."),
    )
    return redirect(slot_request.get_absolute_url() + "#report")
