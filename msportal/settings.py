"""Settings for msportal, read from the environment.

One module for every environment. Anything that differs between a laptop, CI and production
comes from an environment variable, with a default that is safe for production: DEBUG is off
unless DJANGO_DEBUG says otherwise, and a production start without DJANGO_SECRET_KEY fails.
"""

import datetime
import os
import re
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


DEBUG = env_bool("DJANGO_DEBUG", False)
# pytest (8.2 and later) sets PYTEST_VERSION for the whole run.
TESTING = "PYTEST_VERSION" in os.environ or "test" in sys.argv[1:2]


def _local_secret_key():
    """A key for development only: kept in an ignored file so sessions survive restarts."""
    key_file = BASE_DIR / ".secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if TESTING:
        SECRET_KEY = secrets.token_urlsafe(50)
    elif DEBUG:
        SECRET_KEY = _local_secret_key()
    else:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG or TESTING else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Search lookups and type handlers; on SQLite it only registers lookups nobody calls.
    "django.contrib.postgres",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    # The database task queue (django.tasks backend; `manage.py worker` runs it).
    "django_tasks_db",
    # The project's apps, lowest layer first (docs/architecture.md; CI checks the order).
    "core",
    "publishing",
    "learn",
    "editorial",
    "quizzes",
    "review",
    "groups",
    "accounts",
    "notifications",
]

# Order matters. The outer layers (request id and log line, security headers, CSP, framing)
# wrap everything below, so static files, the 503 page and the lockout page get them too. The
# outage guard sits above sessions and authentication, the first layers to need the database.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django's, with the settings' policy written out once (core/middleware.py).
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Request id and log line, Permissions-Policy and CORP, the 503 page (core/middleware.py).
    "core.middleware.RequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside WhiteNoise (static files are public), outside sessions (sees a new session cookie).
    "core.middleware.PrivatePagesMiddleware",
    # Stored public pages answered here, before sessions, language, CSRF and authentication.
    "publishing.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The address's language, or the visitor's for an unprefixed page (a redirect) and the API.
    "core.languages.LanguageMiddleware",
    # Outside CommonMiddleware, so it sees the 404 that APPEND_SLASH did not redirect.
    "core.api.middleware.ApiNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the viewer's zone, read from the session (no query of its own).
    "core.timezones.TimeZoneMiddleware",
    # Django's, with the message storage made on first use (core/middleware.py).
    "core.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout seen during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "msportal.urls"
WSGI_APPLICATION = "msportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.display.display_context",
            ],
        },
    },
]

# Database: SQLite file in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reusing a connection saves its set-up (and a PostgreSQL process) on every request;
        # the health check notices a connection that died while idle (docs/deploy.md).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE avoids lock upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The health check above runs only for a connection idle longer than this (core/dbhealth.py):
# a busy server saves a `SELECT 1` round trip per request.
DATABASE_HEALTH_CHECK_IDLE_SECONDS = env_int("DATABASE_HEALTH_CHECK_IDLE_SECONDS", 10)

# Cache and sessions: Redis when REDIS_URL is set (core/rediscache.py: Django's backend keeping
# one client object per connection pool), otherwise memory in this process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "msportal"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The page cache and the shared fragments below are right only when every process reads the
# same cache: a content edit moves the content generation in the cache, and a process with a
# memory cache of its own never sees that (gunicorn runs several workers, beside the task
# worker and manage.py). So by default they are on with REDIS_URL, and in the test run (one
# process); off without Redis, and off while developing so that template changes show on the
# next reload. Setting either variable decides for itself.
_CONTENT_CACHES = not DEBUG and (bool(REDIS_URL) or TESTING)
# Public reading pages for visitors without a session are served from the cache for this
# many seconds (publishing/pagecache.py); content edits take effect at once. 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60 if _CONTENT_CACHES else 0)
# Parts of signed-in pages that are the same for everyone (a lesson's text, sources and way
# on) are kept this long (publishing/fragments.py); content edits take effect at once. 0: off.
SHARED_FRAGMENT_CACHE_SECONDS = env_int(
    "SHARED_FRAGMENT_CACHE_SECONDS", 600 if _CONTENT_CACHES else 0
)
# How long a shared cache in front (CDN, reverse proxy) may keep such a page: it says
# `Cache-Control: public, max-age=0, s-maxage=N` (docs/deploy.md). A publish reaches visitors
# behind that cache within N seconds, or at once with a purge. 0: no such header.
PUBLIC_PAGE_SHARED_CACHE_SECONDS = env_int("PUBLIC_PAGE_SHARED_CACHE_SECONDS", 30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "learn:home"
LOGOUT_REDIRECT_URL = "learn:home"

LANGUAGE_CODE = "en"
# Interface text: locale/<code>/LC_MESSAGES/django.po, compiled by `manage.py compile_catalogs`
# (make install, the test set-up); addresses per language: core/languages.py.
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates per language: templates and code name a format, msportal/formats/<code>/ says how it reads.
FORMAT_MODULE_PATH = ["msportal.formats"]
# The site's time zone: for visitors, and for accounts and groups that chose none. Each
# person picks their own (core/timezones.py); dates are stored in UTC whatever this says.
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files while developing and testing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Email (Django 6.1 mailers): the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
# In `make run` (scripts/dev.sh) EMAIL_CONSOLE=1 prints every message, even with EMAIL_HOST set.
if env_bool("EMAIL_CONSOLE", False):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "msportal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (Django's task framework) on a queue kept in the database: `manage.py worker`
# runs it (docs/deploy.md). Tasks enqueued while no worker runs wait in the table.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Messages (notifications app): the address links in emails point to, tries per message and
# the first wait before a retry (doubling each time).
MSPORTAL_SITE_URL = os.environ.get("MSPORTAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NOTIFICATIONS_SEND_ATTEMPTS = env_int("NOTIFICATIONS_SEND_ATTEMPTS", 5)
NOTIFICATIONS_RETRY_SECONDS = env_int("NOTIFICATIONS_RETRY_SECONDS", 60)

# Security headers. Django's defaults stay on; production adds HTTPS-only cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not TESTING)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: everything comes from this site; no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_REQUEST_BYTES", 2_621_440)

# Logs: one JSON object per line on the console (core/logging.py), for whatever collects
# the app's output. DJANGO_LOG_FORMAT=text gives plain lines, e.g. while developing.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "core.logging.LineHandler",
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Our request line replaces Django's own "GET /path" lines from runserver.
        "django.server": {"level": "WARNING"},
        # axes says hello at every start and logs each login at INFO; lockouts are WARNINGs.
        "axes": {"level": "WARNING"},
    },
}

