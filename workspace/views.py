"""The workspace page: the person's listings, requests, events and organisations in one place."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .queries import workspace_for
from .services import record_visit


@login_required
def workspace(request):
    since = record_visit(user=request.user)
    return render(request, "workspace/workspace.html", workspace_for(request.user, since=since))
