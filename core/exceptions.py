"""Refusals the services raise besides Django's ValidationError and PermissionDenied.

Each carries the message a person reads; ``core.api.exception_handler`` gives it its HTTP status.
"""


class RateLimited(Exception):
    """Too many actions in a short time; the API answers 429 with the message."""
