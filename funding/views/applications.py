"""Applying, the applicant's and the fund's view of an application, and its review actions."""

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
from ..forms import AnswerForm, ApplicationForm, DecisionForm, QuestionForm, ScoreForm
from ..models import Application, Programme, Tranche


@login_required
def application_create(request, slug, ref):
    programme = get_object_or_404(Programme.objects.published().select_related("organisation"), slug=slug)
    technology = get_object_or_404(Technology.objects.select_related("organisation", "track"), ref=ref)
    if technology.organisation_id not in request.user.organisation_ids:
        raise PermissionDenied(_("Only members of the technology's organisation can apply with it."))
    reasons = services.programme_eligibility(programme=programme, technology=technology)
    reports = services.owner_reports(technology).select_related("slot_request__centre")
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        programme=programme,
        reports=reports,
        initial=services.prefill(technology=technology, programme=programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply(
                applicant=request.user,
                programme=programme,
                technology=technology,
                amount_cny=form.cleaned_data["amount_cny"],
                plan=form.cleaned_data["plan"],
                milestones=form.cleaned_data["milestones"],
                team=form.cleaned_data["team"],
                evidence=form.cleaned_data["evidence"],
                documents=form.documents(programme),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Application sent. The fund reviews it in steps; we will tell you at each one.")
            )
            return redirect(application)
    context = {
        "form": form,
        "programme": programme,
        "technology": technology,
        "reasons": reasons,
        "previous": services.previous_funding(technology),
    }
    return render(
        request, "funding/application_form.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def inbox(request):
    involving = Application.objects.involving(request.user).with_related()
    orgs = request.user.organisation_ids
    context = {
        "to_review": involving.filter(programme__organisation_id__in=orgs),
        "sent": involving.filter(applicant_organisation_id__in=orgs).exclude(
            programme__organisation_id__in=orgs
        ),
        "programmes": Programme.objects.managed_by(request.user),
    }
    return render(request, "funding/inbox.html", context)


def _application_for(request, pk):
    """The application if this person's organisation is one of its two sides; everyone else gets 404."""
    return threads.request_for(Application.objects.with_related(), request, pk)


def _detail(request, application, side, status=200, **forms):
    programme = application.programme
    context = {
        "application": application,
        "programme": programme,
        "side": side,
        "steps": [(step, step == application.step) for step in programme.steps],
        "documents": application.documents.all(),
        "evidence": application.evidence.select_related("slot_request__centre"),
        "rounds": application.rounds.select_related("asked_by", "answered_by"),
        "tranches": list(application.tranches.all()),
        "Status": Application.Status,
    }
    if side == "fund":
        conflict = services.conflict_of_interest(application=application, user=request.user)
        criteria = list(programme.criteria.all())
        mine = application.reviews.filter(reviewer=request.user, step=application.step).first()
        initial = {}
        if mine:
            initial = {f"criterion_{k}": v for k, v in mine.scores.items()}
            initial.update(comment=mine.comment, recommendation=mine.recommendation)
        context.update(
            conflict=conflict,
            criteria=criteria,
            totals=[(step, services.running_total(application, step)) for step in programme.steps],
            is_last_step=application.step == programme.steps[-1],
            score_form=forms.get("score_form") or ScoreForm(criteria=criteria, initial=initial),
            question_form=forms.get("question_form") or QuestionForm(),
            decision_form=forms.get("decision_form") or DecisionForm(),
        )
        for tranche in context["tranches"]:
            tranche.verified = "" if tranche.is_released else services.milestone_evidence(tranche=tranche)
    else:
        context.update(
            answer_form=forms.get("answer_form") or AnswerForm(),
            next_programmes=services.next_rung_programmes(application)[:5],
        )
    return render(request, "funding/application_detail.html", context, status=status)


@login_required
def application_detail(request, pk):
    application, side = _application_for(request, pk)
    return _detail(request, application, side)


def _run(request, pk, form_name, make_form, call):
    """Validate the form, run the service; on failure re-render the page with the errors, nothing saved."""
    application, side = _application_for(request, pk)
    form = make_form(application)
    if form.is_valid():
        try:
            call(application, form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(application)
    return _detail(request, application, side, status=400, **{form_name: form})


@login_required
@require_POST
def application_score(request, pk):
    return _run(
        request,
        pk,
        "score_form",
        lambda a: ScoreForm(request.POST, criteria=list(a.programme.criteria.all())),
        lambda a, f: services.score_application(
            application=a,
            reviewer=request.user,
            scores=f.scores(),
            comment=f.cleaned_data["comment"],
            recommendation=f.cleaned_data["recommendation"],
        ),
    )


@login_required
@require_POST
def application_question(request, pk):
    return _run(
        request,
        pk,
        "question_form",
        lambda a: QuestionForm(request.POST),
        lambda a, f: services.ask_for_information(
            application=a, user=request.user, question=f.cleaned_data["question"]
        ),
    )


@login_required
@require_POST
def application_answer(request, pk):
    return _run(
        request,
        pk,
        "answer_form",
        lambda a: AnswerForm(request.POST, request.FILES),
        lambda a, f: services.answer_information(
            application=a, user=request.user, answer=f.cleaned_data["answer"], upload=f.cleaned_data["file"]
        ),
    )


@login_required
@require_POST
def application_decide(request, pk):
    return _run(
        request,
        pk,
        "decision_form",
        lambda a: DecisionForm(request.POST),
        lambda a, f: services.decide_application(
            application=a,
            user=request.user,
            fund=f.cleaned_data["decision"] == "fund",
            note=f.cleaned_data["note"],
            amount_awarded=f.cleaned_data["amount_awarded"],
            tranches=f.tranches(),
        ),
    )


def _act(request, application, call, success):
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(application)


@login_required
@require_POST
def application_advance(request, pk):
    application, _side = _application_for(request, pk)
    return _act(
        request,
        application,
        lambda: services.advance_application(application=application, user=request.user),
        _("Moved to the next review step."),
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    application, _side = _application_for(request, pk)
    return _act(
        request,
        application,
        lambda: services.withdraw_application(application=application, user=request.user),
        _("The application is withdrawn."),
    )


@login_required
@require_POST
def tranche_release(request, pk, tranche_pk):
    application, _side = _application_for(request, pk)
    tranche = get_object_or_404(Tranche, pk=tranche_pk, application=application)
    return _act(
        request,
        application,
        lambda: services.release_tranche(tranche=tranche, user=request.user),
        _("The tranche is released."),
    )


@login_required
def document_download(request, pk, doc_pk):
    application, _side = _application_for(request, pk)
    document = get_object_or_404(application.documents, pk=doc_pk)
    if not services.can_download(document=document, user=request.user):
        raise Http404
    return threads.file_response(document.file, document.original_name, document.content_type)
