"""The reference link checker: is every source in the reference library still reachable?

Worker threads only talk HTTP; the calling thread writes each outcome as soon as it arrives,
one UPDATE per link, so a long run never holds a transaction or a database connection per
thread, and an interrupted run keeps what it has already learned.

The stored error texts are short English phrases meant for editors and logs, like the HTTP
reason phrases they sit next to; the admin labels and messages around them are translated.
"""

import http.client
import itertools
import logging
import socket
import ssl
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from http import HTTPStatus
from urllib.error import URLError
from urllib.parse import urljoin, urlsplit

from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.tasks import task
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.progress import progress_finish, progress_start, progress_step, progress_url

logger = logging.getLogger(__name__)

USER_AGENT = "msportal-linkcheck/1.0 (+reference library check)"
WEB_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Servers that refuse HEAD (or answer it wrongly) get a second chance with GET.
HEAD_REFUSED_STATUSES = {403, 405, 501}
GET_READ_LIMIT = 4096
# The admin action runs as a background task (the editor watches its progress page); the
# whole library is the check_links command's or the weekly scheduled check's job.
ADMIN_MAX_LINKS = 200
ADMIN_TIMEOUT = 5.0

_checked = Q(last_checked_at__isnull=False)
_healthy = _checked & Q(last_error="", last_status__gte=200, last_status__lt=300)
# The database form of ReferenceLink.link_state; a test keeps the two in step.
LINK_STATES = {
    "broken": _checked
    & (
        ~Q(last_error="")
        | Q(last_status__isnull=True)
        | Q(last_status__lt=200)
        | Q(last_status__gte=300)
    ),
    "redirected": _healthy & ~Q(last_final_url=""),
    "ok": _healthy & Q(last_final_url=""),
    "unchecked": Q(last_checked_at__isnull=True),
}


@dataclass(frozen=True)
class CheckResult:
    """What one check found: the final HTTP status (None for network errors), the address
    the redirects ended at ("" when there were none) and a short error text ("" when fine)."""

    status: int | None = None
    final_url: str = ""
    error: str = ""


class _KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    # Replacing urllib's error processor hands back every response as it is: no exception for
    # 4xx/5xx and no automatic redirects, so the checker follows them itself and can refuse
    # non-web schemes and count hops.
    def http_response(self, request, response):
        return response

    https_response = http_response


def _web_only_opener():
    # Only http(s) handlers: even an address that slipped past the scheme check can never
    # read a local file or open an FTP connection. The proxy handler honours *_proxy variables.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _KeepEveryResponse(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


class LinkChecker:
    """Checks addresses over HTTP; safe to share between threads."""

    def __init__(self, *, timeout=10.0, per_host=2):
        self.timeout = timeout
        self.per_host = per_host
        self._opener = _web_only_opener()
        self._host_slots = {}
        self._lock = threading.Lock()

    def check(self, url):
        """Check one address: HEAD first, GET when the server refuses HEAD."""
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as exc:
            return CheckResult(error=f"invalid address ({exc})"[:300])
        if scheme not in WEB_SCHEMES:
            return CheckResult(error=f"not a web address ({scheme or 'no'} scheme), not checked")
        try:
            result = self._follow(url, "HEAD")
            return result or self._follow(url, "GET")
        except Exception as exc:
            # One odd server must not stop the run; the log keeps the details for a bug report.
            logger.exception("Unexpected error while checking %s", url)
            return CheckResult(error=f"unexpected error ({type(exc).__name__})")

    def _follow(self, url, method):
        """Request `url`, following up to MAX_REDIRECTS redirects.

        Returns None when a HEAD request was refused and the caller should try GET.
        """
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            final_url = current if current != url else ""
            try:
                status, reason, location = self._request(current, method)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                if method == "HEAD" and isinstance(_root_cause(exc), ConnectionResetError):
                    return None
                return CheckResult(final_url=final_url, error=describe_error(exc, self.timeout))
            if method == "HEAD" and status in HEAD_REFUSED_STATUSES:
                return None
            if status not in REDIRECT_STATUSES:
                error = "" if 200 <= status < 300 else f"HTTP {status} {_phrase(status, reason)}"
                return CheckResult(status=status, final_url=final_url, error=error.strip())
            if not location:
                return CheckResult(status, final_url, f"HTTP {status} without a Location header")
            target = urljoin(current, location.strip())
            target_scheme = urlsplit(target).scheme.lower()
            if target_scheme not in WEB_SCHEMES:
                error = f"redirects to a non-web address ({target_scheme}:), not followed"
                return CheckResult(status, final_url, error)
            current = target
        return CheckResult(status, final_url, f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url, method):
        request = urllib.request.Request(  # noqa: S310 (the opener has http(s) handlers only)
            _ascii_url(url),
            method=method,
            headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
        )
        with self._slot(_hostname(url)), self._opener.open(request, timeout=self.timeout) as r:
            if method == "GET":
                # Proof that the body starts is enough; never download a whole PDF.
                r.read(GET_READ_LIMIT)
            return r.status, r.reason, r.headers.get("Location")

    def _slot(self, host):
        with self._lock:
            if host not in self._host_slots:
                self._host_slots[host] = threading.BoundedSemaphore(self.per_host)
            return self._host_slots[host]


