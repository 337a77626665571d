"""The transfer network (技术转移网络): technology-transfer agencies, their brokers, the requests
enterprises send them to broker a demand, and disputes about the deals behind their figures.

Agencies' public figures are never stored: network.figures computes them from deal flow. What is
stored is which agency each brokered introduction counts for (BrokerAttribution), fixed when the
broker is assigned: an agency keeps what its brokers brokered while they were its members.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from core.threads.models import Side, ThreadMessageBase, ThreadSidesMixin

from .queries import AgencyQuerySet, BrokerageRequestQuerySet, BrokerProfileQuerySet


def _english():
    return (get_language() or "").startswith("en")


class ServiceKind(models.TextChoices):
    """What an agency does for its clients (技术转移服务)."""

    EVALUATION = "evaluation", _("Technology evaluation")
    IP = "ip", _("IP strategy and licensing")
    MATCHMAKING = "matchmaking", _("Matchmaking and introductions")
    NEGOTIATION = "negotiation", _("Contract negotiation")
    REGISTRATION = "registration", _("Technology-contract registration")
    FINANCING = "financing", _("Financing and funding applications")
    VALIDATION = "validation", _("Pilot and validation arrangements")
    INCUBATION = "incubation", _("Incubation and company formation")


class FeeModel(models.TextChoices):
    SUCCESS = "success", _("Success fee (share of the contract)")
    FIXED = "fixed", _("Fixed fee per service")
    RETAINER = "retainer", _("Retainer")
    MIXED = "mixed", _("Fixed fee plus success fee")
    PUBLIC = "public", _("Free public service")


LANGUAGES = [
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("de", _("German")),
    ("fr", _("French")),
    ("ru", _("Russian")),
]


class Agency(models.Model):
    """A technology-transfer agency (技术转移机构), run by an organisation of the agency kind.

    Editors publish it once the organisation is verified; it then appears at /network/ with its
    services, tracks, languages, fee model, its brokers and figures computed from the deals its
    brokers took part in.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="agency",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    description_zh = models.TextField(_("Chinese description"), max_length=3000)
    description_en = models.TextField(_("English description"), max_length=5000)
    tracks = models.ManyToManyField("taxonomy.Track", related_name="agencies", verbose_name=_("tracks"))
    zone = models.ForeignKey(
        "taxonomy.DevelopmentZone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
        verbose_name=_("development zone"),
    )
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    fee_model = models.CharField(_("fee model"), max_length=20, choices=FeeModel.choices)
    fee_detail_zh = models.CharField(_("fee details (Chinese)"), max_length=300, blank=True)
    fee_detail_en = models.CharField(_("fee details (English)"), max_length=400, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name_zh", "pk"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:agency_detail", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.name_en if _english() and self.name_en else self.name_zh

    @property
    def description(self):
        return self.description_en if _english() and self.description_en else self.description_zh

    @property
    def fee_detail(self):
        return self.fee_detail_en if _english() and self.fee_detail_en else self.fee_detail_zh

    @property
    def language_labels(self):
        labels = dict(LANGUAGES)
        return [str(labels[code]) for code in self.languages if code in labels]

    def is_staff_member(self, user):
        """Members of the agency's organisation answer its requests."""
        return bool(user and user.is_authenticated and self.organisation_id in user.organisation_ids)


class AgencyService(models.Model):
    """One service an agency offers, with what it includes in both languages."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    detail_zh = models.CharField(_("what it includes (Chinese)"), max_length=300, blank=True)
    detail_en = models.CharField(_("what it includes (English)"), max_length=400, blank=True)

    class Meta:
        ordering = ["agency", "kind"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="one_service_kind_per_agency")]
        verbose_name = _("agency service")
        verbose_name_plural = _("agency services")

    def __str__(self):
        return self.get_kind_display()

    @property
    def detail(self):
        return self.detail_en if _english() and self.detail_en else self.detail_zh


class BrokerProfile(models.Model):
    """A technology broker (技术经纪人) of an agency, shown on its page and on a page of their own.

    Only shown while the person holds the broker role and belongs to the agency's organisation
    (an accepted membership): leaving the agency takes them off its pages without an edit.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="broker_profile"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="brokers")
    headline_zh = models.CharField(_("headline (Chinese)"), max_length=200)
    headline_en = models.CharField(_("headline (English)"), max_length=300)
    bio_zh = models.TextField(_("about (Chinese)"), blank=True, max_length=2000)
    bio_en = models.TextField(_("about (English)"), blank=True, max_length=3000)
    tracks = models.ManyToManyField(
        "taxonomy.Track", blank=True, related_name="brokers", verbose_name=_("tracks")
    )
    certificate_number = models.CharField(
        _("broker certificate number"),
        max_length=64,
        blank=True,
        help_text=_("The technology-broker certificate (技术经纪人证书), if any."),
    )
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(60)]
    )
    is_listed = models.BooleanField(_("shown publicly"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BrokerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "user__display_name", "pk"]
        verbose_name = _("broker")
        verbose_name_plural = _("brokers")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("network:broker_detail", kwargs={"pk": self.pk})

    @property
    def headline(self):
        return self.headline_en if _english() and self.headline_en else self.headline_zh

    @property
    def bio(self):
        return self.bio_en if _english() and self.bio_en else self.bio_zh


class BrokerageRequest(ThreadSidesMixin, models.Model):
    """An enterprise asks an agency to broker one of its demands (委托经纪).

    The agency answers before the deadline: accepts and names one of its brokers (who is then
    assigned to the demand's match requests), or declines with a reason; the two share a private thread.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("No answer in time")

    class DeclineReason(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", _("Outside our tracks or services")
        NO_CAPACITY = "no_capacity", _("No broker free now")
        CONFLICT = "conflict", _("Conflict of interest")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="requests")
    demand = models.ForeignKey("listings.Demand", on_delete=models.PROTECT, related_name="brokerage_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="brokerage_requests_sent"
    )
    requester_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="brokerage_requests_sent"
    )
    message = models.TextField(_("what you need from the agency"), max_length=4000)
    services_wanted = models.JSONField(_("services wanted"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    response_deadline = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokerage_assignments",
        verbose_name=_("broker"),
    )
    decline_reason = models.CharField(
        _("decline reason"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_detail = models.TextField(_("explanation"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BrokerageRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status", "response_deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "demand"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="one_open_brokerage_request_per_demand_and_agency",
            )
        ]
        verbose_name = _("brokerage request")
        verbose_name_plural = _("brokerage requests")

    def __str__(self):
        return f"#{self.pk} {self.demand.title} → {self.agency}"

    def get_absolute_url(self):
        return reverse("network:request_detail", kwargs={"pk": self.pk})

    @property
    def thread_open(self):
        return self.status in (self.Status.PENDING, self.Status.ACCEPTED)

    @property
    def services_wanted_labels(self):
        labels = dict(ServiceKind.choices)
        return [str(labels[code]) for code in self.services_wanted if code in labels]

    @property
    def broker_takes_part(self):
        """Whether the named broker still takes part: only while they belong to the agency's
        organisation (an accepted membership), as on the agency's pages; one who leaves loses the
        thread and its notices, as in deal flow. One query per object and broker named."""
        if not self.broker_id:
            return False
        key = (self.broker_id, self.agency.organisation_id)
        known = getattr(self, "_broker_takes_part", None)
        if known is None or known[0] != key:
            member = Membership.objects.filter(user_id=key[0], organisation_id=key[1]).exists()
            known = self._broker_takes_part = (key, member)
        return known[1]

    def thread_sides(self):
        """'enterprise' (the demand's organisation), 'agency' (its organisation), 'broker' (only
        while ``broker_takes_part``)."""
        yield Side("enterprise", organisation=self.requester_organisation_id)
        yield Side("agency", organisation=self.agency.organisation_id)
        yield Side("broker", person=self.broker_id if self.broker_takes_part else None)


class BrokerageMessage(ThreadMessageBase):
    """A message in a brokerage request's private thread: the enterprise, the agency and its broker."""

    request_field = "brokerage_request"
    brokerage_request = models.ForeignKey(BrokerageRequest, on_delete=models.CASCADE, related_name="messages")

    class Meta(ThreadMessageBase.Meta):
        verbose_name = _("brokerage message")
        verbose_name_plural = _("brokerage messages")


class FigureDispute(models.Model):
    """Someone disputes a deal behind an agency's or a broker's public figures; editors resolve it.

    Upheld, the deal leaves every figure; rejected, it stays. Either way the person who raised it is told.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting an editor")
        UPHELD = "upheld", _("Upheld: removed from the figures")
        REJECTED = "rejected", _("Rejected: the figure stands")

    match_request = models.ForeignKey(
        "dealflow.MatchRequest", on_delete=models.CASCADE, related_name="figure_disputes"
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("what is wrong with this deal"), max_length=3000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    resolution_note = models.TextField(_("editor's note"), blank=True, max_length=2000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match_request", "raised_by"],
                condition=models.Q(status="open"),
                name="one_open_dispute_per_person_and_deal",
            )
        ]
        verbose_name = _("figure dispute")
        verbose_name_plural = _("figure disputes")

    def __str__(self):
        return f"#{self.match_request_id}: {self.reason[:40]}"


class BrokerAttribution(models.Model):
    """Which agency a brokered match request counts for: the agency the broker belonged to (an
    accepted membership of its organisation, with their broker profile there) when they were
    assigned. The agency keeps it when the broker leaves; the broker's next agency does not inherit
    it. Written by ``network.services.attribute_introduction`` whenever deal flow assigns a broker.
    """

    match_request = models.OneToOneField(
        "dealflow.MatchRequest", on_delete=models.CASCADE, related_name="network_attribution"
    )
    broker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attributions",
        verbose_name=_("agency"),
        help_text=_("Empty when the broker belonged to no agency at the time."),
    )
    attributed_at = models.DateTimeField(_("counted from"))

    class Meta:
        ordering = ["-attributed_at", "-pk"]
        verbose_name = _("brokered introduction")
        verbose_name_plural = _("brokered introductions")

    def __str__(self):
        return f"#{self.match_request_id} → {self.agency or '—'}"
