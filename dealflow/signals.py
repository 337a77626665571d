"""What deal flow tells the parts above it, which it never imports.

``match_request_created`` is sent (sender=MatchRequest, match_request=...) inside the transaction
that created the request, so a receiver's changes commit or roll back with it.

``broker_assigned`` is sent (sender=MatchRequest, match_request=..., broker=... or None when removed,
previous=...) inside the transaction of ``services.assign_broker``, the one path that sets a broker.
"""

from django.dispatch import Signal

match_request_created = Signal()
broker_assigned = Signal()
