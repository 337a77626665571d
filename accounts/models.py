from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from core.bilingual import localized

from .roles import ROLE_GROUPS, Role


class UserManager(BaseUserManager):
    """Users sign in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using the marketplace: researcher, enterprise member, investor, broker or editor."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.email

    # Wagtail's admin shows people by these.
    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]

    @cached_property
    def role_set(self):
        """The roles this person holds, read once per request."""
        if not self.pk:
            return frozenset()
        names = set(self.groups.values_list("name", flat=True))
        roles = {role for role, groups in ROLE_GROUPS.items() if names.intersection(groups)}
        if self.is_superuser:
            roles.add(Role.EDITOR)
        return frozenset(roles)

    def has_role(self, role):
        return Role(role) in self.role_set

    @property
    def is_editor(self):
        return self.has_role(Role.EDITOR)

    @cached_property
    def organisation_ids(self):
        """Ids of the organisations this person has accepted to join, read once per request.

        Everything that asks "is this person a member?" ends here (through accounts.queries).
        """
        if not self.pk:
            return frozenset()
        return frozenset(Membership.objects.filter(user=self).values_list("organisation_id", flat=True))


class Organisation(index.Indexed, models.Model):
    """A university, institute, enterprise, investment firm, agency, verification centre or government office.

    Editors verify organisations; listings of unverified organisations say so publicly.
    """

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University or institute")
        ENTERPRISE = "enterprise", _("Enterprise")
        INVESTOR = "investor", _("Investment firm")
        AGENCY = "agency", _("Technology-transfer agency")
        PLATFORM = "platform", _("Verification centre or pilot platform")
        GOVERNMENT = "government", _("Government")
        FUND = "fund", _("Fund manager")
        BANK = "bank", _("Bank")
        INSURER = "insurer", _("Insurer")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Not verified")
        PENDING = "pending", _("Verification requested")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Verification refused")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    description_en = models.TextField(_("English description"), blank=True, max_length=5000)
    website = models.URLField(_("website"), blank=True)
    unified_credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, help_text=_("18 letters and digits")
    )
    verification_status = models.CharField(
        _("verification"), max_length=20, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("verification_status"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return str(self.display_name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_organisation_slug(self.name_en or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:organisation_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        """The name in the reader's language where the organisation gave one."""
        return localized(self, "name")

    @property
    def is_verified(self):
        return self.verification_status == self.Verification.VERIFIED

    def has_member(self, user):
        return bool(user and user.is_authenticated and self.pk in user.organisation_ids)

    def is_admin(self, user):
        return bool(
            user
            and user.is_authenticated
            and Membership.objects.filter(organisation=self, user=user, is_admin=True).exists()
        )


def unique_organisation_slug(name):
    base = slugify(name)[:80] or "org"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Membership(models.Model):
    """A person belongs to an organisation; its admins manage the other members.

    A membership exists only once the person has accepted an invitation (or created the
    organisation): a pending or declined invitation is an Invitation, never a Membership, so no
    query over memberships can count someone who has not agreed.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField(_("organisation admin"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class Invitation(models.Model):
    """An organisation admin asks someone, by e-mail address, to join; the person accepts or declines.

    The address need not belong to an account yet: the invitation then also invites the person to
    sign up, and it is accepted by whoever signs in with that address.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    is_admin = models.BooleanField(_("organisation admin"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(state="pending"),
                name="unique_pending_invitation",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_open(self):
        return self.state == self.State.PENDING and not self.is_expired
