"""Validate the production docker-compose.yml without a Docker engine.

docker-compose 1.29 (Debian's, installed by scripts/install_system_packages.sh)
or the `docker compose` v2 plugin checks the file against the Compose schema
and interpolates ${...}. No engine runs here, so nothing is built or started.
The test does not skip when no compose CLI exists: a missing tool is a failure.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"

REQUIRED_VARS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",  # marketplace.settings.production has no default for it
)
APP_SERVICES = ("web", "worker", "beat")
EXPECTED_SERVICES = (*APP_SERVICES, "db", "redis", "elasticsearch")


def _compose_cmd() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    pytest.fail(
        "neither docker-compose nor the `docker compose` plugin is installed; "
        "run scripts/install_system_packages.sh"
    )


def _run_config(project: Path, *args: str) -> subprocess.CompletedProcess:
    # Compose reads .env from the project directory and also the process
    # environment; drop our own values so only the .env under test counts.
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED_VARS and not k.startswith("POSTGRES_")}
    return subprocess.run(
        [
            *_compose_cmd(),
            "-f",
            str(project / "docker-compose.yml"),
            "--project-directory",
            str(project),
            "config",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the compose project whose .env is .env.example (dummy values)."""
    shutil.copy(COMPOSE_FILE, tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")
    return tmp_path


def test_compose_config_is_valid(project: Path) -> None:
    result = _run_config(project, "-q")
    assert result.returncode == 0, result.stderr


def test_compose_services_and_healthchecks(project: Path) -> None:
    result = _run_config(project)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]

    for name in EXPECTED_SERVICES:
        assert name in services, f"service {name!r} missing"
        health = services[name].get("healthcheck")
        assert health and health.get("test") and not health.get("disable"), f"{name} has no healthcheck"

    assert "elasticsearch:8.19." in services["elasticsearch"]["image"]
    assert services["elasticsearch"]["environment"]["discovery.type"] == "single-node"
    assert services["elasticsearch"]["environment"]["xpack.security.enabled"] in ("false", False)

    # Named volumes for every stateful service.
    for name, mount in (
        ("db", "/var/lib/postgresql/data"),
        ("redis", "/data"),
        ("elasticsearch", "/usr/share/elasticsearch/data"),
    ):
        volumes = services[name]["volumes"]
        as_text = [v if isinstance(v, str) else f"{v.get('source')}:{v.get('target')}" for v in volumes]
        assert any(v.split(":")[1] == mount and v.split(":")[0] in config["volumes"] for v in as_text), (
            name,
            volumes,
        )

    for name in APP_SERVICES:
        svc = services[name]
        env = svc["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "marketplace.settings.production"
        for var in REQUIRED_VARS:
            assert env.get(var), f"{name}: {var} not set"
        deps = svc["depends_on"]
        assert deps["migrate"]["condition"] == "service_completed_successfully"
        for dep in ("db", "redis"):
            assert deps[dep]["condition"] == "service_healthy"

    assert (
        "gunicorn" in services["web"]["command"]
        and "marketplace.wsgi:application" in services["web"]["command"]
    )
    assert services["worker"]["command"][:4] == ["celery", "-A", "marketplace", "worker"]
    beat = " ".join(services["beat"]["command"])
    assert "beat" in beat and "django_celery_beat.schedulers:DatabaseScheduler" in beat
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]


@pytest.mark.parametrize("missing", REQUIRED_VARS)
def test_compose_refuses_missing_required_variable(project: Path, missing: str) -> None:
    lines = (project / ".env").read_text().splitlines()
    (project / ".env").write_text("\n".join(ln for ln in lines if not ln.startswith(f"{missing}=")) + "\n")
    result = _run_config(project, "-q")
    assert result.returncode != 0
    assert missing in result.stderr


def test_scale_profile_adds_a_worker_per_queue_and_a_second_search_node(project: Path) -> None:
    with (project / ".env").open("a") as env:
        env.write("ES_DISCOVERY_TYPE=multi-node\nINDEX_WORKER_CONCURRENCY=4\n")
    result = _run_config(project)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]

    queues = {}
    for name in ("worker-index", "worker-email", "worker-digest", "worker-payments"):
        svc = services[name]
        assert svc["profiles"] == ["scale"]
        command = svc["command"]
        assert command[:4] == ["celery", "-A", "marketplace", "worker"]
        queues[name] = command[command.index("-Q") + 1]
        assert svc["environment"]["DJANGO_SETTINGS_MODULE"] == "marketplace.settings.production"
        assert svc["healthcheck"]["test"], name
        assert svc["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert queues == {
        "worker-index": "index",
        "worker-email": "email",
        "worker-digest": "digest",
        "worker-payments": "payments",
    }
    assert "--concurrency=4" in services["worker-index"]["command"]

    first, second = services["elasticsearch"], services["elasticsearch-2"]
    assert first["environment"]["discovery.type"] == "multi-node"
    assert second["profiles"] == ["scale"]
    assert second["image"] == first["image"]
    assert second["environment"]["cluster.name"] == first["environment"]["cluster.name"]
    assert second["environment"]["discovery.seed_hosts"] == "elasticsearch"
    assert second["environment"]["node.roles"] == "data,ingest"
    assert second["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    assert any(str(v).startswith("esdata2:/usr/share/elasticsearch/data") for v in second["volumes"])
