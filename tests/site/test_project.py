"""The project as a whole: migrations, system checks, production settings, packaging."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "veldwerk.settings.production",
    "SECRET_KEY": "a-long-random-secret-key-used-only-to-run-the-deploy-checks-0123456789",
    "ALLOWED_HOSTS": "veldwerk.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "WAGTAILADMIN_BASE_URL": "https://veldwerk.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean_env, **env}, capture_output=True, text=True
    )


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_system_check_passes():
    call_command("check", fail_level="WARNING")


def test_deploy_check_passes_for_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the environment variable {missing}" in result.stderr


@pytest.mark.parametrize("variable, value, message", [
    ("SECRET_KEY", "geheim", "SECRET_KEY is too weak"),
    ("SECRET_KEY", "a" * 60, "SECRET_KEY is too weak"),
    ("SECRET_KEY", "django-insecure-" + "x1y2z3" * 10, "SECRET_KEY is too weak"),
    ("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000", "WAGTAILADMIN_BASE_URL must be the public address"),
    ("WAGTAILADMIN_BASE_URL", "veldwerk.example", "WAGTAILADMIN_BASE_URL must be the public address"),
    ("SEARCH_ENGINE", "elastic", 'SEARCH_ENGINE must be "database" or "elasticsearch"'),
    ("SEARCH_ENGINE", "elasticsearch", "set ELASTICSEARCH_URL"),
])
def test_production_refuses_a_wrong_setting_at_start_up(variable, value, message):
    result = manage("check", env={**PRODUCTION_ENV, variable: value, "ELASTICSEARCH_URL": ""})
    assert result.returncode != 0
    assert message in result.stderr
def test_production_refuses_a_per_process_throttle_cache():
    result = manage("check", env={**PRODUCTION_ENV, "REDIS_URL": ""})
    assert result.returncode != 0
    assert "Set REDIS_URL: sign-in throttling needs a cache shared by all server processes" in result.stderr


def test_production_keeps_throttle_counters_in_a_redis_database_of_their_own():
    show = "from django.conf import settings; print(settings.CACHES['default']['LOCATION'], settings.CACHES['throttle']['LOCATION'])"
    result = manage("shell", "-c", show, env={**PRODUCTION_ENV, "REDIS_URL": "redis://cache.internal:6379/2"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["redis://cache.internal:6379/2", "redis://cache.internal:6379/3"]
    result = manage("check", env={**PRODUCTION_ENV, "REDIS_URL": "", "THROTTLING": "false"})
    assert result.returncode == 0, result.stderr  # throttling switched off explicitly needs no shared cache


def test_every_python_package_is_declared_in_pyproject():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    ignored = {".venv", "tests", "var", "media", "node_modules"}
    found = set()
    for init in ROOT.rglob("__init__.py"):
        relative = init.parent.relative_to(ROOT)
        if relative.parts and relative.parts[0] not in ignored:
            found.add(".".join(("veldwerk", *relative.parts[1:]) if relative.parts[0] == "site" else relative.parts))
    assert found == declared


def test_make_run_gives_links_in_e_mails_its_own_host_and_port():
    result = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0", "PORT=8123"], cwd=ROOT, capture_output=True, text=True)
    assert "WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://0.0.0.0:8123}" in result.stdout
