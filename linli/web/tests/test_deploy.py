import os
import subprocess
import sys
from pathlib import Path

from conftest import production_env

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secrets_are_reported(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINLI_", "DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="linli.settings", LINLI_ENV_FILE=str(tmp_path / "none.env"))
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "LINLI_FIELD_KEYS" in result.stderr and "LINLI_BLIND_INDEX_KEY" in result.stderr
    assert "LINLI_AUDIT_KEY" in result.stderr


def test_health_check_answers_plain_http_while_pages_redirect_to_https(tmp_path):
    script = (
        "from django.test import Client; c = Client(HTTP_HOST='linli.example.gov.cn'); "
        "print('STATUS', c.get('/healthz').status_code, c.get('/account/login/').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert "STATUS 200 301" in result.stdout, result.stderr


def test_collectstatic_builds_the_production_manifest(tmp_path):
    """With DEBUG off the static files are hashed and compressed (WhiteNoise's manifest storage),
    which refuses a file that references a missing one (a vendored script's source map, say):
    `make run` and every deployment run this step."""
    env = production_env(tmp_path, LINLI_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert list(Path(env["LINLI_VAR_DIR"]).glob("static/linli/css/linli.*.css"))
