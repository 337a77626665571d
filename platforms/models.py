"""Verification centres and pilot platforms (验证中心、中试平台): what they offer, the slots technology
owners ask them for, and the validation reports that come back to the listing as evidence."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.threads.models import Side, ThreadFileBase, ThreadMessageBase, ThreadSidesMixin
from core.uploads import RandomName, private_storage

from .queries import SlotRequestQuerySet, VerificationCentreQuerySet


def _english():
    return (get_language() or "").startswith("en")


class Stage(models.TextChoices):
    """The stages of the plan's verification chain a centre may cover and a slot may ask for."""

    RESEARCH = "research", _("R&D testing")
    PILOT = "pilot", _("Pilot-scale verification")
    SCENARIO = "scenario", _("Scenario validation")


class VerificationCentre(models.Model):
    """A verification centre or pilot platform, run by an organisation of that kind.

    Editors publish it once the organisation is verified; it then appears at /platforms/ with the
    stages and tracks it covers, its equipment, capacity, rates per user type, lead time, its public
    responsiveness figure and the validation reports its clients chose to publish.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="verification_centres",
        verbose_name=_("operating organisation"),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    summary_zh = models.TextField(_("Chinese summary"), max_length=1000)
    summary_en = models.TextField(_("English summary"), max_length=2000)
    covers_research = models.BooleanField(_("covers R&D testing"), default=False)
    covers_pilot = models.BooleanField(_("covers pilot-scale verification"), default=False)
    covers_scenario = models.BooleanField(_("covers scenario validation"), default=False)
    tracks = models.ManyToManyField(
        "taxonomy.Track", related_name="verification_centres", verbose_name=_("tracks")
    )
    equipment = models.TextField(_("equipment"), blank=True, max_length=4000)
    capacity = models.TextField(
        _("capacity"), blank=True, max_length=2000, help_text=_("For example: batches a month, line size.")
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("typical lead time (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("From an accepted request to the start of the work."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VerificationCentreQuerySet.as_manager()

    class Meta:
        ordering = ["name_zh", "pk"]
        verbose_name = _("verification centre")
        verbose_name_plural = _("verification centres")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("platforms:centre_detail", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.name_en if _english() and self.name_en else self.name_zh

    @property
    def summary(self):
        return self.summary_en if _english() and self.summary_en else self.summary_zh

    @property
    def stages(self):
        """The stage codes this centre covers, in the chain's order."""
        return [
            stage
            for stage, covered in (
                (Stage.RESEARCH, self.covers_research),
                (Stage.PILOT, self.covers_pilot),
                (Stage.SCENARIO, self.covers_scenario),
            )
            if covered
        ]

    @property
    def stage_labels(self):
        return [Stage(stage).label for stage in self.stages]

    def covers(self, stage):
        return stage in self.stages

    def is_operator(self, user):
        """Members of the operating organisation answer requests for this centre."""
        return bool(user and user.is_authenticated and self.organisation_id in user.organisation_ids)


