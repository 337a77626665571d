"""API-key authentication for the recommendation feed's consumers (see FeedConsumer)."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .models import FeedConsumer

KEYWORD = "Api-Key"


class FeedKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Api-Key <key>``. request.user stays anonymous; request.auth is the consumer."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid API key header."))
        consumer = FeedConsumer.objects.filter(
            key_hash=FeedConsumer.hash_key(header[1]), is_active=True
        ).first()
        if consumer is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        FeedConsumer.objects.filter(pk=consumer.pk).update(last_used_at=timezone.now())

        return AnonymousUser(), consumer

    def authenticate_header(self, request):
        return KEYWORD


class IsFeedConsumerOrEditor(permissions.BasePermission):
    """A feed consumer's key, or a signed-in editor (session or DRF token)."""

    def has_permission(self, request, view):
        if isinstance(request.auth, FeedConsumer):
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_editor)


class FeedKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents the feed's API key in the OpenAPI schema."""

    target_class = "procurement.authentication.FeedKeyAuthentication"
    name = "feedApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: the key editors issue to a feed consumer.",
        }
