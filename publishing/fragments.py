"""Shared fragments: parts of personal pages that are the same for everyone, from the cache.

A signed-in learner's lesson page is made for them (progress, "mark as done"), but most of it
(the lesson text with its glossary links, the sources, the way on, the "what changed" notes)
is the same for every reader. `cached_fragment` keeps such a part's HTML in the cache, keyed
by the public page cache's generation (publishing.pagecache: any content save or delete moves
it, so an edit or a publish shows on the very next request), the language, the time zone
(dates are shown in the reader's), the parts the caller names (the lesson's id), and what the
running code makes pages from (`release`: templates, catalogs, static files). Like a
stored public page, it is also never served after the next scheduled publish or expiry of any
content. A whole page can be kept the same way with holes for its personal parts
(publishing/holes.py); no fragment may hold such a hole.

What goes in a fragment must not depend on who asks: no progress, no names, no forms (a CSRF
token is per visitor; a fragment holding one is made afresh each time and never stored).
`cached_value` does the same for data every reader's page loads alike (a published lesson
and its module's lesson list), so a cached page part needs no query either.

`memoized_fragment` is for the page's frame that no content shows in (the site's menu, the
footer, the stylesheet links): it depends only on the templates, the addresses and the
language, so each process keeps it in memory (no cache round trip) until it restarts. Not
with DEBUG on, so template edits show on the next reload.
"""

import functools
import hashlib
import logging
import os
import re
import threading

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.urls import get_urlconf
from django.utils import timezone, translation

from publishing import pagecache

logger = logging.getLogger(__name__)

_CSRF_FIELD = "csrfmiddlewaretoken"
# How a hole of a page being kept starts in its HTML (publishing/holes.py).
HOLE_MARK = "\x00hole:"


@functools.cache
def release():
    """What the shared cache's words and markup are made from, as a digest: the site's
    templates and translation catalogs and its static files' names, read once per process.
    Part of every key, so after a deploy that changes any of them no server serves parts the
    old code made (a whole kept page would otherwise link stylesheets that are gone)."""
    digest = hashlib.sha256(getattr(staticfiles_storage, "manifest_hash", "").encode())
    folders = [*settings.LOCALE_PATHS]
    for engine in settings.TEMPLATES:
        folders.extend(engine.get("DIRS", []))
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                digest.update(os.path.relpath(path, folder).encode())
                with open(path, "rb") as file:
                    digest.update(file.read())
    return digest.hexdigest()[:16]


def cached_value(name, parts, compute, *, check=None, memo=None):
    """The value named `name` for `parts` from the cache, or `compute()` (then stored).

    A value that `check` (when given) refuses, or None, is returned without being stored.
    With `memo` (a ProcessMemo) the value is also kept in this process under the same key,
    which holds the generation: a later read costs no cache round trip (for a large value
    read on every request, such as a kept page).
    """
    seconds = settings.SHARED_FRAGMENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    now = timezone.now()
    try:
        generation = pagecache.generation()
        language = translation.get_language() or ""
        zone = timezone.get_current_timezone_name()
        text = "\n".join([name, release(), str(generation), language, zone, *parts])
        key = f"fragment:{hashlib.sha256(text.encode()).hexdigest()}"
        stored = memo.get(key, now) if memo is not None else None
        if stored is not None:
            return stored[1]
        stored = cache.get(key)
    except Exception:  # the cache is down: make the value as if it were off
        logger.warning("Shared fragment cache unavailable.", exc_info=True)
        return compute()
    if stored is not None and now < stored[0]:
        if memo is not None:
            memo.put(key, stored)
        return stored[1]
    value = compute()
    if value is None or (check is not None and not check(value)):
        return value
    try:
        stored = (pagecache.valid_until(generation, now, seconds), value)
        cache.set(key, stored, seconds)
    except Exception:
        logger.warning("Could not store a shared fragment.", exc_info=True)
    else:
        if memo is not None:
            memo.put(key, stored)
    return value


class ProcessMemo:
    """Shared values this process also keeps in memory, each until its `valid_until` (at most
    the shared cache's lifetime, never past the next scheduled change); at most `limit` of
    them (all forgotten when full)."""

    def __init__(self, limit):
        self.limit = limit
        self._entries = {}
        self._lock = threading.Lock()

    def get(self, key, now):
        entry = self._entries.get(key)
        return entry if entry is not None and now < entry[0] else None

    def put(self, key, entry):
        with self._lock:
            if len(self._entries) >= self.limit:
                self._entries.clear()
            self._entries[key] = entry

    def clear(self):
        with self._lock:
            self._entries.clear()


def _holds_no_form(html):
    if _CSRF_FIELD in html:
        logger.warning("A fragment holds a form's CSRF token: not stored.")
        return False
    return _holds_no_hole(html)


def _holds_no_hole(html):
    if HOLE_MARK in html:
        logger.warning("A fragment holds a hole of a page being kept: not stored.")
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


def holds_no_token(html):
    """False (and a warning) when `html` holds what looks like a real CSRF token."""
    if _TOKEN.search(html):
        logger.warning("A kept fragment or page holds a CSRF token: not kept.")
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
        if (holds_no_token(html) and _holds_no_hole(html)) if slotted else _holds_no_form(html):
            with _memo_lock:
                if len(_MEMO) >= _MEMO_LIMIT:
                    _MEMO.clear()
                _MEMO[key] = html
    return html
