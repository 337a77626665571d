"""Saved searches and the record of each daily digest sent.

The tables keep their first names (they were born in ``notifications``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    """A search someone keeps: the query and filters, with new results in their daily digest."""

    class Kind(models.TextChoices):
        TECHNOLOGY = "technology", _("Technologies")
        DEMAND = "demand", _("Demands")
        PROGRAMME = "programme", _("Funding programmes")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("search in"), max_length=20, choices=Kind.choices)
    query = models.CharField(_("words"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    alerts_enabled = models.BooleanField(_("alert me about new results"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "notifications_savedsearch"
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name


class DigestDelivery(models.Model):
    """The record that one person's digest for one day went out: written in the same
    transaction as the send, so a retried or redelivered run skips people already served."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "notifications_digestdelivery"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day")]
        ordering = ["-day"]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")

    def __str__(self):
        return f"{self.user} {self.day}"
