"""Signals core sends for the floors above it, which it may not import."""

from django.dispatch import Signal

#: Core asks for the same alert to each of several people, in each one's own language. Core sits
#: below notifications, so notifications listens rather than being imported. Arguments as
#: notifications.services.notify_each takes them (people, exclude, kind, title, body, url,
#: dedupe_key); title, body and url may be callables, evaluated in the person's language.
people_alerted = Signal()
