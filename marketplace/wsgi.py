import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

application = get_wsgi_application()

# Before the server hands this process its first request (marketplace.warmup says why).
from marketplace.warmup import warm_up  # noqa: E402 (needs the application set up above)

warm_up()
