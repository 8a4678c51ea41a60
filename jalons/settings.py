"""Django settings for Jalons.

Every setting that differs between machines comes from the environment
(django-environ) and a bad value stops the start-up with a clear message.
`settings_test` overrides the few things tests need.
"""

from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("JALONS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

DEBUG = env.bool("DEBUG", default=False)
# Demo mode: demo accounts (password "demo") may log in and `make run` seeds data.
DEMO = env.bool("JALONS_DEMO", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or DEMO:
        SECRET_KEY = "insecure-dev-only-key-never-use-in-production-0123456789abcdef"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (or DEBUG / JALONS_DEMO for a local demonstration)."
        )
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tables2",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    # Domain apps
    "jalons.core",
    "jalons.accounts",
    "jalons.territory",
    "jalons.organisations",
    "jalons.participants",
    "jalons.pathways",
    "jalons.imports",
    "jalons.exports",
    "jalons.protocols",
    "jalons.reports",
    "jalons.demo",
    "jalons.scale",
    # Web layer
    "jalons.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jalons.core.middleware.ActorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "jalons.urls"
WSGI_APPLICATION = "jalons.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jalons" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jalons.core.context_processors.actor",
                "jalons.web.navigation.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'jalons.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the review's scans of a million rows spent 0.3–0.5 s compiling
    # each query for nothing (bench/README.md); web pages never gain from it either.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL (postgres://...) or SQLite (sqlite:///...)."
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The participant list's covering indexes (`INCLUDE`) serve PostgreSQL; SQLite keeps their key
# columns, which is all it needs at its scale.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "jalons.accounts.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: this many failures for one e-mail (or one address) within the window lock it.
LOGIN_MAX_FAILURES = env.int("JALONS_LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCK_MINUTES = env.int("JALONS_LOGIN_LOCK_MINUTES", default=15)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE = env.bool("JALONS_SECURE", default=not (DEBUG or DEMO))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "jalons" / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Personal documents live outside the web root; they are served by a view
        # that checks permissions and audits the download.
        "OPTIONS": {"location": str(VAR_DIR / "documents"), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

TASKS = {
    "default": {
        "BACKEND": env.str("JALONS_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Pathway rules (spec §3): alerts on the adviser's caseload.
JALONS_NO_CONTACT_ALERT_DAYS = env.int("JALONS_NO_CONTACT_ALERT_DAYS", default=30)
JALONS_PATHWAY_PLANNED_MONTHS = env.int("JALONS_PATHWAY_PLANNED_MONTHS", default=18)
# GDPR: how long FSE files are kept after the pathway's exit before anonymisation.
JALONS_RETENTION_YEARS = env.int("JALONS_RETENTION_YEARS", default=19)
# Exports: a list longer than this is written by the background worker, not in the request.
JALONS_EXPORT_INLINE_MAX_ROWS = env.int("JALONS_EXPORT_INLINE_MAX_ROWS", default=20000)
if JALONS_EXPORT_INLINE_MAX_ROWS < 0:
    raise ImproperlyConfigured("JALONS_EXPORT_INLINE_MAX_ROWS must be 0 or more.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
