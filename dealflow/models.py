from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.threads.models import Side, ThreadFileBase, ThreadMessageBase, ThreadSidesMixin
from core.uploads import RandomName, private_storage

from . import registry
from .queries import MatchRequestQuerySet


class CooperationMode(models.TextChoices):
    LICENSE = "license", _("Licence")
    ASSIGNMENT = "assignment", _("Assignment")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    EQUITY = "equity", _("Equity investment")
    COMMISSIONED = "commissioned", _("Commissioned R&D")
    CONSULTING = "consulting", _("Consulting or technical service")


class MatchRequest(ThreadSidesMixin, models.Model):
    """A request for an introduction (对接) between an interested party and a listing's owner.

    The owner accepts or declines (with a reason) before the response deadline; after that the
    two sides and the assigned broker share a private thread and move through the stages to a
    registered technology contract.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("No answer in time")

    class Stage(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        INTRODUCED = "introduced", _("Introduced")
        NEGOTIATING = "negotiating", _("Negotiating")
        AGREEMENT = "agreement", _("Agreement")
        REGISTRATION = "registration", _("Contract registration")
        CLOSED_DEAL = "closed_deal", _("Closed with a deal")
        CLOSED_NO_DEAL = "closed_no_deal", _("Closed without a deal")

    class DeclineReason(models.TextChoices):
        NOT_A_FIT = "not_a_fit", _("Not a fit")
        TOO_EARLY = "too_early", _("Too early")
        ALREADY_LICENSED = "already_licensed", _("Already licensed")
        BUDGET = "budget", _("Budget")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        DIRECT = "direct", _("Direct request")
        CHALLENGE = "challenge", _("Challenge selection")
        ROADSHOW = "roadshow", _("Roadshow interest")
        MATCH = "match", _("Suggested match")

    class ContractType(models.TextChoices):
        DEVELOPMENT = "development", _("Technology development")
        TRANSFER = "transfer", _("Technology transfer")
        LICENSE = "license", _("Technology licence")
        CONSULTING = "consulting", _("Technology consulting")
        SERVICE = "service", _("Technology service")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="match_requests_sent"
    )
    requester_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="match_requests_received"
    )
    technology = models.ForeignKey(
        "listings.Technology", null=True, blank=True, on_delete=models.PROTECT, related_name="match_requests"
    )
    demand = models.ForeignKey(
        "listings.Demand", null=True, blank=True, on_delete=models.PROTECT, related_name="match_requests"
    )
    message = models.TextField(_("message"), max_length=4000)
    cooperation_mode = models.CharField(_("cooperation mode"), max_length=30, choices=CooperationMode.choices)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.DIRECT)
    source_content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    source_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_object = GenericForeignKey("source_content_type", "source_object_id")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.REQUESTED)
    response_deadline = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.CharField(
        _("decline reason"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_detail = models.TextField(_("explanation"), blank=True, max_length=2000)
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokered_requests",
        verbose_name=_("broker"),
    )

    # Confidentiality: both sides accept a non-confidential first exchange; confidential files
    # are shared only once an NDA is attached and both sides acknowledged it.
    requester_accepted_non_confidential_at = models.DateTimeField(null=True, blank=True)
    owner_accepted_non_confidential_at = models.DateTimeField(null=True, blank=True)
    nda_document = models.FileField(
        _("NDA document"), storage=private_storage, upload_to=RandomName("dealflow/nda"), blank=True
    )
    nda_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nda_requester_acknowledged_at = models.DateTimeField(null=True, blank=True)
    nda_owner_acknowledged_at = models.DateTimeField(null=True, blank=True)

    # 技术合同登记
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices, blank=True
    )
    contract_amount_cny = models.DecimalField(
        _("contract amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contract_signed_on = models.DateField(_("contract date"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)

    requester_outcome = models.CharField(max_length=20, blank=True)
    owner_outcome = models.CharField(max_length=20, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatchRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner_organisation", "status"]),
            models.Index(fields=["status", "response_deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(technology__isnull=False) | models.Q(demand__isnull=False),
                name="match_request_has_listing",
            )
        ]
        verbose_name = _("match request")
        verbose_name_plural = _("match requests")

    def __str__(self):
        return f"#{self.pk} {self.listing}"

    def get_absolute_url(self):
        return reverse("dealflow:request_detail", kwargs={"pk": self.pk})

    @property
    def listing(self):
        """What was asked about: the demand when one is named (a technology offered to it), else the technology."""
        return self.demand if self.demand_id else self.technology

    @property
    def is_open(self):
        return self.status == self.Status.ACCEPTED and self.stage not in (
            self.Stage.CLOSED_DEAL,
            self.Stage.CLOSED_NO_DEAL,
        )

    @property
    def is_closed(self):
        return self.stage in (self.Stage.CLOSED_DEAL, self.Stage.CLOSED_NO_DEAL)

    @property
    def nda_in_force(self):
        return bool(
            self.nda_document and self.nda_requester_acknowledged_at and self.nda_owner_acknowledged_at
        )

    def thread_sides(self):
        """'requester' (the person who asked, then their organisation), 'owner', 'broker' (only while
        still a member of the organisation they were assigned through: ``registry.broker_takes_part``)."""
        yield Side("requester", person=self.requester_id)
        yield Side("owner", organisation=self.owner_organisation_id)
        yield Side("requester", organisation=self.requester_organisation_id)
        yield Side("broker", person=self.broker_id if registry.broker_takes_part(self) else None)


class ThreadMessage(ThreadMessageBase):
    """A message in a request's private thread, seen only by the two sides and the broker."""

    request_field = "match_request"
    match_request = models.ForeignKey(MatchRequest, on_delete=models.CASCADE, related_name="messages")

    class Meta(ThreadMessageBase.Meta):
        verbose_name = _("thread message")
        verbose_name_plural = _("thread messages")


