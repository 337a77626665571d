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
"$PY" manage.py check --fail-level WARNING
"$PY" manage.py makemigrations --check --dry-run
"$PY" scripts/messages.py --check
DJANGO_SETTINGS_MODULE=marketplace.settings.production SECRET_KEY="$(head -c 48 /dev/urandom | base64)" \
  ALLOWED_HOSTS=binhai.example DEFAULT_FROM_EMAIL=noreply@binhai.example EMAIL_URL=smtp://localhost:25 \
  STRIPE_SECRET_KEY=sk_test_x STRIPE_WEBHOOK_SECRET=whsec_x SITE_URL=https://binhai.example \
  "$PY" manage.py check --deploy --fail-level WARNING

echo "== full suite on PostgreSQL, Redis, Elasticsearch and stripe-mock"
"$PY" -m pytest tests -p no:cacheprovider --junitxml=test-artifacts/junit-postgres.xml

echo "== smoke pass on the embedded default (SQLite, embedded search)"
env -u DATABASE_URL -u ELASTICSEARCH_URL -u REDIS_URL SEARCH_BACKEND=embedded \
  "$PY" -m pytest tests -p no:cacheprovider -m smoke -q