def describe_error(exc, timeout):
    """A short, human description of a network error."""
    exc = _root_cause(exc)
    if isinstance(exc, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS error ({exc.verify_message or 'certificate not accepted'})"
    if isinstance(exc, ssl.SSLError):
        return "TLS error"
    if isinstance(exc, socket.gaierror):
        return "DNS lookup failed"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError | ConnectionAbortedError):
        return "connection reset"
    if isinstance(exc, http.client.InvalidURL):
        return f"invalid address ({exc})"[:300]
    if isinstance(exc, http.client.HTTPException):
        return f"invalid HTTP response ({type(exc).__name__})"
    if isinstance(exc, URLError):
        return str(exc.reason)[:300]
    if isinstance(exc, OSError):
        return (exc.strerror or str(exc) or type(exc).__name__).lower()[:300]
    return f"invalid address ({exc})"[:300]


def _root_cause(exc):
    # urllib wraps errors raised while connecting in URLError; errors while reading are bare.
    while isinstance(exc, URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    return exc


def _phrase(status, reason):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return reason or ""


def _hostname(url):
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _ascii_url(url):
    """The address as http.client accepts it: an IDNA host and a percent-encoded path."""
    parts = urlsplit(url)
    netloc = parts.netloc if parts.netloc.isascii() else parts.netloc.encode("idna").decode()
    return iri_to_uri(parts._replace(netloc=netloc).geturl())


def _interleave_by_host(links):
    # Round-robin over hosts so that workers are not all parked on one host's semaphore.
    by_host = defaultdict(list)
    for link in links:
        by_host[_hostname(link.url)].append(link)
    rounds = itertools.zip_longest(*by_host.values())
    return [link for links_in_round in rounds for link in links_in_round if link is not None]


def record_result(link, result):
    """Store one outcome on its reference with a single UPDATE.

    `updated_at` is left alone: a link check is not an editorial change.
    """
    link.last_status = result.status
    link.last_final_url = result.final_url[:500]
    link.last_error = result.error[:300]
    link.last_checked_at = timezone.now()
    link.save(update_fields=["last_status", "last_final_url", "last_error", "last_checked_at"])


def check_links(links, *, timeout=10.0, workers=8, per_host=2, on_result=None):
    """Check the references `links` concurrently and store each outcome as it arrives.

    Returns a list of (reference, CheckResult) in the order they finished. `on_result`, if
    given, is called with each pair after it is stored (for progress output).
    """
    checker = LinkChecker(timeout=timeout, per_host=per_host)
    results = []
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="linkcheck")
    try:
        futures = {
            pool.submit(checker.check, link.url): link for link in _interleave_by_host(links)
        }
        for future in as_completed(futures):
            link, result = futures[future], future.result()
            record_result(link, result)
            results.append((link, result))
            if on_result:
                on_result(link, result)
    finally:
        # On Ctrl+C, drop the queue instead of checking everything that is left.
        pool.shutdown(wait=True, cancel_futures=True)
    return results


class LinkStateFilter(admin.SimpleListFilter):
    """Admin list filter by the outcome of the last link check."""

    title = _("link check")
    parameter_name = "link_state"

    def lookups(self, request, model_admin):
        return [
            ("broken", _("Broken")),
            ("redirected", _("Redirected")),
            ("ok", _("OK")),
            ("unchecked", _("Never checked")),
        ]

    def queryset(self, request, queryset):
        condition = LINK_STATES.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


def summary_of(results) -> tuple[str, bool]:
    """The editor's summary of a check, and whether any link was broken."""
    states = Counter(link.link_state for link, _result in results)
    summary = ngettext(
        "Checked %(count)d link: %(ok)d OK, %(redirected)d redirected, %(broken)d broken.",
        "Checked %(count)d links: %(ok)d OK, %(redirected)d redirected, %(broken)d broken.",
        len(results),
    ) % {
        "count": len(results),
        **{state: states[state] for state in ("ok", "redirected", "broken")},
    }
    if not states["broken"]:
        return summary, False
    broken = sorted(
        (str(link), result.error) for link, result in results if link.link_state == "broken"
    )
    details = "; ".join(f"{title}: {error}" for title, error in broken)
    return gettext("%(summary)s Broken: %(details)s") % {
        "summary": summary,
        "details": details,
    }, True


@task()
def check_links_task(progress_id: int, link_ids: list[int]) -> str:
    """The admin action's check, in the background, counting each link on its progress row."""
    from learn.references import ReferenceLink

    started = time.monotonic()
    results = check_links(
        ReferenceLink.objects.filter(pk__in=link_ids),
        timeout=ADMIN_TIMEOUT,
        on_result=lambda _link, _result: progress_step(progress_id),
    )
    logger.info("Link check of %d links took %.1f s", len(results), time.monotonic() - started)
    summary, _any_broken = summary_of(results)
    progress_finish(progress_id, summary)
    return summary


@admin.action(description=_("Check the selected links now"), permissions=["change"])
def check_selected_links(modeladmin, request, queryset):
    """Admin action: check the selected references in the background; show its progress."""
    link_ids = list(queryset.values_list("pk", flat=True))
    if len(link_ids) > ADMIN_MAX_LINKS:
        modeladmin.message_user(
            request,
            gettext(
                "Select at most %(max)d links at a time. To check the whole library, "
                "run the check_links command."
            )
            % {"max": ADMIN_MAX_LINKS},
            messages.ERROR,
        )
        return None
    progress = progress_start(
        owner=request.user,
        label=gettext("Checking %(count)d links") % {"count": len(link_ids)},
        total=len(link_ids),
        back_url=request.get_full_path(),
    )
    check_links_task.enqueue(progress.pk, link_ids)
    return HttpResponseRedirect(progress_url(progress))
