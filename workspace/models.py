from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkspaceVisit(models.Model):
    """When a person last opened their workspace, so it can mark what is new since then."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspace_visit"
    )
    last_seen_at = models.DateTimeField(_("last seen"))
    previous_visit_at = models.DateTimeField(_("previous visit"), null=True, blank=True)

    class Meta:
        verbose_name = _("workspace visit")
        verbose_name_plural = _("workspace visits")

    def __str__(self):
        return f"{self.user} · {self.last_seen_at:%Y-%m-%d %H:%M}"
