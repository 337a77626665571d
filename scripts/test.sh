#!/usr/bin/env bash
# `make test`: install, start the real services, check, run every test, stop what we started.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

bash scripts/install_system_packages.sh
make --no-print-directory install
PY="$ROOT/.venv/bin/python"

bash scripts/services.sh start
trap 'bash scripts/services.sh stop' EXIT
eval "$(bash scripts/services.sh env)"
export DJANGO_SETTINGS_MODULE=marketplace.settings.test
mkdir -p test-artifacts

echo "== lint and Django checks"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
"$PY" manage.py check --fail-level WARNING
"$PY" manage.py makemigrations --check --dry-run
"$PY" scripts/messages.py --check
# Production settings with placeholder secrets: nothing connects to these services here.
PRODUCTION_ENV=(
  DJANGO_SETTINGS_MODULE=marketplace.settings.production
  SECRET_KEY="$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=binhai.example SITE_URL=https://binhai.example
  DEFAULT_FROM_EMAIL=noreply@binhai.example EMAIL_URL=smtp://localhost:25
  STRIPE_SECRET_KEY=sk_test_x STRIPE_WEBHOOK_SECRET=whsec_x
)
env "${PRODUCTION_ENV[@]}" "$PY" manage.py check --deploy --fail-level WARNING

echo "== front-end build is reproducible and production static files collect"
(cd indicators/frontend && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
git diff --exit-code -- static/indicators/vendor
# axe-core for the browser journeys (tests/browser/a11y.py), pinned by its lock file.
(cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error)
static_root="$(mktemp -d)"
env "${PRODUCTION_ENV[@]}" STATIC_ROOT="$static_root" "$PY" manage.py collectstatic --noinput -v0
rm -rf "$static_root"

echo "== full suite on PostgreSQL, Redis, Elasticsearch and stripe-mock"
"$PY" -m pytest tests -p no:cacheprovider --junitxml=test-artifacts/junit-postgres.xml

echo "== smoke pass on the embedded default (SQLite, embedded search)"
env -u DATABASE_URL -u ELASTICSEARCH_URL -u REDIS_URL SEARCH_BACKEND=embedded \
  "$PY" -m pytest tests -p no:cacheprovider -m smoke -q