class CentreRate(models.Model):
    """How a centre charges one kind of client for one service (iLab-style rates per user type)."""

    class UserType(models.TextChoices):
        ACADEMIC = "academic", _("Universities and institutes")
        STARTUP = "startup", _("Start-ups and small enterprises")
        ENTERPRISE = "enterprise", _("Other enterprises")

    centre = models.ForeignKey(VerificationCentre, on_delete=models.CASCADE, related_name="rates")
    service_zh = models.CharField(_("service (Chinese)"), max_length=200)
    service_en = models.CharField(_("service (English)"), max_length=200)
    user_type = models.CharField(_("for"), max_length=20, choices=UserType.choices)
    price_cny = models.DecimalField(
        _("price (CNY)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_zh = models.CharField(_("unit (Chinese)"), max_length=50, help_text=_("For example: 每批次"))
    unit_en = models.CharField(_("unit (English)"), max_length=50, help_text=_("For example: per batch"))

    class Meta:
        ordering = ["centre", "service_zh", "user_type"]
        verbose_name = _("rate")
        verbose_name_plural = _("rates")

    def __str__(self):
        return f"{self.service} · {self.get_user_type_display()}"

    @property
    def service(self):
        return self.service_en if _english() and self.service_en else self.service_zh

    @property
    def unit(self):
        return self.unit_en if _english() and self.unit_en else self.unit_zh


class SlotRequest(ThreadSidesMixin, models.Model):
    """A technology's owner asks a centre for a validation or pilot slot.

    It carries the listing (its TRL and IP status when asked) and what must be proven. The centre
    answers before the deadline: accepts with a start date and a price, declines with a reason,
    or asks questions in the private thread; then runs the work and attaches the report.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        NEEDS_INFO = "needs_info", _("Questions asked")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        REPORTED = "reported", _("Reported")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("No answer in time")

    class DeclineReason(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", _("Outside what we test")
        NO_CAPACITY = "no_capacity", _("No capacity in those dates")
        NOT_READY = "not_ready", _("The technology is not ready for this stage")
        BUDGET = "budget", _("Budget")
        OTHER = "other", _("Other")

    centre = models.ForeignKey(VerificationCentre, on_delete=models.PROTECT, related_name="slot_requests")
    technology = models.ForeignKey(
        "listings.Technology", on_delete=models.PROTECT, related_name="slot_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="slot_requests_sent"
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="slot_requests_sent"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    what_to_test = models.TextField(_("what must be proven"), max_length=4000)
    sample = models.TextField(_("sample"), max_length=2000)
    earliest_start = models.DateField(_("earliest start"))
    latest_end = models.DateField(_("needed by"))
    budget_cny = models.DecimalField(_("budget (CNY)"), max_digits=12, decimal_places=2)
    trl_at_request = models.PositiveSmallIntegerField(_("TRL when asked"))
    ip_status_at_request = models.CharField(_("IP status when asked"), max_length=20, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    response_deadline = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_start = models.DateField(_("start date"), null=True, blank=True)
    price_cny = models.DecimalField(_("price (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    decline_reason = models.CharField(
        _("decline reason"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_detail = models.TextField(_("explanation"), blank=True, max_length=2000)
    started_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlotRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["centre", "status"]),
            models.Index(fields=["status", "response_deadline"]),
        ]
        verbose_name = _("slot request")
        verbose_name_plural = _("slot requests")

    def __str__(self):
        return f"#{self.pk} {self.technology.title} → {self.centre}"

    def get_absolute_url(self):
        return reverse("platforms:request_detail", kwargs={"pk": self.pk})

    @property
    def thread_open(self):
        return self.status in (
            self.Status.NEEDS_INFO,
            self.Status.ACCEPTED,
            self.Status.IN_PROGRESS,
            self.Status.REPORTED,
        )

    @property
    def awaiting_answer(self):
        return self.status in (self.Status.PENDING, self.Status.NEEDS_INFO)

    def thread_sides(self):
        """'owner' (the technology's organisation), 'centre' (the operating organisation)."""
        yield Side("owner", organisation=self.owner_organisation_id)
        yield Side("centre", organisation=self.centre.organisation_id)


class SlotMessage(ThreadMessageBase):
    """A message in a slot request's private thread: the technology's organisation and the centre only."""

    request_field = "slot_request"
    slot_request = models.ForeignKey(SlotRequest, on_delete=models.CASCADE, related_name="messages")

    class Meta(ThreadMessageBase.Meta):
        verbose_name = _("slot request message")
        verbose_name_plural = _("slot request messages")


class SlotFile(ThreadFileBase):
    """A file shared in a slot request's thread; served only to the two sides."""

    request_field = "slot_request"
    download_url_name = "platforms:file_download"
    slot_request = models.ForeignKey(SlotRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=RandomName("platforms/files"))

    class Meta(ThreadFileBase.Meta):
        verbose_name = _("slot request file")
        verbose_name_plural = _("slot request files")


class ValidationReport(models.Model):
    """The outcome of a slot: the centre's findings and its report (a PDF).

    Private to the two sides until the technology's owner shows it on the listing, where buyers
    read it as evidence. A report may support a higher TRL; the listing's TRL rises only after an
    editor reviews it in the admin.
    """

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        PARTLY = "partly", _("Partly passed")
        FAILED = "failed", _("Not passed")

    class TrlReview(models.TextChoices):
        NONE = "", _("Not asked")
        PENDING = "pending", _("Awaiting editor review")
        APPROVED = "approved", _("TRL raised")
        REJECTED = "rejected", _("TRL kept")

    slot_request = models.OneToOneField(SlotRequest, on_delete=models.PROTECT, related_name="report")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    findings = models.TextField(_("findings"), max_length=5000)
    findings_en = models.TextField(_("findings in English"), max_length=5000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    trl_supported = models.PositiveSmallIntegerField(
        _("TRL the results support"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    file = models.FileField(
        _("report (PDF)"), storage=private_storage, upload_to=RandomName("platforms/reports")
    )
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    is_public = models.BooleanField(_("shown on the listing"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    trl_review = models.CharField(
        _("TRL review"), max_length=20, choices=TrlReview.choices, blank=True, default=TrlReview.NONE
    )
    trl_review_note = models.TextField(_("editor's note"), blank=True, max_length=2000)
    trl_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trl_reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("validation report")
        verbose_name_plural = _("validation reports")

    def __str__(self):
        return self.title

    @property
    def centre(self):
        return self.slot_request.centre

    @property
    def technology(self):
        return self.slot_request.technology

    def get_download_url(self):
        return reverse("platforms:report_download", kwargs={"pk": self.pk})
