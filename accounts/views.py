from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import AddMemberForm, OrganisationForm, ProfileForm
from .models import Organisation


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
    memberships = request.user.memberships.select_related("organisation").order_by("organisation__name")
    return render(request, "accounts/my_organisations.html", {"memberships": memberships})


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(creator=request.user, **form.cleaned_data)
        messages.success(request, _("Organisation registered. An editor will verify it."))
        return redirect(organisation.get_absolute_url())
    return render(request, "accounts/organisation_form.html", {"form": form})


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    is_admin = organisation.is_admin(request.user)
    context = {
        "organisation": organisation,
        "is_admin": is_admin,
        "organisation_member": organisation.has_member(request.user),
        "member_form": AddMemberForm() if is_admin else None,
        "memberships": organisation.memberships.select_related("user") if is_admin else None,
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
@require_POST
def organisation_add_member(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    form = AddMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return redirect(organisation.get_absolute_url())
    try:
        services.add_member(organisation=organisation, added_by=request.user, **form.cleaned_data)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Member added."))
    return redirect(organisation.get_absolute_url())
