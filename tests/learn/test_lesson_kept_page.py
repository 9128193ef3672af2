"""The lesson page kept whole with holes (publishing/holes.py, learn/lesson_views.py).

Made from the kept copy, the page is the page made in full; each reader gets their own "Done"
marks, "mark as done", account menu, messages and CSRF token; an edit or a publish shows on
the very next request; languages and time zones are kept apart.
"""

import datetime
import re
import uuid

import pytest
import redis
from django.core.cache import cache, caches
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.utils import timezone

from core import cachebatch, timezones
from core.visitors import SESSION_KEY as VISITOR_KEY
from groups.models import Membership
from publishing import fragments, holes
from publishing.models import Status
from tests.accounts.helpers import make_group
from tests.factories import make_article, make_module, make_user
from tests.review.helpers import take_quiz
from tests.services import service_missing
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DONE = "You marked this lesson as done."
DONE_MARK = '<span class="tag tag--done">'


def _signed_in(**kwargs):
    client = Client(enforce_csrf_checks=True)
    user = make_user(**kwargs)
    client.force_login(user)
    return client, user


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _mark_done(client, lesson):
    token = CSRF_INPUT.findall(_page(client, lesson.get_absolute_url()))[0]
    response = client.post(
        lesson.get_absolute_url() + "done/", {"done": "1", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    client.get(response.url)  # where "Lesson marked as done." is shown


@pytest.fixture(autouse=True)
def _nothing_kept_yet():
    holes.KEPT.clear()


@pytest.fixture
def lessons():
    module = make_module(title="Gut and brain")
    make_module(position=module.position + 1, title="Next steps")
    return [make_article(module=module, position=i, title=f"Lesson {i}") for i in range(3)]


def _three_ways(settings, client, url):
    """The page made in full, then from a new kept copy, then from the kept copy again."""
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
    full = _page(client, url)
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    holes.KEPT.clear()
    return full, _page(client, url), _page(client, url)


@pytest.mark.parametrize("which", [0, 2], ids=["first", "last"])
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("who", ["learner", "visitor"])
def test_the_kept_page_is_the_page_made_in_full(settings, lessons, which, language, who):
    make_translation(lessons[0], title="Lección cero")
    make_translation(lessons[0].module, title="Intestino y cerebro")
    client = _signed_in()[0] if who == "learner" else Client(enforce_csrf_checks=True)
    _mark_done(client, lessons[1])  # a visitor now has a session with progress
    url = ("/es" if language == "es" else "") + lessons[which].get_absolute_url()
    full, made, kept = _three_ways(settings, client, url)
    assert holes.KEPT._entries  # the page really was kept
    assert TOKEN.sub("T", made) == TOKEN.sub("T", full) == TOKEN.sub("T", kept)
    assert kept.count(DONE_MARK) == 1
    assert ('id="module-end-heading"' in kept) is (which == 2)


def test_each_reader_gets_their_own_marks_menu_and_token(lessons):
    first, first_user = _signed_in(first_name="Quillon", is_staff=True)
    second, _second_user = _signed_in()
    for lesson in lessons[:2]:
        _mark_done(first, lesson)
    url = lessons[0].get_absolute_url()
    mine = _page(first, url)
    theirs = _page(second, url)  # from the copy the first learner's request kept
    assert DONE in mine and mine.count(DONE_MARK) == 2 and "Admin</a>" in mine
    assert DONE not in theirs and DONE_MARK not in theirs and "Admin</a>" not in theirs
    assert "Mark as done" in theirs
    assert set(TOKEN.findall(mine)).isdisjoint(TOKEN.findall(theirs))
    for page in (mine, theirs):
        assert "Quillon" not in page and first_user.username not in page
    for _valid, page in holes.KEPT._entries.values():
        text = repr(page)
        assert not TOKEN.search(text) and "Quillon" not in text and "Admin</a>" not in text
    # Each token is good for its own reader: the second one marks the lesson done with theirs.
    token = CSRF_INPUT.findall(theirs)[-1]
    response = second.post(url + "done/", {"done": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert DONE in _page(second, url)


def test_an_edit_or_a_publish_shows_on_the_very_next_request(lessons):
    client, _user = _signed_in()
    url = lessons[0].get_absolute_url()
    assert "Lesson 0" in _page(client, url)
    lessons[0].title = "A better title"
    lessons[0].save()
    later = timezone.now() + datetime.timedelta(days=1)
    make_article(module=lessons[0].module, position=9, title="Brand new", publish_at=later)
    page = _page(client, url)
    assert "A better title" in page and "Brand new" not in page
    module = lessons[0].module
    module.title = "Gut, brain and you"
    module.save()
    make_article(module=module, position=8, title="Published just now")
    page = _page(client, url)
    assert "Gut, brain and you" in page and "Published just now" in page
    assert "Lesson 1 of 4" in page


def test_spanish_and_english_are_kept_apart(lessons):
    make_translation(lessons[0], title="Lección cero")
    client, _user = _signed_in()
    url = lessons[0].get_absolute_url()
    for _ in range(2):
        assert "Lección cero" not in _page(client, url)
        assert "Lección cero" in _page(client, "/es" + url)


def test_dates_are_kept_apart_by_time_zone(lessons):
    lesson = lessons[0]
    lesson.publish_at = datetime.datetime(2026, 1, 1, 23, 30, tzinfo=datetime.UTC)
    lesson.save()
    here, _user = _signed_in()
    there, _other = _signed_in()
    session = there.session
    session[timezones.SESSION_KEY] = "Pacific/Auckland"
    session.save()
    assert "1 January 2026" in _page(here, lesson.get_absolute_url())
    page = _page(there, lesson.get_absolute_url())
    assert "2 January 2026" in page and "1 January 2026" not in page


def test_a_message_shows_once(lessons):
    client, _user = _signed_in()
    url = lessons[0].get_absolute_url()
    token = CSRF_INPUT.findall(_page(client, url))[0]
    response = client.post(url + "done/", {"done": "1", "csrfmiddlewaretoken": token})
    assert response.url.startswith(url)
    assert "Lesson marked as done." in _page(client, url)
    assert "Lesson marked as done." not in _page(client, url)


def test_a_new_review_card_and_a_new_group_show_on_the_next_request(lessons):
    client, user = _signed_in()
    url = lessons[0].get_absolute_url()
    page = _page(client, url)
    assert "Review (" not in page and "My assignments" not in page
    take_quiz(user=user, answers=("wrong", "right"))
    assert "Review (1)" in _page(client, url)
    Membership.objects.create(group=make_group(educator=make_user()), user=user)
    page = _page(client, url)
    assert "Review (1)" in page and "My assignments" in page


def test_an_address_with_a_query_string_is_made_in_full(lessons):
    client, _user = _signed_in()
    page = _page(client, lessons[0].get_absolute_url() + '?a="><b>')
    assert not holes.KEPT._entries
    assert "Lesson 0" in page and '"><b>' not in page


def test_the_kept_page_goes_through_redis(settings, lessons):
    url = "redis://127.0.0.1:6379/11"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
    except redis.exceptions.ConnectionError as error:
        service_missing(f"no Redis reachable on 127.0.0.1:6379 ({error})")
    prefix = f"test-{uuid.uuid4().hex}"
    backend = {"BACKEND": "core.rediscache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    settings.CACHES = {"default": backend}
    first, _user = _signed_in()
    second, _other = _signed_in()
    try:
        _mark_done(first, lessons[0])
        url = lessons[0].get_absolute_url()
        page = _page(first, url)
        holes.KEPT.clear()  # the next page comes from the copy in Redis
        other = _page(second, url)
        assert holes.KEPT._entries
        settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
        full = _page(second, url)
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
    assert DONE in page and DONE not in other
    assert TOKEN.sub("T", other) == TOKEN.sub("T", full)


# The {% hole %} tag and the fragments around it.


def test_a_hole_renders_in_place_outside_a_kept_page():
    template = Template(
        '{% load fragment_tags %}{% hole "mark" 7 by=done %}{% if done %}yes{% endif %}'
        "{% endhole %}"
    )
    assert template.render(Context({"done": True})) == "yes"
    assert template.render(Context({"done": False})) == ""


def test_a_kept_page_holds_both_ways_of_a_choice_and_fills_each_request(rf):
    template = Template(
        '{% load fragment_tags %}<p>{% hole "mark" key by=done %}{% if done %}✓{% endif %}'
        "{% csrf_token %}{% endhole %}</p>"
    )
    collector = holes.HoleCollector()
    context = Context({holes.HOLES: collector, "key": 7, "csrf_token": fragments.CSRF_SLOT})
    page = holes.KeptPage(collector.pieces(template.render(context)))
    request = rf.get("/")
    yes = page.fill(request, {"mark": lambda key: key == "7"})
    no = page.fill(request, {"mark": False})
    assert yes.startswith("<p>✓<input") and no.startswith("<p><input")
    assert TOKEN.search(yes) and fragments.CSRF_SLOT not in yes


def test_a_live_hole_must_hold_its_partial():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load fragment_tags %}{% hole "menu" %}<nav></nav>{% endhole %}')
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragment_tags %}{% hole menu by=x %}{% endhole %}")


def test_no_fragment_keeps_a_hole():
    made = iter(["a" + fragments.HOLE_MARK + "0\x00", "b"])
    assert fragments.cached_fragment("f", ["1"], lambda: next(made)).startswith("a")
    assert fragments.cached_fragment("f", ["1"], lambda: next(made)) == "b"


def test_a_draft_lesson_is_never_kept(lessons):
    editor = make_user(is_staff=True, groups=["Editors"])
    client = Client()
    client.force_login(editor)
    draft = make_article(module=lessons[0].module, status=Status.DRAFT, title="Draft words")
    assert "Draft words" in _page(client, draft.get_absolute_url())
    assert "Lesson 0" in _page(client, lessons[0].get_absolute_url())
    assert not holes.KEPT._entries  # the editor's pages were made in full


def test_a_kept_lesson_reads_the_cache_once_with_the_headers_entries(monkeypatch, lessons):
    """The generation, the review count and the group flag come in one round trip
    (core.cachebatch); the page itself from this process's copy."""
    client, user = _signed_in()
    Membership.objects.create(group=make_group(educator=make_user()), user=user)
    take_quiz(user=user, answers=("wrong",))
    url = lessons[0].get_absolute_url()
    _page(client, url)
    reads, inside = [], []  # the local memory cache's get_many calls get for each key
    backend = caches["default"]

    def counted(name, real):
        def read(*args, **kwargs):
            if not inside:
                reads.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return read

    for name in ("get", "get_many", "get_or_set"):
        monkeypatch.setattr(backend, name, counted(name, getattr(backend, name)))
    page = _page(client, url)
    assert "Review (1)" in page and "My assignments" in page
    assert reads == ["get_many"]


def test_a_visitors_review_count_comes_with_the_batch(lessons):
    client = Client()
    client.post(lessons[1].get_absolute_url() + "done/", {"done": "1"})  # now has a session
    take_quiz(visitor_id=client.session[VISITOR_KEY], answers=("wrong", "wrong"))
    page = _page(client, lessons[0].get_absolute_url())
    assert "Review (2)" in page and "Log in" in page
    assert page.count(DONE_MARK) == 1


def test_the_batch_answers_only_for_what_it_read(rf):
    request = rf.get("/")
    cache.set("a", 1)
    batch = cachebatch.prefetch(request, ["a", "b"])
    assert batch == {"a": 1, "b": None}
    cache.set("a", 2)
    cache.set("c", 3)
    assert cachebatch.read_many(request, ["a", "b"]) == {"a": 1}  # as read at the start
    assert cachebatch.read_many(request, ["a", "c"]) == {"a": 2, "c": 3}  # not all batched
    assert cachebatch.read_many(None, ["a"]) == {"a": 2}
