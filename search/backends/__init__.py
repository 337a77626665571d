"""The search backends behind one interface, chosen by ``settings.SEARCH_BACKEND``."""

from django.conf import settings

from .base import Backend, BackendUnavailable
from .elasticsearch import ElasticsearchBackend
from .embedded import EmbeddedBackend

_instances = {}


def backend_name():
    name = getattr(settings, "SEARCH_BACKEND", "embedded")
    return name if name in ("elasticsearch", "embedded") else "embedded"


def get_backend(name=None):
    """The configured backend (or the one named); one instance per process."""
    name = name or backend_name()
    if name not in _instances:
        if name == "elasticsearch":
            _instances[name] = ElasticsearchBackend()
        else:
            _instances[name] = EmbeddedBackend()
    return _instances[name]


def reset_backends():
    """Forget backend instances and cached indexes (tests change settings between runs)."""

    _instances.clear()
    EmbeddedBackend.forget()


__all__ = ["Backend", "BackendUnavailable", "backend_name", "get_backend", "reset_backends"]
