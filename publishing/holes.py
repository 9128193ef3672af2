"""Pages kept whole with holes: a personal page made from a shared copy and a few small parts.

A signed-in learner's lesson page is the same for every reader of that lesson who has the
same language, display settings and time zone, apart from a few small parts: the account menu
(review count, "My assignments", the log out form), the messages, "mark as done", the "Done"
marks in the module's lesson list, the module's end, and every form's CSRF token. `kept_page`
renders such a page once with those parts left as holes and keeps it in the shared cache as
a shared fragment (publishing.fragments: keyed by the content generation, so an edit or a
publish shows on the very next request, and never kept past the next scheduled change);
`KeptPage.fill` then makes each request's page by joining strings.

Templates mark the holes (publishing/templatetags/fragment_tags.py):

- ``{% hole "name" key by=flag %}…{% endhole %}``, a choice: what is inside depends only on
  whether the reader's `flag` is true, so the kept page holds it made both ways and the view
  says, per request, which one each hole gets (`choices`: a bool for the name, or a function
  of the key). The CSRF token inside is a slot.
- ``{% hole "name" %}{% partialdef name inline %}…{% endpartialdef %}{% endhole %}``, a live
  hole: made for each request from that partial, with the request's own context (request,
  user, CSRF token, messages, display settings) and what the view passes to `fill` (a quiz
  step: the learner's step, made from their attempt).

A page whose address names something personal (a quiz attempt's id) can be kept for everyone
all the same: the view names that value as a `fill` (`keep(fills=…)`), every place it shows in
the kept HTML becomes a slot, and `fill(fills=…)` puts each request's own there; the view
keys the page by its address without it (`kept_page(address=…)`).

Outside a page being kept, a hole renders what is inside it, in place. Nothing outside the
holes may depend on who asks, beyond what the caller names in the key; a hole may not sit
inside a shared or frame fragment (those refuse to keep HTML holding one).
"""

import logging
import re
from contextlib import ExitStack
from dataclasses import dataclass, field

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.context import make_context
from django.template.loader import get_template, render_to_string

from core import display
from publishing import pagecache
from publishing.fragments import CSRF_SLOT, HOLE_MARK, ProcessMemo, cached_value, holds_no_token

logger = logging.getLogger(__name__)

# The context variable that tells `{% hole %}` a page is being kept, and collects its holes.
HOLES = "kept_page_holes"
_FILL_MARK = "\x00fill:"
_MARKER = re.compile(
    f"({re.escape(CSRF_SLOT)}|{re.escape(HOLE_MARK)}[0-9]+\x00|{re.escape(_FILL_MARK)}[a-z-]+\x00)"
)
_CSRF = ("csrf",)
# What a fill's value may be: it is found and replaced as text, so it must read the same
# escaped or quoted in an address, and be long and random enough never to occur by chance.
_FILL_VALUE = re.compile(r"[A-Za-z0-9-]{32,}")
# Kept pages this process has read: a page read on every request costs no cache round trip.
# About 30 kB each (a lesson), so at most a few MB.
KEPT = ProcessMemo(limit=100)


class HoleCollector:
    """The holes met while a page is being kept; each leaves a marker in the HTML."""

    def __init__(self, fills=None):
        self.holes = []
        self.fills = fills or {}

    def _mark(self, hole):
        self.holes.append(hole)
        return f"{HOLE_MARK}{len(self.holes) - 1}\x00"

    def live(self, address):
        return self._mark(("live", address))

    def choice(self, name, key, if_false, if_true):
        return self._mark(("choice", name, key, if_false, if_true))

    def pieces(self, html):
        """`html` as a tuple of text and holes (each a tuple), in order."""
        for name, value in self.fills.items():
            html = html.replace(value, f"{_FILL_MARK}{name}\x00")
        pieces = []
        for index, piece in enumerate(_MARKER.split(html)):
            if index % 2 == 0:
                if piece:
                    pieces.append(piece)
            elif piece == CSRF_SLOT:
                pieces.append(_CSRF)
            elif piece.startswith(_FILL_MARK):
                pieces.append(("fill", piece[len(_FILL_MARK) : -1]))
            else:
                hole = self.holes[int(piece[len(HOLE_MARK) : -1])]
                if hole[0] == "choice":
                    hole = (*hole[:3], self.pieces(hole[3]), self.pieces(hole[4]))
                pieces.append(hole)
        return tuple(pieces)


