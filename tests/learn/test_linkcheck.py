"""The reference link checker, against a real local HTTP server (pytest-httpserver)."""

import io
import socket
import ssl
import threading
import time
from urllib.error import URLError

import pytest
from django.contrib import admin, messages
from django.contrib.auth.models import Permission
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_httpserver import HTTPServer
from werkzeug import Response

from core.models import TaskProgress
from core.progress import progress_start, progress_url
from core.roles import EDITORS
from learn.linkcheck import (
    ADMIN_MAX_LINKS,
    USER_AGENT,
    LinkStateFilter,
    check_links,
    check_selected_links,
    describe_error,
)
from learn.models import ReferenceLink
from tests.factories import make_reference, make_user
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def threaded_server():
    # The plugin's shared server handles one request at a time; these tests need concurrency.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(threaded_server):
    threaded_server.clear()
    yield threaded_server
    threaded_server.check_handler_errors()


def run_command(*args):
    out = io.StringIO()
    call_command("check_links", *args, stdout=out, no_color=True)
    return out.getvalue()


def checked(link):
    link.refresh_from_db()
    return link


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_working_link_is_ok_after_one_head_request(server):
    server.expect_request("/ok").respond_with_data("hello")
    link = make_reference(url=server.url_for("/ok"))

    run_command()

    link = checked(link)
    assert (link.last_status, link.last_final_url, link.last_error) == (200, "", "")
    assert link.last_checked_at is not None
    assert link.link_state == "ok"
    [(request, _response)] = server.log
    assert request.method == "HEAD"
    assert request.headers["User-Agent"] == USER_AGENT


def test_redirect_chain_records_the_final_address(server):
    server.expect_request("/old").respond_with_data("", 301, {"Location": "/middle"})
    server.expect_request("/middle").respond_with_data(
        "", 302, {"Location": server.url_for("/new")}
    )
    server.expect_request("/new").respond_with_data("here")
    link = make_reference(url=server.url_for("/old"))

    run_command()

    link = checked(link)
    assert link.last_status == 200
    assert link.last_final_url == server.url_for("/new")
    assert link.last_error == ""
    assert link.link_state == "redirected"


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")],
)
def test_error_status_is_broken_with_a_readable_error(server, status, error):
    server.expect_request("/page").respond_with_data("no", status)
    link = make_reference(url=server.url_for("/page"))

    run_command()

    link = checked(link)
    assert (link.last_status, link.last_error, link.link_state) == (status, error, "broken")


def test_head_not_allowed_falls_back_to_get(server):
    server.expect_request("/no-head", method="HEAD").respond_with_data("", 405)
    server.expect_request("/no-head", method="GET").respond_with_data("x" * 100_000)
    link = make_reference(url=server.url_for("/no-head"))

    run_command()

    link = checked(link)
    assert (link.last_status, link.last_error, link.link_state) == (200, "", "ok")
    assert [request.method for request, _response in server.log] == ["HEAD", "GET"]


def test_connection_dropped_on_head_falls_back_to_get(server):
    def hang_up(request):
        # Some servers close the connection on HEAD without any answer.
        request.environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
        return Response("")

    server.expect_request("/drops-head", method="HEAD").respond_with_handler(hang_up)
    server.expect_request("/drops-head", method="GET").respond_with_data("fine")
    link = make_reference(url=server.url_for("/drops-head"))

    run_command()

    assert checked(link).link_state == "ok"
    # Both were asked; the threaded server may log the hung-up HEAD after the GET.
    assert sorted(request.method for request, _response in server.log) == ["GET", "HEAD"]


def test_forbidden_head_is_retried_with_get_before_calling_it_broken(server):
    server.expect_request("/private").respond_with_data("", 403)
    link = make_reference(url=server.url_for("/private"))

    run_command()

    assert checked(link).last_error == "HTTP 403 Forbidden"
    assert [request.method for request, _response in server.log] == ["HEAD", "GET"]


def test_slow_server_times_out(server):
    release = threading.Event()

    def slow(request):
        release.wait(5)
        return Response("late")

    server.expect_request("/slow").respond_with_handler(slow)
    link = make_reference(url=server.url_for("/slow"))

    started = time.monotonic()
    run_command("--timeout", "0.3")
    elapsed = time.monotonic() - started

    # Let the handler finish so its log entry cannot land in the next test.
    release.set()
    deadline = time.monotonic() + 5
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.01)
    link = checked(link)
    assert (link.last_status, link.last_error) == (None, "timed out after 0.3 s")
    assert link.link_state == "broken"
    assert elapsed < 1


def test_refused_connection_is_recorded():
    link = make_reference(url=f"http://127.0.0.1:{free_port()}/gone")

    run_command("--timeout", "2")

    link = checked(link)
    assert (link.last_status, link.last_error, link.link_state) == (
        None,
        "connection refused",
        "broken",
    )


