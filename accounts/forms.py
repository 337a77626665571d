from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User
from .queries import accepted_organisations
from .roles import SELF_SERVICE_ROLES, Role
from .services import set_self_service_roles

SELF_SERVICE_CHOICES = [(role.value, role.label) for role in SELF_SERVICE_ROLES]


class LanguageSelect(forms.Select):
    """Each language named in itself ("English" on a Chinese page), so each option carries its `lang`."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class SignupExtraForm(forms.Form):
    """What allauth's sign-up form asks besides e-mail and password."""

    display_name = forms.CharField(label=_("Name"), max_length=100)
    roles = forms.MultipleChoiceField(
        label=_("I am here as"),
        choices=SELF_SERVICE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more. Brokers and editors are appointed by the editors."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
        set_self_service_roles(user=user, roles=self.cleaned_data["roles"])


class ProfileForm(forms.ModelForm):
    """A person edits their own details and self-service roles."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=SELF_SERVICE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = User
        fields = ["display_name", "phone", "position", "bio", "preferred_language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4}), "preferred_language": LanguageSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.initial["roles"] = [r.value for r in self.instance.role_set if r in SELF_SERVICE_ROLES]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+- ()")
        if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 7):
            raise forms.ValidationError(_("Enter a phone number of digits, spaces, +, - or brackets."))
        return phone

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            set_self_service_roles(user=user, roles=self.cleaned_data["roles"])
        return user


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_en",
            "kind",
            "unified_credit_code",
            "website",
            "description",
            "description_en",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_unified_credit_code(self):
        code = self.cleaned_data["unified_credit_code"].strip().upper()
        if code and (len(code) != 18 or not code.isalnum()):
            raise forms.ValidationError(_("A unified social credit code has 18 letters and digits."))
        return code


class InviteMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to invite"),
        help_text=_(
            "They receive a link to accept or decline. People without an account are invited to sign up."
        ),
    )
    is_admin = forms.BooleanField(label=_("Can manage the organisation"), required=False)


def role_label(role):
    return Role(role).label


def filing_organisation_field(user, *, kind=None, label=None):
    """The "filed for" choice of a request, proposal or product form: the person's own organisations.

    A single organisation is preselected; someone in none gets no choice to make (an empty, optional
    field: they file as an individual). accounts.services.filing_organisation checks the answer.
    """
    organisations = accepted_organisations(user, kind=kind)
    count = organisations.count()
    field = forms.ModelChoiceField(
        label=label or _("Filed for"),
        queryset=organisations,
        # With one organisation, leaving it out means that one (the service decides the same).
        required=count > 1,
        empty_label=None if count else _("Myself, as an individual"),
        help_text=_("The organisation you act for. Its members will see what you file."),
    )
    if count == 1:
        field.initial = organisations.first().pk
    return field
