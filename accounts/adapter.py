"""allauth, adjusted where the marketplace needs it to behave differently."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip


class AccountAdapter(DefaultAccountAdapter):
    """Failed sign-ins are counted per account *and* address.

    allauth counts them per account alone ("key"), so five wrong passwords typed by anyone
    anywhere lock the owner out, right password included. Keyed by address as well, a stranger's
    guesses lock only the stranger's address; the per-address limit still caps guessing overall.
    """

    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"
