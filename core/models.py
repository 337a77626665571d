from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One line of the audit trail: who did what to which object, from which state to which.

    Every part writes here through ``core.services.audit`` (requests, challenges, memberships, payments),
    so editors read one log. The table keeps its first name: it was born in deal flow.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=50, blank=True)
    to_state = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "dealflow_auditentry"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="dealflow_au_content_81bbec_idx")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.action} {self.from_state}→{self.to_state}"


class OutboxMessage(models.Model):
    """One piece of background work (an e-mail, an index update, a reminder) waiting to be done.

    Written in the same database transaction as the change that asks for it, so the work is never
    lost when the broker is down and never sent for a change that was rolled back. A beat task (and
    the request itself, right after commit) relays it to Celery; the worker marks it done, and a
    message delivered twice runs once. Failed rows are shown to editors in the admin.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    relayed_at = models.DateTimeField(_("sent to the queue at"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
                name="core_outbox_pending_idx",
            )
        ]
        verbose_name = _("background delivery")
        verbose_name_plural = _("background deliveries")

    def __str__(self):
        return f"{self.task} #{self.pk}"

    @property
    def status(self):
        if self.done_at:
            return _("done")
        if self.failed_at:
            return _("failed")
        if self.relayed_at:
            return _("queued")
        return _("waiting for the queue")


class PageCacheGeneration(models.Model):
    """The generation of one family of cached pages (``core.pagecache``): raised in the same
    transaction as a change, so the next request reads the new pages and no old copy is served."""

    family = models.CharField(max_length=50, unique=True)
    value = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("page cache generation")

    def __str__(self):
        return f"{self.family}={self.value}"


class Tally(models.Model):
    """A maintained aggregate (``core.tallies``): one series' total per scope and day.

    Scope 0 is the whole marketplace, any other scope a track's id. Kept in step with the data in
    the same transaction as each change, so a page reads a handful of rows however much data exists.
    """

    series = models.CharField(max_length=60)
    scope = models.PositiveBigIntegerField(default=0)
    day = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("tally")
        constraints = [models.UniqueConstraint(fields=["series", "scope", "day"], name="core_tally_unique")]

    def __str__(self):
        return f"{self.series}[{self.scope}] {self.day}: {self.value}"


class TallyEntry(models.Model):
    """What one source object adds to a series (by scope and day), so a change can take back its share."""

    series = models.CharField(max_length=60)
    key = models.CharField(max_length=60)
    scope = models.PositiveBigIntegerField(default=0)
    day = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("tally entry")
        indexes = [models.Index(fields=["series", "key"], name="core_tallyentry_key")]

    def __str__(self):
        return f"{self.series}:{self.key}"
