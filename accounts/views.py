from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import queries, services
from .forms import InviteMemberForm, OrganisationForm, ProfileForm
from .models import Invitation, Membership, Organisation


@login_required
def profile(request):
    """Each person edits only their own profile: the form is always bound to request.user."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def my_organisations(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    invitations = [
        (invitation, services.invitation_path(invitation))
        for invitation in services.pending_invitations_for(request.user)
    ]
    return render(
        request,
        "accounts/my_organisations.html",
        {"memberships": memberships, "invitations": invitations},
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(creator=request.user, **form.cleaned_data)
        messages.success(request, _("Organisation registered. An editor will verify it."))
        return redirect(organisation.get_absolute_url())
    return render(request, "accounts/organisation_form.html", {"form": form})


def organisation_detail(request, slug, member_form=None, status=None):
    organisation = get_object_or_404(Organisation, slug=slug)
    is_admin = queries.is_admin(request.user, organisation)
    context = {
        "organisation": organisation,
        "is_admin": is_admin,
        "organisation_member": queries.is_member(request.user, organisation),
    }
    if is_admin:
        context.update(
            member_form=member_form or InviteMemberForm(),
            memberships=queries.memberships_of(organisation),
            invitations=organisation.invitations.filter(state=Invitation.State.PENDING).select_related(
                "invited_by"
            ),
        )
    status = status or (400 if member_form else 200)
    return render(request, "accounts/organisation_detail.html", context, status=status)


@login_required
@require_POST
def organisation_invite(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    form = InviteMemberForm(request.POST)
    if not queries.is_admin(request.user, organisation) and not request.user.is_editor:
        raise PermissionDenied
    if not form.is_valid():
        return organisation_detail(request, slug, member_form=form)
    try:
        services.invite_member(organisation=organisation, invited_by=request.user, **form.cleaned_data)
    except services.RateLimited as error:
        messages.error(request, str(error))
        return organisation_detail(request, slug, member_form=form, status=429)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Invitation sent to %(email)s. It stays valid for %(days)s days.")
            % {"email": form.cleaned_data["email"], "days": services.invitation_days()},
        )
    return redirect(organisation.get_absolute_url())


@login_required
@require_POST
def invitation_cancel(request, slug, pk):
    organisation = get_object_or_404(Organisation, slug=slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        services.cancel_invitation(invitation=invitation, cancelled_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect(organisation.get_absolute_url())


@login_required
@require_POST
def member_change(request, slug, user_id):
    """An admin makes a member an admin, takes that back, or removes the member."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not queries.is_admin(request.user, organisation) and not request.user.is_editor:
        raise PermissionDenied
    membership = get_object_or_404(Membership, organisation=organisation, user_id=user_id)
    action = request.POST.get("action")
    try:
        if action == "remove":
            services.remove_member(organisation=organisation, member=membership.user, removed_by=request.user)
            messages.success(request, _("Member removed."))
        elif action in ("make_admin", "make_member"):
            services.set_member_admin(
                organisation=organisation,
                member=membership.user,
                is_admin=action == "make_admin",
                changed_by=request.user,
            )
            messages.success(request, _("Role changed."))
        else:
            return HttpResponseBadRequest(_("Choose what to change."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(organisation.get_absolute_url())


@login_required
@require_POST
def organisation_leave(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        services.leave_organisation(organisation=organisation, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(organisation.get_absolute_url())
    messages.success(request, _("You have left %(organisation)s.") % {"organisation": organisation})
    return redirect("accounts:my_organisations")


@login_required
def invitation(request, token):
    """The signed link from the e-mail or notice: shows the invitation and takes the answer."""
    try:
        invitation = services.read_invitation(token=token, user=request.user)
    except ValidationError as error:
        return render(request, "accounts/invitation.html", {"problem": error.messages[0]}, status=400)
    except PermissionDenied as error:
        return render(request, "accounts/invitation.html", {"problem": str(error)}, status=403)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("accept", "decline"):
            return HttpResponseBadRequest(_("Choose accept or decline."))
        try:
            if decision == "accept":
                services.accept_invitation(token=token, user=request.user)
            else:
                services.decline_invitation(token=token, user=request.user)
        except ValidationError as error:  # answered meanwhile, in another tab
            return render(request, "accounts/invitation.html", {"problem": error.messages[0]}, status=400)
        organisation = invitation.organisation
        if decision == "accept":
            messages.success(
                request, _("You are now a member of %(organisation)s.") % {"organisation": organisation}
            )
            return redirect(organisation.get_absolute_url())
        messages.success(request, _("Invitation declined."))
        return redirect("accounts:my_organisations")
    return render(request, "accounts/invitation.html", {"invitation": invitation})
