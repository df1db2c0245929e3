"""Production: refuses to start without its secrets and serves over HTTPS only.

Required environment: SECRET_KEY (strong), ALLOWED_HOSTS (comma-separated), DATABASE_URL,
WAGTAILADMIN_BASE_URL (the public address, used in e-mailed links) and REDIS_URL (the shared
cache that holds the sign-in throttle's counters).
Static files are served by WhiteNoise from STATIC_ROOT after `collectstatic`.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required_env(name):
    """Return the environment variable `name`, or stop start-up with a clear message."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}: production refuses to start without it.")
    return value


def strong_secret_key(value):
    """Refuse a key that is short, repetitive or a development default (Django's own test, check W009)."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-") or "insecure" in value:
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak: use at least 50 random characters, for example from "
            "`python -c \"import secrets; print(secrets.token_urlsafe(50))\"`."
        )
    return value


def absolute_base_url(value):
    """The public address of this installation, used in e-mailed links; localhost is never right here."""
    parsed = urlsplit(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.hostname in ("127.0.0.1", "localhost", "::1"):
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL must be the public address of the site, such as https://veldwerk.example (not {value!r})."
        )
    return value.rstrip("/")


DEBUG = False
SECRET_KEY = strong_secret_key(required_env("SECRET_KEY"))
ALLOWED_HOSTS = [host.strip() for host in required_env("ALLOWED_HOSTS").split(",") if host.strip()]
required_env("DATABASE_URL")
WAGTAILADMIN_BASE_URL = absolute_base_url(required_env("WAGTAILADMIN_BASE_URL"))
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

if THROTTLING and CACHES["throttle"]["BACKEND"] in PER_PROCESS_CACHE_BACKENDS:  # noqa: F405
    raise ImproperlyConfigured(
        "Set REDIS_URL: sign-in throttling needs a cache shared by all server processes, and the "
        "throttle cache is per process (set THROTTLING=false only to switch throttling off)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() != "false"