def test_per_host_limit_caps_concurrent_requests_to_one_host(server):
    lock = threading.Lock()
    active = {"127.0.0.1": 0, "localhost": 0, "all": 0}
    peak = dict.fromkeys(active, 0)

    def counting(request):
        host = request.host.split(":")[0]
        with lock:
            for key in (host, "all"):
                active[key] += 1
                peak[key] = max(peak[key], active[key])
        time.sleep(0.15)
        with lock:
            active[host] -= 1
            active["all"] -= 1
        return Response("ok")

    server.expect_request("/busy").respond_with_handler(counting)
    for n in range(6):
        make_reference(url=f"http://127.0.0.1:{server.port}/busy?n={n}")
        make_reference(url=f"http://localhost:{server.port}/busy?n={n}")

    run_command("--workers", "8", "--per-host", "2")

    assert peak["127.0.0.1"] == 2
    assert peak["localhost"] == 2
    # The limit is per host, not global: both hosts were served at the same time.
    assert peak["all"] > 2
    assert set(ReferenceLink.objects.values_list("last_status", flat=True)) == {200}


def test_non_web_address_is_recorded_without_a_request(server):
    link = make_reference(url=f"ftp://127.0.0.1:{server.port}/paper.pdf")

    run_command()

    link = checked(link)
    assert link.last_status is None
    assert link.last_error == "not a web address (ftp scheme), not checked"
    assert link.link_state == "broken"
    assert server.log == []


def test_malformed_address_is_recorded_and_the_run_goes_on(server):
    server.expect_request("/ok").respond_with_data("ok")
    bad = make_reference(url="http://[::1/paper")
    good = make_reference(url=server.url_for("/ok"))

    run_command()

    assert checked(bad).last_error == "invalid address (Invalid IPv6 URL)"
    assert checked(bad).link_state == "broken"
    assert checked(good).link_state == "ok"


def test_redirect_to_a_non_web_scheme_is_not_followed(server):
    server.expect_request("/sneaky").respond_with_data("", 302, {"Location": "file:///etc/hosts"})
    link = make_reference(url=server.url_for("/sneaky"))

    run_command()

    link = checked(link)
    assert link.last_status == 302
    assert link.last_error == "redirects to a non-web address (file:), not followed"
    assert link.link_state == "broken"
    assert len(server.log) == 1


def test_more_than_five_redirects_is_broken(server):
    def hop(request):
        n = int(request.args["n"])
        return Response("", 302, {"Location": f"/hop?n={n + 1}"})

    server.expect_request("/hop").respond_with_handler(hop)
    link = make_reference(url=server.url_for("/hop?n=0"))

    run_command()

    link = checked(link)
    assert link.last_error == "more than 5 redirects"
    assert link.last_final_url == server.url_for("/hop?n=5")
    assert link.link_state == "broken"
    assert len(server.log) == 6


def test_a_check_stores_one_update_per_link_and_keeps_updated_at(server, django_assert_num_queries):
    server.expect_request("/ok").respond_with_data("ok")
    links = [make_reference(url=server.url_for(f"/ok?n={n}")) for n in range(5)]
    before = {link.pk: link.updated_at for link in links}

    with django_assert_num_queries(1 + 5):
        check_links(ReferenceLink.objects.all(), timeout=2)

    for link in ReferenceLink.objects.all():
        assert link.link_state == "ok"
        assert link.updated_at == before[link.pk]


def test_command_prints_a_summary_and_exits_zero_with_broken_links(server):
    server.expect_request("/ok").respond_with_data("ok")
    server.expect_request("/moved").respond_with_data("", 301, {"Location": "/ok"})
    server.expect_request("/missing").respond_with_data("", 404)
    make_reference(slug="fine", url=server.url_for("/ok"))
    make_reference(slug="moved", url=server.url_for("/moved"))
    make_reference(slug="missing", url=server.url_for("/missing"))

    output = run_command()  # returning normally is exit status 0

    lines = output.splitlines()
    assert lines[0].startswith("Checked 3 links in ")
    assert [line.split() for line in lines[1:4]] == [
        ["ok", "1"],
        ["redirected", "1"],
        ["broken", "1"],
    ]
    assert output.index("Broken") < output.index("Redirected")
    missing = next(line for line in lines if " missing " in line)
    assert missing.split()[:4] == ["404", "missing", server.url_for("/missing"), "-"]
    assert missing.endswith("  HTTP 404 Not Found")
    moved = next(line for line in lines if " moved " in line)
    assert moved.split() == ["200", "moved", server.url_for("/moved"), server.url_for("/ok")]


