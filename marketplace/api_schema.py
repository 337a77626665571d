"""OpenAPI schema hooks for drf-spectacular."""


def public_api_only(endpoints, **kwargs):
    """Keep the marketplace's own /api/v1/ endpoints out of which the schema is built."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