# Demo accounts (make run) print their passwords only when DEBUG is on.
MSPORTAL_SITE_NAME = os.environ.get("MSPORTAL_SITE_NAME", "msportal")

# Quiz time limits: answers sent this many seconds after the deadline still count, so a
# slow connection never costs a learner the answer they were sending.
QUIZ_TIME_GRACE_SECONDS = env_int("QUIZ_TIME_GRACE_SECONDS", 30)

# ---------------------------------------------------------------------------------------------
# Operations: login lockout, rate limits, client addresses (docs/deploy.md)
# ---------------------------------------------------------------------------------------------

# How many proxies (load balancer, CDN) sit in front of the app and append X-Forwarded-For.
# 0 = the app is reached directly and REMOTE_ADDR is the client (core/clientip.py).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Wrong passwords, on the site login, the admin login and every form that asks for the current
# password (django-axes; core/login_limits.py, core/auth_backends.py; docs/deploy.md). Following
# NIST SP 800-63B, guessing is limited without letting anyone lock someone else out:
# - one account from one address: paused for 15 minutes after 5 wrong passwords. Only that
#   pair: the owner logging in from elsewhere is not stopped by a stranger's guesses.
# - one address, any accounts: paused after 100 in 15 minutes. A support group on a clinic's
#   Wi-Fi (20 people mistyping twice) goes on; a spray over many accounts is stopped.
# - one account, any addresses: never locked. After 10 wrong passwords within a day, each
#   further one makes the next try for that account wait: 30 seconds, then twice as long each
#   time, at most 15 minutes (about 110 guesses a day at most). Counted in the cache (Redis);
#   the wait ends by itself and a right password clears it.
# The pair and address counts are in the database, so every app server sees the same count.
# A right password during a pause is refused too.
AUTHENTICATION_BACKENDS = [
    "core.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MSPORTAL_PAIR_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
MSPORTAL_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 100)
AXES_FAILURE_LIMIT = "core.auth_backends.failure_limit"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# A right password clears only its own pair (core.login_limits.login_success_clear), never the
# whole address: a sprayer could otherwise wipe the address count with an account of their own.
AXES_RESET_ON_SUCCESS = False
# The page says "wait 15 minutes": more tries during the pause must not move that goalpost.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_SLOWDOWN_AFTER = env_int("LOGIN_SLOWDOWN_AFTER", 10)
LOGIN_SLOWDOWN_FIRST_SECONDS = 30
LOGIN_SLOWDOWN_MAX_SECONDS = env_int("LOGIN_SLOWDOWN_MAX_MINUTES", 15) * 60
LOGIN_SLOWDOWN_WINDOW_SECONDS = 24 * 60 * 60
AXES_LOCKOUT_CALLABLE = "core.views.lockout"
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
# Keep no record of successful logins (address, browser): only failed tries, until they expire.
AXES_DISABLE_ACCESS_LOG = True
# Names, addresses and browsers stay out of axes' log messages and stored form data.
# The password change form's fields too: its wrong old passwords are recorded like failed logins.
_PASSWORD_FIELDS = ["old_password", "new_password1", "new_password2"]
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "user_agent", "email", *_PASSWORD_FIELDS]

# Rate limits on forms that can be abused (core/ratelimit.py). Each scope's rate can be
# changed without a release: DJANGO_RATELIMITS="signup=20/h,password-reset=10/h".
RATELIMITS = dict(item.split("=", 1) for item in env_list("DJANGO_RATELIMITS") if "=" in item)
for _scope, _rate in RATELIMITS.items():
    # The form core.ratelimit.parse_rate reads; a typo should stop the start, not a signup.
    if not re.fullmatch(r"\s*\d+\s*/\s*\d*\s*[smhd]\s*", _rate):
        raise ImproperlyConfigured(f"DJANGO_RATELIMITS: {_scope}={_rate} is not like 20/h.")

# REST API (/api/v1/, docs/architecture.md "API"): JSON only, one error format, tokens or
# the session, page-number pagination, and request rates per client.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.BearerTokenAuthentication",
        "core.api.authentication.SessionAuthentication",
    ],
    # Every view names its own permission classes; this default is for content.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttles.AnonThrottle",
        "core.api.throttles.UserThrottle",
        "core.api.throttles.ScopedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANON", "60/min"),
        "user": os.environ.get("API_RATE_USER", "240/min"),
        "api-write": os.environ.get("API_RATE_WRITE", "30/min"),
    },
    # The same proxy count as the rest of the site (DJANGO_TRUSTED_PROXY_COUNT); 0 trusts only
    # REMOTE_ADDR, so a client cannot dodge the anonymous rate with its own X-Forwarded-For.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# The OpenAPI schema's settings (drf-spectacular) are long and change with the API only.
from msportal.api_settings import SPECTACULAR_SETTINGS  # noqa: E402, F401
