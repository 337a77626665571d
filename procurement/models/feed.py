"""Recommendation batches sent to the finance bureau, and the systems that read them through the feed."""

import hashlib
import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.bilingual import localized


class RecommendationBatch(models.Model):
    """A dated batch of products recommended to the finance bureau (推荐批次), e.g. "2026年第1批"."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("e.g. 2026-1"))
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    recommended_on = models.DateField(_("recommended on"))
    note = models.TextField(_("note"), blank=True)
    note_en = models.TextField(_("English note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("recommended_on"),
        FieldPanel("note"),
        FieldPanel("note_en"),
    ]

    class Meta:
        ordering = ["-recommended_on", "-id"]
        verbose_name = _("recommendation batch")
        verbose_name_plural = _("recommendation batches")

    def __str__(self):
        return str(self.display_title)

    def get_absolute_url(self):
        return reverse("procurement:batch_detail", kwargs={"code": self.code})

    @property
    def display_title(self):
        return localized(self, "title")


class FeedConsumer(models.Model):
    """A system that reads the recommendation feed (e.g. the finance bureau's catalogue system).

    Each consumer has its own API key, shown once when the consumer is created; switch it off to
    revoke access. The key is stored only as a hash.
    """

    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    key_prefix = models.CharField(_("key prefix"), max_length=8, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, editable=False, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("contact"), FieldPanel("is_active")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed consumer")
        verbose_name_plural = _("feed consumers")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.key_hash:
            # Kept on the instance for the admin to show once; never stored in clear.
            self.new_key = self.set_new_key()
        super().save(*args, **kwargs)

    # The consumer needs no user account, so DRF's user-bound Token does not fit.
    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    def set_new_key(self):
        """Give the consumer a fresh key and return it; only its hash is kept."""
        key = secrets.token_urlsafe(32)
        self.key_prefix = key[:8]
        self.key_hash = self.hash_key(key)
        return key
