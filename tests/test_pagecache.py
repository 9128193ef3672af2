"""The whole-page cache for visitors without a session (publishing/pagecache.py).

Public pages come from the cache without touching the database; saving or deleting content
makes them fresh at once; pages for a session (a visitor with progress, a signed-in learner)
are neither served from the cache nor stored in it; each visitor gets working CSRF tokens.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from publishing import pagecache
from tests.factories import make_article, make_faq, make_module, make_quiz, make_user

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _visitor_get(url, **cookies):
    """A page as a new visitor without a session sees it."""
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_without_a_session_gets_the_page_from_the_cache(
    django_assert_num_queries,
):
    lesson = make_article(title="Fibre and the gut")
    assert "Fibre and the gut" in _visitor_get(lesson.get_absolute_url())
    with django_assert_num_queries(0):
        assert "Fibre and the gut" in _visitor_get(lesson.get_absolute_url())


def test_a_page_made_again_answers_304_to_a_visitor_who_has_it_and_not_after_an_edit():
    lesson = make_article(title="Fibre and the gut")
    etag = Client().get(lesson.get_absolute_url())["ETag"]
    cache.clear()  # the stored copy expired, or another app server's cache lacks it
    unchanged = Client().get(lesson.get_absolute_url(), headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged["ETag"]) == (304, etag)
    lesson.title = "Fibre and the brain"
    lesson.save()
    changed = Client().get(lesson.get_absolute_url(), headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Fibre and the brain" in changed.content.decode()


def test_saving_a_lesson_makes_its_page_fresh_at_once():
    lesson = make_article(title="Old title")
    _visitor_get(lesson.get_absolute_url())
    lesson.title = "New title"
    lesson.save()
    page = _visitor_get(lesson.get_absolute_url())
    assert "New title" in page
    assert "Old title" not in page


def test_content_changed_without_signals_is_still_served_from_the_cache():
    """The opposite check: the cache really holds the page (so the test above means it)."""
    lesson = make_article(title="Old title")
    _visitor_get(lesson.get_absolute_url())
    type(lesson).objects.filter(pk=lesson.pk).update(title="Silently changed")
    assert "Old title" in _visitor_get(lesson.get_absolute_url())


def test_deleting_a_faq_removes_it_from_the_cached_faq_page():
    faq = make_faq(question="Can probiotics cure MS?")
    assert "Can probiotics cure MS?" in _visitor_get("/faq/")
    faq.delete()
    assert "Can probiotics cure MS?" not in _visitor_get("/faq/")


def test_linking_a_lesson_to_a_faq_makes_the_faq_page_fresh():
    faq = make_faq()
    lesson = make_article(title="Linked lesson title")
    assert "Linked lesson title" not in _visitor_get("/faq/")
    faq.related_articles.add(lesson)
    assert "Linked lesson title" in _visitor_get("/faq/")


def test_a_lesson_scheduled_to_appear_shows_on_the_cached_module_page_at_its_time(monkeypatch):
    module = make_module()
    make_article(module=module, title="Out now")
    publish_at = timezone.now() + datetime.timedelta(seconds=30)
    make_article(module=module, title="Coming soon", publish_at=publish_at)
    assert "Coming soon" not in _visitor_get(module.get_absolute_url())
    monkeypatch.setattr("django.utils.timezone.now", lambda: publish_at)
    assert "Coming soon" in _visitor_get(module.get_absolute_url())


def test_a_visitors_progress_is_never_served_to_others_nor_taken_from_the_cache(client):
    lesson = make_article()
    url = lesson.get_absolute_url()
    assert "Mark as not done" not in _visitor_get(url)  # fills the cache
    # This visitor marks the lesson done: now they have a session, and their page says so.
    assert client.post(url + "done/", {"done": "1"}).status_code == 302
    assert "Mark as not done" in client.get(url).content.decode()
    # Their personal page did not replace the shared one.
    assert "Mark as not done" not in _visitor_get(url)


def test_a_signed_in_learners_page_is_personal(client):
    lesson = make_article()
    url = lesson.get_absolute_url()
    assert "Log out" not in _visitor_get(url)
    client.force_login(make_user(username="reader-one"))
    assert "Log out" in client.get(url).content.decode()
    assert "Log out" not in _visitor_get(url)


def test_display_settings_get_their_own_cached_page():
    lesson = make_article()
    url = lesson.get_absolute_url()
    assert "display-theme-dark" not in _visitor_get(url)
    assert "display-theme-dark" in _visitor_get(url, msportal_display="theme:dark")
    assert "display-theme-dark" not in _visitor_get(url)


def test_a_cached_page_carries_csrf_tokens_for_the_visitor_reading_it():
    quiz = make_quiz(questions=2)
    _visitor_get(quiz.get_absolute_url())  # someone else fills the cache
    client = Client(enforce_csrf_checks=True)
    page = client.get(quiz.get_absolute_url()).content.decode()
    token = CSRF_INPUT.search(page).group(1)
    response = client.post(quiz.get_absolute_url(), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "/attempts/" in response["Location"]


def test_a_form_post_is_never_answered_from_the_cache():
    quiz = make_quiz(questions=1)
    _visitor_get(quiz.get_absolute_url())
    response = Client().post(quiz.get_absolute_url())
    assert response.status_code == 302


CLASSIFIED_APPS = (
    *("core", "publishing", "learn", "editorial", "quizzes", "review", "groups", "notifications"),
    "django_tasks_database",  # the task queue's results (django_tasks_db)
)


def test_every_model_of_the_content_apps_is_classified():
    """A new model must say whether it shows on public pages (and then invalidates them)."""
    labels = {
        model._meta.label
        for app in CLASSIFIED_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")  # django-simple-history's copies
    }
    assert labels == set(pagecache.CONTENT_MODELS) | set(pagecache.OTHER_MODELS)
    assert not set(pagecache.CONTENT_MODELS) & set(pagecache.OTHER_MODELS)


def test_the_cache_can_be_turned_off(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # The lesson page's shared parts (a kept page needs no query) have their own setting.
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
    lesson = make_article()
    _visitor_get(lesson.get_absolute_url())
    with CaptureQueriesContext(connection) as context:
        _visitor_get(lesson.get_absolute_url())
    assert len(context.captured_queries) > 0


def test_pages_are_still_served_when_the_cache_is_down(settings):
    """Nothing listens on port 1: every cache call fails, the page is made as if uncached."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    lesson = make_article(title="Still readable")
    assert "Still readable" in _visitor_get(lesson.get_absolute_url())
    lesson.title = "Edited while the cache is down"
    lesson.save()
    assert "Edited while the cache is down" in _visitor_get(lesson.get_absolute_url())


