"""Shared fragments: parts of personal pages that are the same for everyone, from the cache.

A signed-in learner's lesson page is made for them (progress, "mark as done"), but most of it
(the lesson text with its glossary links, the sources, the way on, the "what changed" notes)
is the same for every reader. `cached_fragment` keeps such a part's HTML in the cache, keyed
by the public page cache's generation (publishing.pagecache: any content save or delete moves
it, so an edit or a publish shows on the very next request), the language, and the parts the
caller names (the lesson's id). Like a stored public page, it is also never served after the
next scheduled publish or expiry of any content.

What goes in a fragment must not depend on who asks: no progress, no names, no forms (a CSRF
token is per visitor; a fragment holding one is made afresh each time and never stored).
`cached_value` does the same for data every reader's page loads alike (a published lesson
and its module's lesson list), so a cached page part needs no query either.

`memoized_fragment` is for the page's frame that no content shows in (the site's menu, the
footer, the stylesheet links): it depends only on the templates, the addresses and the
language, so each process keeps it in memory (no cache round trip) until it restarts. Not
with DEBUG on, so template edits show on the next reload.
"""

import hashlib
import logging
import re
import threading

from django.conf import settings
from django.core.cache import cache
from django.urls import get_urlconf
from django.utils import timezone, translation

from publishing import pagecache

logger = logging.getLogger(__name__)

_CSRF_FIELD = "csrfmiddlewaretoken"


def cached_value(name, parts, compute, *, check=None):
    """The value named `name` for `parts` from the cache, or `compute()` (then stored).

    A value that `check` (when given) refuses, or None, is returned without being stored.
    """
    seconds = settings.SHARED_FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    now = timezone.now()
    try:
        generation = pagecache.generation()
        text = "\n".join([name, str(generation), translation.get_language() or "", *parts])
        key = f"fragment:{hashlib.sha256(text.encode()).hexdigest()}"
        stored = cache.get(key)
    except Exception:  # the cache is down: make the value as if it were off
        logger.warning("Shared fragment cache unavailable.", exc_info=True)
        return compute()
    if stored is not None and now < stored[0]:
        return stored[1]
    value = compute()
    if value is None or (check is not None and not check(value)):
        return value
    try:
        cache.set(key, (pagecache.valid_until(generation, now, seconds), value), seconds)
    except Exception:
        logger.warning("Could not store a shared fragment.", exc_info=True)
    return value


def _holds_no_form(html):
    if _CSRF_FIELD in html:
        logger.warning("A fragment holds a form's CSRF token: not stored.")
        return False
    return True


def cached_fragment(name, parts, render):
    """The HTML of fragment `name` for `parts` from the cache, or `render()` (then stored)."""
    return cached_value(name, parts, render, check=_holds_no_form)


# Frame fragments made in this process: (name, language, address conf, parts) -> HTML.
_MEMO: dict[tuple, str] = {}
_MEMO_LIMIT = 1_000
_memo_lock = threading.Lock()


# Where a frame fragment's forms have their CSRF token while it is kept (see memoized_fragment).
CSRF_SLOT = "\x00csrf-token\x00"
# What a masked CSRF token looks like (django.middleware.csrf: 64 letters and digits).
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _holds_no_token(html):
    if _TOKEN.search(html):
        logger.warning("A frame fragment holds a CSRF token: not kept.")
        return False
    return True


def memoized_fragment(name, parts, render, *, slotted=False):
    """The HTML of frame fragment `name` for `parts` in the current language, made once per
    process by `render()`. Only for parts no content, visitor or request changes (the caller
    names whatever else they depend on in `parts`). One holding a form is never kept, unless
    `slotted`: `render()` then gives its forms CSRF_SLOT for a token (the caller fills in the
    visitor's), and one holding what looks like a real token is not kept."""
    if settings.DEBUG:
        return render()
    key = (name, translation.get_language() or "", get_urlconf() or settings.ROOT_URLCONF, *parts)
    html = _MEMO.get(key)
    if html is None:
        html = render()
        if _holds_no_token(html) if slotted else _holds_no_form(html):
            with _memo_lock:
                if len(_MEMO) >= _MEMO_LIMIT:
                    _MEMO.clear()
                _MEMO[key] = html
    return html