def test_fail_on_broken_exits_non_zero_only_when_a_link_is_broken(server):
    server.expect_request("/ok").respond_with_data("ok")
    server.expect_request("/missing").respond_with_data("", 404)
    make_reference(slug="fine", url=server.url_for("/ok"))

    run_command("--fail-on-broken")

    make_reference(slug="missing", url=server.url_for("/missing"))
    with pytest.raises(CommandError, match="1 broken link") as raised:
        run_command("--fail-on-broken")
    assert raised.value.returncode == 1


def test_only_broken_rechecks_just_the_broken_links(server):
    server.expect_request("/back").respond_with_data("ok")
    now = timezone.now()
    make_reference(url=server.url_for("/fine"), last_checked_at=now, last_status=200)
    broken = make_reference(
        url=server.url_for("/back"), last_checked_at=now, last_status=503, last_error="HTTP 503"
    )

    output = run_command("--only-broken", "--verbosity", "2")

    assert output.startswith(f"ok          {broken.slug}\n")
    assert [request.path for request, _response in server.log] == ["/back"]
    assert checked(broken).link_state == "ok"


def test_slug_option_checks_only_the_named_references(server):
    server.expect_request("/one").respond_with_data("ok")
    one = make_reference(slug="one", url=server.url_for("/one"))
    other = make_reference(slug="other", url=server.url_for("/other"))

    run_command("--slug", "one")

    assert checked(one).link_state == "ok"
    assert checked(other).link_state == "unchecked"
    with pytest.raises(CommandError, match="nope"):
        run_command("--slug", "one", "nope")


def test_command_rejects_a_zero_timeout():
    with pytest.raises(CommandError, match="positive"):
        run_command("--timeout", "0")


def test_command_with_no_references_says_so():
    assert run_command() == "No references to check.\n"


def _link_in_each_state():
    now = timezone.now()
    return {
        "unchecked": [make_reference()],
        "ok": [make_reference(last_checked_at=now, last_status=204)],
        "redirected": [
            make_reference(last_checked_at=now, last_status=200, last_final_url="https://x.org/")
        ],
        "broken": [
            make_reference(last_checked_at=now, last_status=404, last_error="HTTP 404 Not Found"),
            make_reference(last_checked_at=now, last_status=None, last_error="DNS lookup failed"),
            make_reference(last_checked_at=now, last_status=302, last_error="too many"),
            # Checked before errors were stored: the status alone says it is broken.
            make_reference(last_checked_at=now, last_status=500),
        ],
    }


def test_link_state_property_reads_the_last_check():
    for state, links in _link_in_each_state().items():
        assert {link.link_state for link in links} == {state}


def test_admin_filter_matches_the_link_state_property():
    expected = _link_in_each_state()
    model_admin = admin.ModelAdmin(ReferenceLink, admin.site)
    request = RequestFactory().get("/")
    unfiltered = LinkStateFilter(request, {}, ReferenceLink, model_admin)
    assert unfiltered.queryset(request, ReferenceLink.objects.all()).count() == 7
    assert [value for value, _label in unfiltered.lookup_choices] == [
        "broken",
        "redirected",
        "ok",
        "unchecked",
    ]

    for state, links in expected.items():
        link_filter = LinkStateFilter(request, {"link_state": [state]}, ReferenceLink, model_admin)
        found = link_filter.queryset(request, ReferenceLink.objects.all())
        assert set(found) == set(links)


def reference_admin():
    """The ReferenceLinkAdmin registered on the real admin site."""
    return admin.site._registry[ReferenceLink]


def test_the_reference_admin_offers_the_filter_and_the_action():
    model_admin = reference_admin()
    assert LinkStateFilter in model_admin.list_filter
    assert check_selected_links in model_admin.actions


def test_editor_filters_broken_links_and_checks_them_from_the_admin_list(client, server):
    server.expect_request("/ok").respond_with_data("ok")
    server.expect_request("/moved").respond_with_data("", 301, {"Location": "/ok"})
    now = timezone.now()
    broken = make_reference(
        title="Broken paper",
        url=server.url_for("/ok"),
        last_checked_at=now,
        last_status=404,
        last_error="HTTP 404 Not Found",
    )
    fine = make_reference(
        title="Fine paper", url=server.url_for("/ok"), last_checked_at=now, last_status=200
    )
    moved = make_reference(title="Moved paper", url=server.url_for("/moved"))
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))
    url = reverse("admin:learn_referencelink_changelist")

    listing = client.get(url, {"link_state": "broken"}).content.decode()
    assert "Broken paper" in listing and "HTTP 404 Not Found" in listing
    assert "Fine paper" not in listing and "Moved paper" not in listing

    response = client.post(
        url, {"action": "check_selected_links", "_selected_action": [broken.pk, moved.pk]}
    )
    # The check runs as a task; the editor watches its progress page.
    assert response.status_code == 302 and response["Location"].startswith("/progress/")
    waiting = client.get(response["Location"]).content.decode()
    assert "Working: 0 of 2 done." in waiting and 'hx-trigger="every 2s"' in waiting
    assert '<meta http-equiv="refresh" content="5">' in waiting
    run_worker()
    done = client.get(response["Location"]).content.decode()
    assert "Checked 2 links: 1 OK, 1 redirected, 0 broken." in done
    assert "hx-trigger" not in done and 'http-equiv="refresh"' not in done
    assert checked(broken).link_state == "ok"
    assert checked(moved).link_state == "redirected"
    assert checked(moved).last_final_url == server.url_for("/ok")
    assert checked(fine).last_checked_at == now  # not selected: untouched
    redirected = client.get(url, {"link_state": "redirected"}).content.decode()
    assert "Moved paper" in redirected and "Broken paper" not in redirected