@dataclass(frozen=True)
class KeptPage:
    """A page's shared HTML in pieces, with its holes; `data` is what the view kept beside it
    (for the lesson: which lessons the choices are about)."""

    pieces: tuple
    data: dict = field(default_factory=dict)

    def fill(self, request, choices, *, context=None, fills=None):
        """This request's page: the kept text with each hole filled in; live holes get
        `context` beside the request's own, and each fill slot its value in `fills`."""
        out = []
        with ExitStack() as bindings:
            self._fill(self.pieces, out, _Filler(request, choices, context, fills, bindings))
        return "".join(out)

    def _fill(self, pieces, out, filler):
        for piece in pieces:
            if type(piece) is str:
                out.append(piece)
            elif piece[0] == "csrf":
                out.append(filler.token())
            elif piece[0] == "choice":
                self._fill(piece[4] if filler.choose(piece[1], piece[2]) else piece[3], out, filler)
            elif piece[0] == "fill":
                out.append(filler.fills[piece[1]])
            else:
                out.append(filler.live(piece[1]))


class _Filler:
    def __init__(self, request, choices, context, fills, bindings):
        self.request, self.choices = request, choices
        self.extra, self.fills, self.bindings = context or {}, fills or {}, bindings
        self._token = self._context = None

    def token(self):
        if self._token is None:
            self._token = get_token(self.request)  # letters and digits: nothing to escape
        return self._token

    def choose(self, name, key):
        chosen = self.choices[name]
        return bool(chosen(key) if callable(chosen) else chosen)

    def live(self, address):
        template = get_template(address).template
        if self._context is None:  # one token a request: masking one costs as much as a hole
            self._context = make_context({**self.extra, "csrf_token": self.token()}, self.request)
            # The context processors run once for all the page's live holes, not once each.
            self.bindings.enter_context(self._context.bind_template(template))
        return template.render(self._context)


def keep(request, template_name, context, data=None, *, fills=None):
    """Render `template_name` with `context` as a page to keep: holes left as holes, every CSRF
    token a slot, and every place a value in `fills` ({name: value}) shows a slot for it. None
    (so nothing is kept) if a real token got in all the same."""
    for value in (fills or {}).values():
        if not _FILL_VALUE.fullmatch(value):
            raise ValueError("A fill's value must be 32 or more letters, digits and dashes.")
    collector = HoleCollector(fills)
    html = render_to_string(
        template_name, {**context, HOLES: collector, "csrf_token": CSRF_SLOT}, request
    )
    if not holds_no_token(html):
        return None
    return KeptPage(collector.pieces(html), data or {})


def prefetch(request):
    """Read the generation, with what the header reads, in one round trip (once a request):
    a view that reads shared values before its kept page (a quiz step's words) calls it first."""
    if getattr(request, "_kept_page_prefetched", False):
        return
    request._kept_page_prefetched = True
    try:
        pagecache.prefetch(request)
    except Exception:  # the cache is down: each read after copes on its own
        logger.warning("Could not read the request's cache entries at once.", exc_info=True)


def kept_page(request, name, parts, make, *, address=None, remember=True):
    """The kept page `name` for `parts` from the shared cache, or `make()` (a KeptPage or
    None; then stored). Keyed also by what every page's frame depends on: the address (the
    request's, or `address`: the request's without its fills), host and scheme, the display
    settings and whether the reader is signed in (the language, the zone and the content
    generation are publishing.fragments' part of the key). None when shared fragments are off
    (DEBUG): the caller makes the page in full. `remember=False` keeps the page in the shared
    cache only, not also in this process (pages of which there are too many to keep in
    memory, a search's for each query: they would push the lessons out of it)."""
    if settings.SHARED_FRAGMENT_CACHE_SECONDS <= 0:
        return None
    prefetch(request)
    frame = [
        request.scheme,
        request.get_host(),
        request.get_full_path() if address is None else address,
        display.current(request).classes,
        str(request.user.is_authenticated),
    ]
    memo = KEPT if remember else None
    return cached_value(f"kept-page:{name}", [*frame, *parts], make, memo=memo)
