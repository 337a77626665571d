"""The workspace page: the person's listings, requests, events and organisations in one place."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .queries import workspace_for


@login_required
def workspace(request):
    return render(request, "workspace/workspace.html", workspace_for(request.user))