def _generation_reads(monkeypatch):
    """Count the cache reads of the public pages' generation (alone, or with other entries:
    core.cachebatch)."""
    reads = []
    real_get, real_get_many = pagecache.cache.get, pagecache.cache.get_many
    inside = []  # the local memory cache's get_many calls get for each key

    def get(key, *args, **kwargs):
        if key == pagecache.GENERATION_KEY and not inside:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        reads.extend(key for key in keys if key == pagecache.GENERATION_KEY)
        inside.append(True)
        try:
            return real_get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(pagecache.cache, "get", get)
    monkeypatch.setattr(pagecache.cache, "get_many", get_many)
    return reads


def test_a_request_reads_the_generation_once_and_an_edit_in_it_moves_it(rf, monkeypatch):
    pagecache.generation()  # there is one already
    reads = _generation_reads(monkeypatch)
    seen = []

    def view(request):
        seen.extend([pagecache.generation(), pagecache.generation()])
        pagecache.invalidate()  # an edit during the request
        seen.extend([pagecache.generation(), pagecache.generation()])
        return HttpResponse("ok")

    middleware = pagecache.PublicPageCacheMiddleware(view)
    middleware(rf.post("/somewhere/"))
    assert seen[0] == seen[1] and seen[2] == seen[3] == seen[0] + 1
    assert len(reads) == 2
    # Outside a request (and in the next one) it is read afresh: another server's edit shows.
    pagecache.cache.incr(pagecache.GENERATION_KEY)
    assert pagecache.generation() == seen[2] + 1
    middleware(rf.post("/somewhere/"))
    assert seen[4] == seen[2] + 1


def test_a_signed_in_lesson_reads_the_generation_once(monkeypatch):
    lesson = make_article()
    client = Client()
    client.force_login(make_user())
    client.get(lesson.get_absolute_url())  # fills the shared fragments
    reads = _generation_reads(monkeypatch)
    assert client.get(lesson.get_absolute_url()).status_code == 200
    assert len(reads) == 1
