"""Alerts the floor below asks for through signals (it cannot import notify)."""

from .services import notify, notify_each


def deliver_person_alerted(sender, *, signal=None, **notice):
    """accounts.signals.person_alerted: store and, if wanted, e-mail the alert. Side effects: as notify()."""
    return notify(**notice)


def deliver_people_alerted(sender, *, signal=None, **notice):
    """core.signals.people_alerted: the alert to each person in their language. Side effects: as notify_each()."""
    return notify_each(**notice)
