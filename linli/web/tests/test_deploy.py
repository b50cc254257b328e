import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LINLI_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="linli.settings",
        LINLI_ENV_FILE=str(tmp_path / "none.env"),
        LINLI_SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        LINLI_FIELD_KEYS="Clko756fPtNLlfGOIF2xhzX_Ep7mN4IQFEPBU8DFqdI=",
        LINLI_BLIND_INDEX_KEY="blind-index-key",
        LINLI_AUDIT_KEY="audit-key",
        LINLI_ALLOWED_HOSTS="linli.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
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
