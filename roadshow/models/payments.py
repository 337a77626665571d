"""Paying for a roadshow pass other than by card: bank transfers (对公转账), statements, invoices.

A bank transfer holds the seat for the days set in the site settings and carries a short reference
the payer writes in the transfer's purpose line; editors mark it paid by hand, in bulk, or by
importing the bank's CSV statement (read with a column mapping saved per bank). Invoice requests
(发票) are collected on paid registrations for finance.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import register_setting

from roadshow.models.sessions import Registration


class PaymentMethod(models.TextChoices):
    STRIPE = "stripe", _("Online payment (card, Alipay, WeChat Pay)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer (对公转账)")


@register_setting(icon="doc-full")
class RoadshowPaymentSettings(BaseSiteSetting):
    """Where bank transfers for roadshow passes go, and how long a seat waits for the money.

    The payee account is shown to everyone who chooses bank transfer and in their e-mail; bank
    transfer is offered only once the account number is filled in.
    """

    payee_name = models.CharField(_("payee account name"), max_length=200, blank=True)
    payee_bank = models.CharField(_("payee bank and branch"), max_length=200, blank=True)
    payee_account = models.CharField(_("payee account number"), max_length=64, blank=True)
    hold_days = models.PositiveSmallIntegerField(
        _("days a seat is held for a bank transfer"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Unpaid transfers expire after this and the seat goes to the waiting list."),
    )

    class Meta:
        verbose_name = _("roadshow payments")

    @property
    def bank_transfer_ready(self):
        return bool(self.payee_name.strip() and self.payee_account.strip())


class BankTransfer(models.Model):
    """A registration paid by bank transfer: the reference to quote, the amount, and what became of it."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting the transfer")
        PAID = "paid", _("Paid")
        EXPIRED = "expired", _("Expired unpaid")
        CANCELLED = "cancelled", _("Cancelled")
        REFUND_DUE = "refund_due", _("Refund due")
        REFUNDED = "refunded", _("Refunded")

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="bank_transfer", verbose_name=_("registration")
    )
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=10, decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.AWAITING)
    due_at = models.DateTimeField(_("pay by"))
    created_at = models.DateTimeField(_("chosen at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    statement = models.ForeignKey(
        "roadshow.BankStatementImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
        verbose_name=_("statement"),
    )
    statement_line = models.PositiveIntegerField(_("statement line"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    refund_reference = models.CharField(_("refund transfer reference"), max_length=100, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bank transfer")
        verbose_name_plural = _("bank transfers")

    def __str__(self):
        return f"{self.reference} · {self.get_status_display()}"


class BankColumnMapping(models.Model):
    """Which columns of a bank's CSV statement hold the date, amount, payer and reference.

    Saved per bank the first time a statement is imported, and offered again next time.
    """

    bank_name = models.CharField(_("bank"), max_length=100, unique=True)
    date_column = models.CharField(_("date column"), max_length=100)
    amount_column = models.CharField(_("amount column"), max_length=100)
    payer_column = models.CharField(_("payer column"), max_length=100)
    reference_column = models.CharField(_("reference column"), max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bank_name"]
        verbose_name = _("bank statement columns")
        verbose_name_plural = _("bank statement columns")

    def __str__(self):
        return self.bank_name


class BankStatementImport(models.Model):
    """One imported bank statement and the report of what each line did."""

    bank = models.ForeignKey(
        BankColumnMapping, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("bank")
    )
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    report = models.JSONField(default=list)
    matched = models.PositiveIntegerField(_("marked paid"), default=0)
    problems = models.PositiveIntegerField(_("lines reported"), default=0)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("bank statement import")
        verbose_name_plural = _("bank statement imports")

    def __str__(self):
        return f"{self.filename} · {self.imported_at:%Y-%m-%d %H:%M}"


class InvoiceRequest(models.Model):
    """A request for a fapiao (发票) on a paid registration, for finance to issue."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ISSUED = "issued", _("Issued")

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="invoice_request", verbose_name=_("registration")
    )
    title = models.CharField(_("invoice title (company name)"), max_length=200)
    tax_number = models.CharField(_("taxpayer number"), max_length=20)
    email = models.EmailField(_("e-mail for the invoice"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    invoice_number = models.CharField(_("invoice number"), max_length=40, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("invoice request")
        verbose_name_plural = _("invoice requests")

    def __str__(self):
        return f"{self.title} · {self.get_status_display()}"
