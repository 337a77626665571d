"""Applications to programmes, their documents, "more information" rounds, reviewers' scores and
the tranches released on verified milestones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.threads.models import Side, ThreadSidesMixin
from core.uploads import RandomName, private_storage

from .programmes import Programme, ReviewStep, Stage


class ApplicationQuerySet(models.QuerySet):
    def involving(self, user):
        """Applications of the person's organisations, as applicant or as the programme's fund."""
        if not (user and user.is_authenticated):
            return self.none()
        orgs = list(user.organisation_ids)
        return self.filter(Q(applicant_organisation_id__in=orgs) | Q(programme__organisation_id__in=orgs))

    def with_related(self):
        return self.select_related(
            "programme", "programme__organisation", "technology", "technology__track", "applicant",
            "applicant_organisation",
        )  # fmt: skip

    def funded(self):
        return self.filter(status=Application.Status.FUNDED)


class Application(ThreadSidesMixin, models.Model):
    """A technology's owner applies to a programme with the listing: its TRL, IP status and
    validation evidence are carried as they were, beside the plan, the amount and the documents.

    The fund's members review it step by step (screening → due diligence → committee), may ask for
    more information, and decide; every applicant hears the decision.
    """

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        MORE_INFO = "more_info", _("More information asked")
        FUNDED = "funded", _("Funded")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    DECIDED = (Status.FUNDED, Status.DECLINED)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    technology = models.ForeignKey(
        "listings.Technology", on_delete=models.PROTECT, related_name="funding_applications"
    )
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applicant_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="funding_applications"
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_applications",
        verbose_name=_("funded earlier at"),
    )  # fmt: skip
    amount_cny = models.DecimalField(_("amount asked (CNY)"), max_digits=14, decimal_places=2)
    plan = models.TextField(_("what the money is for"), max_length=6000)
    milestones = models.TextField(_("milestones"), max_length=4000)
    team = models.TextField(_("team"), max_length=3000)
    trl_at_application = models.PositiveSmallIntegerField(_("TRL when applying"))
    ip_status_at_application = models.CharField(_("IP status when applying"), max_length=20, blank=True)
    evidence = models.ManyToManyField(
        "platforms.ValidationReport", blank=True, related_name="funding_applications",
        verbose_name=_("validation evidence"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_REVIEW)
    step = models.CharField(_("review step"), max_length=20, choices=ReviewStep.choices)
    decision_note = models.TextField(_("decision for the applicant"), blank=True, max_length=4000)
    amount_awarded_cny = models.DecimalField(
        _("amount awarded (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funded_stage = models.CharField(_("funded at stage"), max_length=20, choices=Stage.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "status"])]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")

    def __str__(self):
        return f"#{self.pk} {self.technology.title} → {self.programme}"

    def get_absolute_url(self):
        return reverse("funding:application_detail", kwargs={"pk": self.pk})

    @property
    def is_decided(self):
        return self.status in self.DECIDED

    @property
    def is_open(self):
        return self.status in (self.Status.IN_REVIEW, self.Status.MORE_INFO)

    def thread_sides(self):
        """'fund' (the programme's organisation), 'applicant' (the technology's organisation).

        A member of both is treated as the fund's side only for reading; services refuse them scoring."""
        yield Side("fund", organisation=self.programme.organisation_id)
        yield Side("applicant", organisation=self.applicant_organisation_id)


class ApplicationDocument(models.Model):
    """A document the programme asks for, uploaded by the applicant; private to the two sides."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    slot = models.PositiveSmallIntegerField(_("document asked for"), null=True, blank=True)
    label = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=private_storage, upload_to=RandomName("funding/documents"))
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "created_at", "pk"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("funding:document_download", kwargs={"pk": self.application_id, "doc_pk": self.pk})


class InformationRound(models.Model):
    """A "more information" round: the fund asks, the applicant answers, the review resumes."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="rounds")
    step = models.CharField(max_length=20, choices=ReviewStep.choices)
    question = models.TextField(_("question"), max_length=4000)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True, max_length=6000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("information round")
        verbose_name_plural = _("information rounds")

    def __str__(self):
        return self.question[:60]


class Review(models.Model):
    """One reviewer's scores and comment at one review step. The comment and the scores are the
    fund's own: the applicant never sees them."""

    class Recommendation(models.TextChoices):
        ADVANCE = "advance", _("Advance")
        MORE_INFO = "more_info", _("Ask for more information")
        DECLINE = "decline", _("Decline")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(_("review step"), max_length=20, choices=ReviewStep.choices)
    scores = models.JSONField(_("scores"), default=dict)
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    comment = models.TextField(_("comment (never shown to the applicant)"), max_length=5000)
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["step", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "step"], name="funding_one_review_per_step"
            )
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.reviewer} · {self.get_step_display()} · {self.total}"


class Tranche(models.Model):
    """A part of the award, released when a milestone is verified by the marketplace's own records
    (a published validation report, a registered technology contract, a procurement recommendation),
    never on self-reported progress."""

    class Milestone(models.TextChoices):
        ON_AWARD = "on_award", _("On award")
        VALIDATION = "validation", _("A validation report is published")
        CONTRACT = "contract", _("A technology contract is registered")
        PROCUREMENT = "procurement", _("A product is recommended for procurement")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tranches")
    position = models.PositiveSmallIntegerField(default=0)
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    milestone = models.CharField(_("released when"), max_length=20, choices=Milestone.choices)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The sentence naming the record that verified the milestone, written in both languages.
    evidence_note = models.CharField(_("evidence"), max_length=300, blank=True)
    evidence_note_en = models.CharField(_("evidence in English"), max_length=300, blank=True)

    class Meta:
        ordering = ["application", "position", "pk"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")

    def __str__(self):
        return f"{self.get_milestone_display()} ¥{self.amount_cny}"

    @property
    def is_released(self):
        return self.released_at is not None