def test_only_the_editor_who_started_a_check_sees_its_progress(client):
    owner = make_user(is_staff=True, groups=[EDITORS])
    progress = progress_start(owner=owner, label="Checking 1 links", total=1)
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))
    assert client.get(progress_url(progress)).status_code == 404
    client.logout()
    assert client.get(progress_url(progress)).status_code == 302  # to the login page


def run_worker():
    """Run the queued tasks, as the worker process would (tests/tasks.py)."""
    run_queued_tasks()


def admin_request(user=None):
    request = RequestFactory().post("/admin/learn/referencelink/")
    request.user = user or make_user(is_staff=True, is_superuser=True)
    request._messages = CookieStorage(request)
    return request


def test_admin_action_checks_the_selected_links_and_reports_broken_ones(server):
    server.expect_request("/ok").respond_with_data("ok")
    server.expect_request("/missing").respond_with_data("", 404)
    fine = make_reference(title="Fine paper", url=server.url_for("/ok"))
    gone = make_reference(title="Gone paper", year=None, url=server.url_for("/missing"))
    make_reference(title="Not selected", url=server.url_for("/other"))
    request = admin_request()

    check_selected_links(
        reference_admin(),
        request,
        ReferenceLink.objects.filter(pk__in=[fine.pk, gone.pk]),
    )
    run_worker()

    assert checked(fine).link_state == "ok"
    assert checked(gone).link_state == "broken"
    assert ReferenceLink.objects.get(title="Not selected").link_state == "unchecked"
    assert TaskProgress.objects.get().result == (
        "Checked 2 links: 1 OK, 0 redirected, 1 broken. Broken: Gone paper: HTTP 404 Not Found"
    )


def test_admin_action_reports_success_when_all_links_work(server):
    server.expect_request("/ok").respond_with_data("ok")
    link = make_reference(url=server.url_for("/ok"))
    request = admin_request()

    check_selected_links(
        reference_admin(),
        request,
        ReferenceLink.objects.filter(pk=link.pk),
    )
    run_worker()

    progress = TaskProgress.objects.get()
    assert progress.finished and not progress.failed and progress.done == progress.total == 1
    assert progress.result == "Checked 1 link: 1 OK, 0 redirected, 0 broken."


def test_admin_action_refuses_too_many_links_without_checking(server):
    for n in range(ADMIN_MAX_LINKS + 1):
        make_reference(url=server.url_for(f"/ref/{n}"))
    request = admin_request()

    check_selected_links(reference_admin(), request, ReferenceLink.objects.all())

    [message] = list(request._messages)
    assert message.level == messages.ERROR
    assert server.log == []
    assert not ReferenceLink.objects.filter(last_checked_at__isnull=False).exists()


def test_admin_action_is_offered_only_to_editors_who_may_change_references():
    model_admin = reference_admin()
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_referencelink"))
    changer = make_user(is_staff=True)
    changer.user_permissions.add(Permission.objects.get(codename="change_referencelink"))

    assert "check_selected_links" not in model_admin.get_actions(admin_request(viewer))
    assert "check_selected_links" in model_admin.get_actions(admin_request(changer))


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (TimeoutError("timed out"), "timed out after 10 s"),
        (URLError(TimeoutError("timed out")), "timed out after 10 s"),
        (URLError(socket.gaierror(-2, "Name or service not known")), "DNS lookup failed"),
        (URLError(ConnectionRefusedError(111, "Connection refused")), "connection refused"),
        (ConnectionResetError(104, "Connection reset by peer"), "connection reset"),
        (URLError(ssl.SSLError(1, "wrong version number")), "TLS error"),
        (URLError(OSError(101, "Network is unreachable")), "network is unreachable"),
    ],
)
def test_network_errors_are_described_in_short_plain_words(error, text):
    assert describe_error(error, 10.0) == text


def test_certificate_problems_say_what_was_wrong():
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_message = "certificate has expired"

    assert describe_error(URLError(error), 10.0) == "TLS error (certificate has expired)"
