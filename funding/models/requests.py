"""A technology's owner asks a bank or insurer for a financial product from the listing; the two
sides talk in a private thread and share files.

The thread's messages and files build on core.threads' abstract models, as every part's do; the
tables stay funding's own."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.threads.models import Side, ThreadFileBase, ThreadMessageBase, ThreadSidesMixin
from core.uploads import RandomName, private_storage

from .programmes import FinancialProduct


class ProductRequestQuerySet(models.QuerySet):
    def involving(self, user):
        if not (user and user.is_authenticated):
            return self.none()
        orgs = list(user.organisation_ids)
        return self.filter(Q(owner_organisation_id__in=orgs) | Q(product__organisation_id__in=orgs))

    def with_related(self):
        return self.select_related(
            "product", "product__organisation", "technology", "requester", "owner_organisation"
        )


class ProductRequest(ThreadSidesMixin, models.Model):
    """A request for a loan, guarantee or insurance carrying the listing (TRL and IP status)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        OFFERED = "offered", _("Offer made")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    product = models.ForeignKey(FinancialProduct, on_delete=models.PROTECT, related_name="requests")
    technology = models.ForeignKey(
        "listings.Technology", on_delete=models.PROTECT, related_name="financial_product_requests"
    )
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    purpose = models.TextField(_("purpose"), max_length=4000)
    trl_at_request = models.PositiveSmallIntegerField(_("TRL when asked"))
    ip_status_at_request = models.CharField(_("IP status when asked"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProductRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("financial product request")
        verbose_name_plural = _("financial product requests")

    def __str__(self):
        return f"#{self.pk} {self.technology.title} → {self.product}"

    def get_absolute_url(self):
        return reverse("funding:product_request_detail", kwargs={"pk": self.pk})

    def thread_sides(self):
        """'owner', 'provider' (the bank or insurer)."""
        yield Side("owner", organisation=self.owner_organisation_id)
        yield Side("provider", organisation=self.product.organisation_id)


class ProductMessage(ThreadMessageBase):
    """A message in a product request's private thread."""

    request_field = "request"
    request = models.ForeignKey(ProductRequest, on_delete=models.CASCADE, related_name="messages")

    class Meta(ThreadMessageBase.Meta):
        verbose_name = _("product request message")
        verbose_name_plural = _("product request messages")

    def __str__(self):
        return self.body[:40]


class ProductFile(ThreadFileBase):
    """A file shared in a product request's thread; served only to the two sides."""

    request_field = "request"
    download_url_name = "funding:product_file_download"
    request = models.ForeignKey(ProductRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=RandomName("funding/files"))

    class Meta(ThreadFileBase.Meta):
        verbose_name = _("product request file")
        verbose_name_plural = _("product request files")
