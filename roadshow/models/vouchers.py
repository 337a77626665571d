"""Vouchers and invitation codes: free or discounted passes with a limited number of uses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from roadshow.models.sessions import Registration, RoadshowSeries, RoadshowSession


class Voucher(models.Model):
    """A code an organiser gives to invite investors: a percentage or an amount off, or a free pass.

    Limit it to one series or one session, or leave both empty for every paid session. It can be
    used ``max uses`` times (one code per registration) until it expires. 100 % off confirms the
    seat without payment.
    """

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percentage off")
        AMOUNT = "amount", _("Amount off (CNY)")

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Letters, digits and dashes; not case-sensitive.")
    )
    description = models.CharField(_("note for editors"), max_length=200, blank=True)
    kind = models.CharField(_("discount"), max_length=8, choices=Kind.choices, default=Kind.PERCENT)
    value = models.DecimalField(
        _("value"), max_digits=10, decimal_places=2, help_text=_("100 with percentage off is a free pass.")
    )
    max_uses = models.PositiveIntegerField(_("uses allowed"), default=1)
    used_count = models.PositiveIntegerField(_("used"), default=0, editable=False)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    series = models.ForeignKey(
        RoadshowSeries,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="vouchers",
        verbose_name=_("series"),
    )
    session = models.ForeignKey(
        RoadshowSession,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="vouchers",
        verbose_name=_("session"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        constraints = [
            # The database itself refuses a use beyond the limit, whatever the code path.
            models.CheckConstraint(
                condition=models.Q(used_count__lte=models.F("max_uses")), name="roadshow_voucher_within_limit"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="roadshow_voucher_value_positive"),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        self.code = (self.code or "").strip().upper()
        if self.kind == self.Kind.PERCENT and self.value > 100:
            raise ValidationError({"value": _("A percentage is at most 100.")})
        if self.series_id and self.session_id:
            raise ValidationError(_("Choose a series or a session, not both."))


class VoucherRedemption(models.Model):
    """A voucher used on a registration (one per registration).

    When the registration expires unpaid, is cancelled or refunded, the use is given back to the
    voucher and the redemption keeps the time it was released.
    """

    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("voucher")
    )
    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="voucher_redemption",
        verbose_name=_("registration"),
    )
    discount_cny = models.DecimalField(_("discount (CNY)"), max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(
        _("use given back"),
        null=True,
        blank=True,
        help_text=_("When the registration ended and the use went back to the voucher."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("voucher use")
        verbose_name_plural = _("voucher uses")

    def __str__(self):
        return f"{self.voucher.code} → {self.registration_id}"
