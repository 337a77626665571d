"""Alerts the floor below asks for through signals (it cannot import notify)."""

from .services import notify


def deliver_person_alerted(sender, *, signal=None, **notice):
    """accounts.signals.person_alerted: store and, if wanted, e-mail the alert. Side effects: as notify()."""
    return notify(**notice)
