"""Helpers shared by the learn tests: HTML inspection and an editor account."""

import re
from html.parser import HTMLParser

from django.contrib.auth.models import Permission

from tests.factories import make_user

SAFE_SCHEMES = {"http", "https", "mailto"}
# A URL scheme as browsers read it, after they drop tabs, newlines and outer spaces.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "img", "form", "base"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html):
    """Every start tag in ``html`` as (tag, {attribute: value}), entities decoded."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def executable_parts(html, *, allowed_tags=frozenset()):
    """What in ``html`` a browser could run: active tags, event handlers, style attributes
    and URLs with a scheme other than http(s) or mailto (relative URLs run nothing)."""
    found = []
    for tag, attrs in elements(html):
        if tag in ACTIVE_TAGS - allowed_tags:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = _SCHEME.match("".join(value.split()))
                if scheme and scheme[1].lower() not in SAFE_SCHEMES:
                    found.append(f"{tag}[{name}={value!r}]")
    return found


def make_editor(**kwargs):
    """A staff account allowed to view lessons in the admin, as editors are."""
    user = make_user(is_staff=True, **kwargs)
    user.user_permissions.add(
        Permission.objects.get(codename="view_article", content_type__app_label="learn")
    )
    return user
