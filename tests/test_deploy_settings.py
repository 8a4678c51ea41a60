"""Production settings pass Django's deployment checklist (`check --deploy`).

Each check runs `manage.py` in a fresh process with a production-like environment,
since the settings module reads the environment once, at import.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"


def _production_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "jalons.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "JALONS_DEMO": "false",
        "ALLOWED_HOSTS": "jalons.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://jalons.example.org",
        "DATABASE_URL": "postgres://jalons@127.0.0.1:5432/jalons",
        "JALONS_VAR_DIR": str(var_dir),
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value != "<unset>"}


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_checklist_run_can_fail(tmp_path: Path) -> None:
    """Turning the HTTPS hardening off must be reported (proves the test above checks)."""
    env = _production_env(tmp_path, JALONS_SECURE="false")
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # SECURE_HSTS_SECONDS
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


@pytest.mark.parametrize(
    ("secret_key", "message"),
    [
        ("<unset>", "SECRET_KEY must be set"),
        ("too-short-key", "SECRET_KEY must be at least 32 characters long."),
    ],
)
def test_production_refuses_to_start_without_a_strong_secret_key(
    tmp_path: Path, secret_key: str, message: str
) -> None:
    env_file = MANAGE.parent / ".env"
    if secret_key == "<unset>" and env_file.exists() and "SECRET_KEY" in env_file.read_text():
        pytest.skip("the local .env file sets SECRET_KEY (settings read it when unset)")
    result = _manage(_production_env(tmp_path, SECRET_KEY=secret_key), "check")
    assert result.returncode != 0
    assert message in result.stderr
