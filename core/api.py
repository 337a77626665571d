"""One exception handler for the whole API (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``).

The services refuse with Django's ``ValidationError`` and ``PermissionDenied`` (and
``core.exceptions.RateLimited``); the API views let them through and this handler turns them into
the same answers everywhere: 400 with the messages (per field when the service names fields,
otherwise under ``detail``), 403 with the reason, 429 when too fast.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import RateLimited


class TooManyRequests(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"


def api_error(exc):
    """The API exception for a service's refusal; other exceptions are returned unchanged."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"detail": exc.messages})
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, RateLimited):
        return TooManyRequests(str(exc) or None)
    return exc


def exception_handler(exc, context):
    """DRF's handler, after turning the services' refusals into API errors."""
    return drf_exception_handler(api_error(exc), context)
