from allauth.mfa.utils import is_mfa_enabled
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that the API follows the client's Accept-Language.

    With Chinese unprefixed at the root, Django pins every path without a language prefix to
    the default language; pages choose their language by URL, but API clients can only say it
    in a header.
    """

    api_prefix = "/api/"

    def process_request(self, request):
        if not request.path_info.startswith(self.api_prefix):
            return super().process_request(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None


class StaffTwoFactorMiddleware:
    """Every sign-in goes through allauth (rate limits, two-factor stage), and staff use two factors.

    Wagtail's own login form would skip allauth's second-factor stage, so it sends people to
    allauth's. A signed-in person without admin access gets a plain 403 (Wagtail would send them to
    the login page, which sends a signed-in person back to the admin, round and round). With
    STAFF_MFA_REQUIRED (on in production), a person with admin access who has not set up an
    authenticator app is sent to set one up before the admin opens.
    """

    admin_prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path == f"{self.admin_prefix}login/":
            return redirect_to_login(request.GET.get("next", self.admin_prefix), reverse("account_login"))
        if path.startswith(self.admin_prefix) and self._signed_in_without_access(request.user):
            raise PermissionDenied(_("The editors' admin is for editors."))
        if path.startswith(self.admin_prefix) and self._needs_second_factor(request.user):
            messages.warning(request, _("Set up an authenticator app before using the editors' admin."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _signed_in_without_access(user):
        return user.is_authenticated and not user.has_perm("wagtailadmin.access_admin")

    @staticmethod
    def _needs_second_factor(user):
        return (
            getattr(settings, "STAFF_MFA_REQUIRED", False)
            and user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(user)
        )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy; in the editors' admin, inline scripts run too.

    Wagtail 8's date and time pickers start from inline scripts whose text names each field, so
    neither a nonce (widget templates have no request) nor a fixed hash can allow them. The admin
    is for editors signed in with two factors; the public site allows no inline script at all.
    """

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(self.admin_prefix):
            parts.nonce = None  # a nonce would make browsers ignore 'unsafe-inline'
            parts.update = {**(parts.update or {}), "script-src": [UNSAFE_INLINE]}
        return parts


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY as the Permissions-Policy header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
