"""Settings that hold in every environment.

Environment-specific modules (dev, test, production) import everything from here
and change only what they must. See
https://docs.djangoproject.com/en/5.2/topics/settings/ and the README for every
environment variable.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_flag(name, default):
    """A true/false environment variable: anything but false, 0, no or off is true."""
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value not in ("false", "0", "no", "off")


def redis_url_with_database(url, offset=0, number=None):
    """`url` pointing at another Redis database: `number`, or its own database (0 if none) plus `offset`."""
    parts = urlsplit(url)
    current = parts.path.strip("/")
    database = number if number is not None else (int(current) if current.isdigit() else 0) + offset
    return urlunsplit(parts._replace(path=f"/{database}"))


PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "veldwerk",
    "csp",
    "core",
    "accounts",
    "adoptions",
    "municipalities",
    "themes",
    "ideas",
    "fieldlabs",
    "importer",
    "search",
    "discussion",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "veldwerk.middleware.ContentSecurityPolicyMiddleware",
    "veldwerk.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "veldwerk.middleware.DutchFirstLocaleMiddleware",
    "veldwerk.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "veldwerk.urls"
WSGI_APPLICATION = "veldwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'veldwerk.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many writers at once (comments, adoptions, imports): write-ahead logging lets readers go on
    # while one writes, IMMEDIATE takes the write lock when a transaction starts (so two
    # transactions never deadlock upgrading a read lock, which SQLite answers at once with
    # "database is locked"), and a writer waits up to `timeout` seconds for the lock.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Veldwerk"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No request from the admin leaves the site: no avatars from gravatar.com (which would also
# receive a hash of every user's e-mail address) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.throttling.ThrottledAdminLoginForm"
# Every sign-in goes through this backend, so every login form shares one throttle
# (accounts/throttling.py; https://docs.djangoproject.com/en/5.2/topics/auth/customizing/).
AUTHENTICATION_BACKENDS = ["accounts.throttling.ThrottledModelBackend"]
FIELDLAB_CANDIDATE_MIN_INTEREST = 3  # municipalities with interest before an idea is proposed for a fieldlab
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt", "png", "jpg"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TAGGIT_CASE_INSENSITIVE = True
# Documents are always served through Wagtail's view, so that ideas/wagtail_hooks.py can keep
# the attachments of unpublished ideas private (never redirect to, or link, the storage URL).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Request bodies larger than this are refused with 413 before they are read: the largest
# attachment (ideas/uploads.py, 10 MB) plus room for the other form fields.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(11 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "veldwerk.middleware.LimitedUploadHandler",  # stops at MAX_REQUEST_BYTES, whatever Content-Length said
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Content-Security-Policy (django-csp 4, https://django-csp.readthedocs.io/): the public site
# runs no inline code and loads nothing from elsewhere, so its pages need no nonce and stay
# cacheable. The Wagtail admin still renders inline scripts and style attributes, so the
# paths in CONTENT_SECURITY_POLICY_ADMIN_PREFIXES get the looser admin policy (veldwerk.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],  # the page editor shows its preview in a frame
    },
}
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/",)
# Powerful browser features no page of Veldwerk uses, switched off for every response.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)

# Search (see search/engines/__init__.py): "database" (default) or "elasticsearch".
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "database")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if SEARCH_ENGINE not in ("database", "elasticsearch"):
    raise ImproperlyConfigured(f'SEARCH_ENGINE must be "database" or "elasticsearch", not {SEARCH_ENGINE!r}.')
if SEARCH_ENGINE == "elasticsearch" and not ELASTICSEARCH_URL:
    raise ImproperlyConfigured("SEARCH_ENGINE is elasticsearch: set ELASTICSEARCH_URL, e.g. http://127.0.0.1:9200.")
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "veldwerk")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))
# Circuit breaker: after a failure, Elasticsearch counts as down for this many seconds (per
# process): searches fall back and index updates are kept as pending at once, without waiting.
ELASTICSEARCH_COOLDOWN = float(os.environ.get("ELASTICSEARCH_COOLDOWN", "30"))
# Failed index updates kept for retry (search.models.PendingIndexUpdate); beyond this many pages
# the log asks for `manage.py search_index verify`, which repairs everything.
SEARCH_PENDING_INDEX_LIMIT = int(os.environ.get("SEARCH_PENDING_INDEX_LIMIT", "10000"))
# Facet values are counted exactly up to this many matches; above it, in the first this many (shown as "minstens").
# The total and the selected values are counted exactly up to SEARCH_TOTAL_EXACT_LIMIT ("meer dan 10.000"), as
# Elasticsearch's track_total_hits does: on PostgreSQL counting every match of a common word is most of a search.
SEARCH_TOTAL_EXACT_LIMIT = int(os.environ.get("SEARCH_TOTAL_EXACT_LIMIT", "10000"))
SEARCH_FACET_EXACT_LIMIT = int(os.environ.get("SEARCH_FACET_EXACT_LIMIT", "1000"))
# Processes that analyse documents beside the one writing them during a full rebuild (0: analyse in the
# writing process). Analysis is most of a rebuild, so by default every core but one does it.
SEARCH_REBUILD_PROCESSES = int(os.environ.get("SEARCH_REBUILD_PROCESSES", max(1, (os.cpu_count() or 1) - 1)))

# Background work (core/tasks.py): e-mails and index updates. django-tasks-db keeps the queue in
# the database; `manage.py db_worker` runs it (make run starts one). Wagtail's own tasks use it too.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Throttling of sign-in, page passwords, password-reset and invitation mails (accounts/throttling.py).
# Each limit is (count, seconds); counters live in the cache alias "throttle" (see CACHES).
THROTTLING = env_flag("THROTTLING", default=True)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))  # proxies in front that append to X-Forwarded-For
LOGIN_THROTTLE_PER_ACCOUNT_AND_CLIENT = (5, 15 * 60)  # failures that lock one account from one client
LOGIN_THROTTLE_PER_ACCOUNT = (8, 15 * 60)  # failures from all clients that lock an account everywhere
LOGIN_THROTTLE_PER_CLIENT = (50, 15 * 60)  # failures under any names that lock one client (an office) out
PAGE_PASSWORD_THROTTLE = (5, 15 * 60)  # wrong passwords per password-protected page and client
PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS = (3, 60 * 60)  # reset mails per e-mail address
PASSWORD_RESET_RATE_LIMIT_PER_CLIENT = (10, 60 * 60)  # reset requests per client
INVITATION_RATE_LIMIT = (20, 60 * 60)  # invitations per editor

# Caches: Redis when REDIS_URL is set, else per-process memory (development only). The throttle
# counters have an alias, and a Redis database, of their own: clearing the default cache (clear()
# empties a whole Redis database) never resets a lockout.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
PER_PROCESS_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("THROTTLE_REDIS_URL", "").strip() or redis_url_with_database(REDIS_URL, offset=1),
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "veldwerk-default"},
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "veldwerk-throttle"},
    }

COMMENT_RATE_LIMIT = (5, 60)  # comments per user, and the window in seconds, counted in the database
# Who publishes this installation's accessibility statement (/toegankelijkheid/) and where
# visitors report accessibility problems.
ACCESSIBILITY_ORGANISATION = os.environ.get("ACCESSIBILITY_ORGANISATION", "Veldwerk")
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "toegankelijkheid@veldwerk.example")

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Veldwerk <noreply@veldwerk.example>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
