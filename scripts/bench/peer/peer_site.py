"""The peer for `make bench-closed`: a plain Django project with msportal's /healthz view.

The issue 19 goal: msportal's bare /healthz at least as fast as the same view in a plain
Django project on the same server settings. This one module is that project: settings, URLs,
the view and the WSGI application. It has what `django-admin startproject` makes (its apps and
middleware), DEBUG off, Django's default logging, and PostgreSQL from DATABASE_URL with the
same connection reuse as msportal (DATABASE_CONN_MAX_AGE, 60 s); Django's own default of no
connection health checks. scripts/bench/closed_loop.py serves it with msportal's
gunicorn.conf.py (`gunicorn --config gunicorn.conf.py --pythonpath scripts/bench/peer
peer_site`, DJANGO_SETTINGS_MODULE=peer_site); scripts/bench/fixed_cost.py times it in-process.
"""

import os

import dj_database_url
from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "peer-only-for-benchmarks")
ALLOWED_HOSTS = [*os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1").split(","), "testserver"]
ROOT_URLCONF = __name__
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE") or 60),
    )
}
STATIC_URL = "static/"


@never_cache
@require_GET
def healthz(request):
    """core.views.healthz, the same lines: SELECT 1 through the ORM's connection."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


urlpatterns = [path("healthz", healthz)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
application = get_wsgi_application()
