"""The editors' moderation workflow for listings, set up idempotently after every migrate.

One Wagtail workflow, "Listing moderation", with one group-approval task for the Editors and
Moderators groups, assigned to both listing models. Those groups also get the snippet
permissions they need to review listings in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask
from wagtail.snippets.models import create_extra_permissions

WORKFLOW_NAME = "Listing moderation"
TASK_NAME = "Editors review listings"
REVIEWER_GROUPS = ("Editors", "Moderators")
PERMISSIONS = ("add", "change", "delete", "publish", "lock", "unlock", "view")
LISTING_MODELS = ("technology", "demand")


def ensure_listing_workflow():
    """Create or repair the workflow, its task, its assignment and the reviewers' permissions."""

    groups = [Group.objects.get_or_create(name=name)[0] for name in REVIEWER_GROUPS]
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.add(*groups)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in LISTING_MODELS:
        content_type, _created = ContentType.objects.get_or_create(app_label="listings", model=model)
        if not WorkflowContentType.objects.filter(content_type=content_type).exists():
            WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
        codenames = [f"{action}_{model}" for action in PERMISSIONS]
        permissions = Permission.objects.filter(content_type=content_type, codename__in=codenames)
        for group in groups:
            group.permissions.add(*permissions)
    return workflow


def on_post_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    # This app's post_migrate runs before django.contrib.auth's (INSTALLED_APPS order), so the
    # content types and permissions are made here first; both helpers are idempotent.

    create_contenttypes(sender, verbosity=0, using=using)
    create_permissions(sender, verbosity=0, using=using)
    create_extra_permissions(sender, using=using)  # Wagtail's publish/lock/unlock for snippets
    ensure_listing_workflow()
