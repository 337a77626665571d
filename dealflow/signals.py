"""What deal flow tells the parts above it, which it never imports.

``match_request_created`` is sent (sender=MatchRequest, match_request=...) inside the transaction
that created the request, so a receiver's changes commit or roll back with it.
"""

from django.dispatch import Signal

match_request_created = Signal()