class ThreadFile(ThreadFileBase):
    """A file shared in a request (attached to the request or to its thread).

    Confidential files are visible only once the NDA is in force.
    """

    request_field = "match_request"
    download_url_name = "dealflow:file_download"
    match_request = models.ForeignKey(MatchRequest, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=RandomName("dealflow/files"))
    confidential = models.BooleanField(_("confidential"), default=False)

    class Meta(ThreadFileBase.Meta):
        verbose_name = _("thread file")
        verbose_name_plural = _("thread files")


class Evaluation(models.Model):
    """评价: after closing, each side rates the other side and the service, 1-5, with a comment."""

    match_request = models.ForeignKey(MatchRequest, on_delete=models.CASCADE, related_name="evaluations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=20)
    evaluated_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.SET_NULL, related_name="evaluations_received"
    )
    counterpart_rating = models.PositiveSmallIntegerField(
        _("rating of the other side"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    service_rating = models.PositiveSmallIntegerField(
        _("rating of the service"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["match_request", "side"], name="one_evaluation_per_side")
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"#{self.match_request_id} {self.side} {self.counterpart_rating}/5"


class Challenge(models.Model):
    """揭榜挂帅: a demand opened for proposals until a deadline, reviewed in stages by its owner's team."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for proposals")
        REVIEWING = "reviewing", _("Reviewing")
        CLOSED = "closed", _("Closed")

    demand = models.OneToOneField("listings.Demand", on_delete=models.PROTECT, related_name="challenge")
    brief = models.TextField(_("what a proposal must answer"), max_length=4000)
    deadline = models.DateTimeField(_("proposals due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return str(self.demand.title)

    def get_absolute_url(self):
        return reverse("dealflow:challenge_detail", kwargs={"pk": self.pk})


class ChallengeReviewer(models.Model):
    """A member of the demand owner's team reviewing a challenge: the lead decides, reviewers score."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        REVIEWER = "reviewer", _("Reviewer")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REVIEWER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_reviewer_role")]
        verbose_name = _("challenge reviewer")
        verbose_name_plural = _("challenge reviewers")

    def __str__(self):
        return f"{self.user} ({self.role})"


class Proposal(models.Model):
    """A researcher's answer to a challenge, on the standard short form."""

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SCREEN = "screen", _("Screening")
        ASSESS = "assess", _("Assessment")
        FINALIST = "finalist", _("Finalist")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Not selected")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    technology = models.ForeignKey(
        "listings.Technology", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(_("one-sentence summary"), max_length=300)
    approach = models.TextField(_("technical approach"), max_length=4000)
    team = models.TextField(_("team and track record"), max_length=2000)
    timeline_months = models.PositiveSmallIntegerField(
        _("months to deliver"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    budget_cny = models.DecimalField(_("budget (CNY)"), max_digits=14, decimal_places=2)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SUBMITTED)
    outcome_reason = models.TextField(_("reason given to the proposer"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    match_request = models.OneToOneField(
        MatchRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "proposer"], name="one_proposal_per_person")
        ]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.summary

    def get_absolute_url(self):
        return reverse("dealflow:proposal_detail", kwargs={"pk": self.pk})


class ProposalScore(models.Model):
    """One reviewer's score (1-5) of a proposal at one stage."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20, choices=Proposal.Stage.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer", "stage"], name="one_score_per_stage")
        ]
        verbose_name = _("proposal score")
        verbose_name_plural = _("proposal scores")

    def __str__(self):
        return f"{self.score}/5"


class ProposalComment(models.Model):
    """An internal comment of the review team; the proposer never sees it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal comment")
        verbose_name_plural = _("internal comments")

    def __str__(self):
        return self.body[:40]


class DealManager(models.Manager):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(stage__in=["registration", "closed_deal"])
            .select_related("technology", "demand", "owner_organisation", "requester_organisation")
        )


class Deal(MatchRequest):
    """A match request that reached a registered technology contract (技术合同登记): what editors export."""

    objects = DealManager()

    class Meta:
        proxy = True
        ordering = ["-contract_signed_on", "-pk"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")

    @property
    def listing_ref(self):
        return self.listing.ref

    @property
    def listing_title(self):
        return self.listing.title
