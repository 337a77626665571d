"""Pages for requests, threads, challenges and organisation figures. Thin: forms in, services do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from accounts.queries import accepted_organisation_ids, admin_organisation_ids, is_member, members_of
from core.threads import views as threads
from listings.kinds import MODELS
from listings.models import Demand, Technology

from . import queries, services
from .forms import (
    ChallengeForm,
    CommentForm,
    DecisionForm,
    DeclineForm,
    EvaluationForm,
    FileForm,
    IntroductionRequestForm,
    MessageForm,
    NdaForm,
    OutcomeForm,
    ProposalForm,
    RegistrationForm,
    ReviewerForm,
    ScoreForm,
    StageForm,
    apply_errors,
)
from .models import Challenge, ChallengeReviewer, Evaluation, MatchRequest, Proposal, ProposalScore


@login_required
def inbox(request):
    user = request.user
    involving = MatchRequest.objects.involving(user).with_related()
    context = {
        "received": involving.filter(owner_organisation_id__in=user.organisation_ids),
        "sent": involving.filter(
            Q(requester=user) | Q(requester_organisation_id__in=user.organisation_ids)
        ).exclude(owner_organisation_id__in=user.organisation_ids),
        "brokered": MatchRequest.objects.brokered_by(user).with_related(),
        "proposals": Proposal.objects.filter(proposer=user).select_related("challenge__demand"),
        "reviewing": Challenge.objects.filter(
            # Only where the person can open the review board: on the team, or an admin of the owner.
            Q(reviewers__user=user, demand__organisation_id__in=accepted_organisation_ids(user))
            | Q(demand__organisation_id__in=admin_organisation_ids(user))
        )
        .distinct()
        .select_related("demand"),
    }
    return render(request, "dealflow/inbox.html", context)


def _published_listing(kind, ref):
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.published().select_related("organisation"), ref=ref)


@login_required
def request_create(request, kind, ref):
    listing = _published_listing(kind, ref)
    technologies = (
        Technology.objects.published().filter(organisation_id__in=request.user.organisation_ids)
        if kind == "demand"
        else None
    )
    form = IntroductionRequestForm(
        request.POST or None, request.FILES or None, user=request.user, technologies=technologies
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            match_request = services.request_introduction(
                requester=request.user,
                technology=data.get("technology") if kind == "demand" else listing,
                demand=listing if kind == "demand" else None,
                organisation=data.get("organisation"),
                message=data["message"],
                cooperation_mode=data["cooperation_mode"],
                non_confidential_accepted=data["non_confidential"],
                attachments=[data["attachment"]] if data.get("attachment") else [],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Request sent. The owner answers by %(deadline)s; we will tell you.")
                % {"deadline": services._when(match_request.response_deadline)},
            )
            return redirect(match_request)
    status = 400 if request.method == "POST" else 200
    return render(request, "dealflow/request_form.html", {"form": form, "listing": listing}, status=status)


def _request_for(request, pk):
    """The request if this person takes part in it; outsiders (editors included) get 404."""
    return threads.request_for(MatchRequest.objects.with_related(), request, pk)


def _detail(request, match_request, side, status=200, **forms):
    files = list(match_request.files.select_related("uploaded_by"))
    context = {
        "match_request": match_request,
        "side": side,
        "thread": match_request.messages.select_related("author"),
        "files": [(f, services.can_download(thread_file=f, user=request.user)) for f in files],
        "evaluations": match_request.evaluations.select_related("author"),
        "own_evaluation": match_request.evaluations.filter(side=side).first(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "file_form": forms.get("file_form") or FileForm(),
        "nda_form": forms.get("nda_form") or NdaForm(),
        "registration_form": forms.get("registration_form")
        or RegistrationForm(
            initial={
                "contract_type": match_request.contract_type,
                "amount_cny": match_request.contract_amount_cny,
                "signed_on": match_request.contract_signed_on,
                "registration_number": match_request.registration_number,
            }
            if match_request.registration_number
            else None
        ),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "evaluation_form": forms.get("evaluation_form") or EvaluationForm(),
        "next_stages": services.STAGE_FLOW.get(match_request.stage, ()),
        "steps": queries.deal_steps(match_request, side=side),
        "own_outcome": getattr(match_request, f"{side}_outcome", ""),
        "editing_registration": request.GET.get("edit") == "registration" or "registration_form" in forms,
        "Stage": MatchRequest.Stage,
    }
    return render(request, "dealflow/request_detail.html", context, status=status)


@login_required
def request_detail(request, pk):
    match_request, side = _request_for(request, pk)
    return _detail(request, match_request, side)


def _run(request, match_request, side, form_name, form, call):
    """Validate `form`, run the service; on failure re-render the page with the errors and nothing saved.

    The refusal is also said at the top of the page: a form posted at a stage where the page no longer
    shows it (another tab, the back button) would otherwise fail without a visible word.
    """
    return threads.run_form(
        request,
        match_request,
        form,
        call,
        page=lambda status: _detail(request, match_request, side, status=status, **{form_name: form}),
        say_refusal=True,
    )


def _act(request, pk, service, success_message=None):
    """A one-button action on a request: run the service, say what went wrong or right, go back."""
    match_request, side = _request_for(request, pk)
    return threads.act(
        request,
        match_request,
        lambda: service(match_request=match_request, user=request.user),
        success_message,
    )


@login_required
@require_POST
def request_accept(request, pk):
    return _act(request, pk, services.accept_match_request, _("Accepted. The private thread is open."))


@login_required
@require_POST
def request_decline(request, pk):
    match_request, side = _request_for(request, pk)
    if side != "owner":
        raise PermissionDenied
    return _run(
        request,
        match_request,
        side,
        "decline_form",
        DeclineForm(request.POST),
        lambda d: services.decline_match_request(
            match_request=match_request, user=request.user, reason=d["reason"], detail=d["detail"]
        ),
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    return _act(request, pk, services.withdraw_match_request)


@login_required
@require_POST
def message_post(request, pk):
    match_request, side = _request_for(request, pk)
    return _run(
        request,
        match_request,
        side,
        "message_form",
        MessageForm(request.POST),
        lambda d: services.post_message(match_request=match_request, author=request.user, body=d["body"]),
    )


@login_required
@require_POST
def file_upload(request, pk):
    match_request, side = _request_for(request, pk)
    return _run(
        request,
        match_request,
        side,
        "file_form",
        FileForm(request.POST, request.FILES),
        lambda d: services.share_file(
            match_request=match_request, user=request.user, upload=d["file"], confidential=d["confidential"]
        ),
    )


@login_required
def file_download(request, pk, file_pk):
    match_request, side = _request_for(request, pk)
    return threads.serve_file(
        request,
        match_request,
        file_pk,
        may_download=lambda f, user: services.can_download(thread_file=f, user=user),
    )


@login_required
@require_POST
def nda_upload(request, pk):
    match_request, side = _request_for(request, pk)
    return _run(
        request,
        match_request,
        side,
        "nda_form",
        NdaForm(request.POST, request.FILES),
        lambda d: services.attach_nda(match_request=match_request, user=request.user, upload=d["file"]),
    )


@login_required
def nda_download(request, pk):
    match_request, side = _request_for(request, pk)
    if not match_request.nda_document:
        raise Http404
    return threads.file_response(match_request.nda_document, f"NDA-{match_request.pk}.pdf", "application/pdf")


@login_required
@require_POST
def nda_acknowledge(request, pk):
    return _act(request, pk, services.acknowledge_nda)


@login_required
@require_POST
def stage_move(request, pk):
    match_request, side = _request_for(request, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.move_stage(
                match_request=match_request, user=request.user, stage=form.cleaned_data["stage"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, _("Choose a stage."))
    return redirect(match_request)


@login_required
@require_POST
def registration(request, pk):
    match_request, side = _request_for(request, pk)
    return _run(
        request,
        match_request,
        side,
        "registration_form",
        RegistrationForm(request.POST),
        lambda d: services.record_registration(
            match_request=match_request,
            user=request.user,
            contract_type=d["contract_type"],
            amount_cny=d["amount_cny"],
            signed_on=d["signed_on"],
            registration_number=d["registration_number"],
        ),
    )


@login_required
@require_POST
def outcome(request, pk):
    match_request, side = _request_for(request, pk)
    return _run(
        request,
        match_request,
        side,
        "outcome_form",
        OutcomeForm(request.POST),
        lambda d: services.confirm_outcome(
            match_request=match_request, user=request.user, outcome=d["outcome"]
        ),
    )


@login_required
@require_POST
def evaluate(request, pk):
    match_request, side = _request_for(request, pk)
    return _run(
        request,
        match_request,
        side,
        "evaluation_form",
        EvaluationForm(request.POST),
        lambda d: services.evaluate(match_request=match_request, user=request.user, **d),
    )


# --- Challenges -------------------------------------------------------------------------------


def challenge_list(request):
    return render(request, "dealflow/challenge_list.html", {"challenges": queries.open_challenges()})


def challenge_detail(request, pk):
    challenge = get_object_or_404(Challenge.objects.select_related("demand__organisation"), pk=pk)
    if not services.can_see_challenge(challenge, request.user):
        raise Http404
    own = (
        Proposal.objects.filter(challenge=challenge, proposer=request.user).first()
        if request.user.is_authenticated
        else None
    )
    context = {
        "challenge": challenge,
        "own_proposal": own,
        "role": services.review_role(challenge, request.user),
        "proposal_count": challenge.proposals.count(),
    }
    return render(request, "dealflow/challenge_detail.html", context)


@login_required
def challenge_open(request, ref):
    demand = get_object_or_404(Demand.objects.select_related("organisation"), ref=ref)
    if demand.organisation_id not in request.user.organisation_ids:
        raise PermissionDenied
    form = ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.open_challenge(demand=demand, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The challenge is open for proposals."))
            return redirect(challenge)
    status = 400 if request.method == "POST" else 200
    return render(request, "dealflow/challenge_form.html", {"form": form, "demand": demand}, status=status)


@login_required
def proposal_create(request, pk):
    challenge = get_object_or_404(Challenge.objects.select_related("demand"), pk=pk)
    if request.method == "GET" and not services.can_see_challenge(challenge, request.user):
        raise Http404
    technologies = Technology.objects.published().filter(organisation_id__in=request.user.organisation_ids)
    form = ProposalForm(request.POST or None, user=request.user, technologies=technologies)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.submit_proposal(
                challenge=challenge, proposer=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Proposal submitted. You will hear the outcome with a reason."))
            return redirect(proposal)
    elif request.method == "GET" and (
        challenge.status != Challenge.Status.OPEN
        or challenge.demand.organisation_id in request.user.organisation_ids
    ):
        messages.error(request, _("This challenge does not take proposals from you."))
        return redirect(challenge)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "dealflow/proposal_form.html", {"form": form, "challenge": challenge}, status=status
    )


def _team_challenge(request, pk):
    challenge = get_object_or_404(Challenge.objects.select_related("demand__organisation"), pk=pk)
    role = services.review_role(challenge, request.user)
    if role is None:
        raise Http404
    return challenge, role


@login_required
def challenge_review(request, pk, reviewer_form=None, close_form=None, status=200):
    challenge, role = _team_challenge(request, pk)
    proposals = challenge.proposals.select_related("proposer", "organisation").annotate(
        average=Avg("scores__score"), score_count=Count("scores")
    )
    members = members_of(challenge.demand.organisation)
    context = {
        "challenge": challenge,
        "role": role,
        "proposals": proposals,
        "reviewers": challenge.reviewers.select_related("user"),
        "reviewer_form": reviewer_form or ReviewerForm(members=members),
        "close_form": close_form or DecisionForm(),
    }
    return render(request, "dealflow/challenge_review.html", context, status=status)


@login_required
@require_POST
def reviewer_add(request, pk):
    challenge, role = _team_challenge(request, pk)
    form = ReviewerForm(request.POST, members=members_of(challenge.demand.organisation))
    if form.is_valid():
        try:
            services.add_reviewer(challenge=challenge, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("dealflow:challenge_review", pk=pk)
    return challenge_review(request, pk, reviewer_form=form, status=400)


@login_required
@require_POST
def challenge_close(request, pk):
    challenge, role = _team_challenge(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.close_challenge(
                challenge=challenge, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Challenge closed; every remaining proposer has been told why."))
            return redirect("dealflow:challenge_review", pk=pk)
    return challenge_review(request, pk, close_form=form, status=400)


def _proposal_for(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("challenge__demand__organisation", "proposer"), pk=pk
    )
    role = services.review_role(proposal.challenge, request.user)
    if role is None and proposal.proposer_id != request.user.pk:
        raise Http404
    return proposal, role


@login_required
def proposal_detail(request, pk, status=200, **forms):
    proposal, role = _proposal_for(request, pk)
    context = {"proposal": proposal, "role": role}
    if role is not None:
        context.update(
            scores=proposal.scores.select_related("reviewer"),
            comments=proposal.comments.select_related("author"),
            own_score=ProposalScore.objects.filter(
                proposal=proposal, reviewer=request.user, stage=proposal.stage
            ).first(),
            score_form=forms.get("score_form") or ScoreForm(),
            comment_form=forms.get("comment_form") or CommentForm(),
            decision_form=forms.get("decision_form") or DecisionForm(),
            is_lead=role == ChallengeReviewer.Role.LEAD,
            decided=proposal.stage in (Proposal.Stage.SELECTED, Proposal.Stage.REJECTED),
        )
    return render(request, "dealflow/proposal_detail.html", context, status=status)


def _proposal_action(request, pk, form_name, form, call):
    proposal, role = _proposal_for(request, pk)
    if role is None:
        raise PermissionDenied
    if form.is_valid():
        try:
            call(proposal, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(proposal)
    return proposal_detail(request, pk, status=400, **{form_name: form})


@login_required
@require_POST
def proposal_score(request, pk):
    return _proposal_action(
        request,
        pk,
        "score_form",
        ScoreForm(request.POST),
        lambda p, d: services.score_proposal(proposal=p, user=request.user, score=d["score"]),
    )


@login_required
@require_POST
def proposal_comment(request, pk):
    return _proposal_action(
        request,
        pk,
        "comment_form",
        CommentForm(request.POST),
        lambda p, d: services.comment_on_proposal(proposal=p, user=request.user, body=d["body"]),
    )


@login_required
@require_POST
def proposal_decide(request, pk):
    action = request.POST.get("action")
    services_by_action = {
        "advance": lambda p, d: services.advance_proposal(proposal=p, user=request.user),
        "reject": lambda p, d: services.reject_proposal(proposal=p, user=request.user, reason=d["reason"]),
        "select": lambda p, d: services.select_proposal(proposal=p, user=request.user, reason=d["reason"]),
    }
    if action not in services_by_action:
        raise Http404
    data = request.POST.copy()
    if action == "advance":
        data.setdefault("reason", "-")
    return _proposal_action(request, pk, "decision_form", DecisionForm(data), services_by_action[action])


# --- Organisations ----------------------------------------------------------------------------


def organisation_figures(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    context = {
        "organisation": organisation,
        "responsiveness": queries.responsiveness(organisation),
        "evaluations": queries.evaluation_figures(organisation),
        "recent_comments": Evaluation.objects.filter(evaluated_organisation=organisation)
        .exclude(comment="")
        .order_by("-created_at")[:5],
    }
    return render(request, "dealflow/organisation_figures.html", context)


@login_required
def organisation_dashboard(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not (is_member(request.user, organisation) or request.user.is_editor):
        raise PermissionDenied
    context = {"organisation": organisation, **queries.dashboard(organisation)}
    return render(request, "dealflow/organisation_dashboard.html", context)
