"""Helpers shared by the editorial tests."""

import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone

from editorial.models import GlossaryTerm, SitePage
from publishing.models import Status
from tests.factories import _n, make_user


def make_term(**kwargs):
    n = _n()
    defaults = {
        "term": f"term{n}",
        "slug": f"term-{n}",
        "short_definition": f"What term {n} means.",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
    }
    return GlossaryTerm.objects.create(**(defaults | kwargs))


def make_page(**kwargs):
    n = _n()
    defaults = {
        "slug": f"page-{n}",
        "title": f"Page {n}",
        "body": "Some words.",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
    }
    return SitePage.objects.create(**(defaults | kwargs))


def make_page_editor(**kwargs):
    """A staff account that may view site pages in the admin, as editors may."""
    user = make_user(is_staff=True, **kwargs)
    user.user_permissions.add(
        Permission.objects.get(codename="view_sitepage", content_type__app_label="editorial")
    )
    return user
