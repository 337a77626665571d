# Production image: gunicorn (web), celery worker and celery beat all run from it;
# docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=marketplace.settings.production

# gettext: compilemessages at build time. No compiler needed: psycopg[binary]
# and the other dependencies ship wheels for CPython 3.11.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so code changes reuse this layer
# (the project installs no packages of its own: [tool.setuptools] packages = []).
COPY pyproject.toml ./
RUN pip install . && rm -rf build *.egg-info

COPY . .

# Translations and static files are baked into the image. The production
# settings read their configuration from the environment; these placeholders
# exist only for this build step (nothing connects to them).
# media/ and private/ are volumes in docker-compose.yml: created here so that
# the new volumes inherit the app user's ownership.
RUN SECRET_KEY=build-only-not-secret \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    ELASTICSEARCH_URL=http://localhost:9200 \
    ALLOWED_HOSTS=localhost \
    SITE_URL=http://localhost \
    EMAIL_URL=consolemail:// \
    DEFAULT_FROM_EMAIL=build@localhost \
    STRIPE_SECRET_KEY=sk_test_build \
    STRIPE_WEBHOOK_SECRET=whsec_build \
    sh -c 'python manage.py compilemessages && python manage.py collectstatic --noinput' \
    && mkdir -p /app/media /app/private /app/var/embedded-index \
    && chown -R app:app /app/media /app/private /app/var

USER app
EXPOSE 8000

# --preload: the application is loaded and warmed up (marketplace/warmup.py) once, in the master,
# before the workers fork (docs/scaling.md, "Web workers").
CMD ["gunicorn", "marketplace.wsgi:application", "--preload", "--bind=0.0.0.0:8000", "--workers=3", "--access-logfile=-"]
