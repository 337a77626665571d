"""The two kinds of listing and their models: the one map every part uses ("technology", "demand")."""

from .models import Demand, Technology

MODELS = {"technology": Technology, "demand": Demand}
KINDS = tuple(MODELS)


def model_for(kind):
    """The model of a kind; ValueError for anything else. No side effects."""
    try:
        return MODELS[kind]
    except KeyError:
        raise ValueError(f"unknown listing kind {kind!r}") from None
