"""Test overrides: fast hashing, immediate tasks, undefined template variables fail."""

import os

os.environ.setdefault("JALONS_DEMO", "true")

from jalons.settings import *  # noqa: E402,F403
from jalons.settings import TEMPLATES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False


class _UndefinedVariable(str):
    """Makes a template that reads an undefined variable fail the test."""

    def __mod__(self, other: object) -> str:
        raise AssertionError(f"Variable de gabarit indéfinie : {other!r}")

    def __bool__(self) -> bool:  # keeps {% if %} on missing values usable
        return False


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _UndefinedVariable("%s")
