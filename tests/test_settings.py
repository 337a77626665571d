"""Production settings come from the environment, fail loudly without secrets and pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-only-0123456789abcdef",
    "ALLOWED_HOSTS": "binhai.example",
    "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/marketplace",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ELASTICSEARCH_URL": "http://127.0.0.1:9200",
    "EMAIL_URL": "smtp://mail.binhai.example:587",
    "DEFAULT_FROM_EMAIL": "noreply@binhai.example",
    "STRIPE_SECRET_KEY": "sk_live_placeholder",
    "STRIPE_WEBHOOK_SECRET": "whsec_placeholder",
    "SITE_URL": "https://binhai.example",
}


def manage(*args, env):
    # Only what a shell needs: the test run's own service URLs must not leak into the check.
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


@pytest.mark.smoke
def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "STRIPE_WEBHOOK_SECRET", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.smoke
def test_embedded_default_needs_no_environment():
    result = manage("diffsettings", env={"DJANGO_SETTINGS_MODULE": "marketplace.settings.dev"})
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout
    assert "SEARCH_BACKEND = 'embedded'" in result.stdout
    assert "CELERY_TASK_ALWAYS_EAGER = True" in result.stdout
    assert "LANGUAGE_CODE = 'zh-hans'" in result.stdout
    assert "TIME_ZONE = 'Asia/Shanghai'" in result.stdout


@pytest.mark.smoke
def test_embedded_default_makes_its_own_secret_key_on_first_run_and_keeps_it(tmp_path):
    show = "from django.conf import settings; print(settings.SECRET_KEY)"

    def key_of(install):
        env = {"DJANGO_SETTINGS_MODULE": "marketplace.settings.dev", "SECRET_KEY_FILE": str(install)}
        result = manage("shell", "--no-imports", "-c", show, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    install = tmp_path / "one" / ".secret_key"
    install.parent.mkdir()
    first = key_of(install)
    assert len(first) >= 50 and "not-secret" not in first
    assert install.read_text().strip() == first
    assert install.stat().st_mode & 0o777 == 0o600
    assert key_of(install) == first  # kept across runs
    other = tmp_path / ".secret_key"
    assert key_of(other) != first  # every install has its own
    ignored = subprocess.run(["git", "check-ignore", "-q", ".secret_key"], cwd=ROOT)
    assert ignored.returncode == 0, ".secret_key must be ignored by git"


def test_tests_use_a_fixed_key(settings):
    assert settings.SECRET_KEY == "test-only-secret"


def test_production_counts_visitors_by_the_address_the_trusted_proxy_forwards():
    shown = "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK.get('NUM_PROXIES'))"
    behind = manage("shell", "--no-imports", "-c", shown, env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1"})
    assert behind.returncode == 0, behind.stderr
    assert behind.stdout.strip().splitlines()[-1] == "1 1"
    direct = manage("shell", "--no-imports", "-c", shown, env=PRODUCTION_ENV)
    assert direct.stdout.strip().splitlines()[-1] == "0 None"  # no proxy named: REMOTE_ADDR, as before
