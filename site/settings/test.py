"""The test suite: fast hashing, in-memory e-mail, and the demo app for seed_demo tests."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
# Uploads go to a throw-away folder on disk, so that documents are served by Wagtail's view
# exactly as in production (InMemoryStorage has no files for it to send).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="veldwerk-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once, inside the request's after-commit callbacks; tests of delayed work
# (the adoption digest, retries) switch to the database backend and run its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic before tests
# The browser tests' live server handles requests in threads of its own: each request closes
# its connection, so the test database can be dropped at the end of the session.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: requests in threads (the browser tests'
    # live server, the concurrency tests) then lock and wait as they do on a real installation.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405 - a fresh clone has no var/ yet
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-database.sqlite3")}  # noqa: F405
# Tests start from empty caches (tests/conftest.py clears them). With REDIS_URL set they use Redis
# databases of their own, 14 and 15, because clear() empties a whole database.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["LOCATION"] = redis_url_with_database(REDIS_URL, number=14)  # noqa: F405
    CACHES["throttle"]["LOCATION"] = redis_url_with_database(REDIS_URL, number=15)  # noqa: F405
