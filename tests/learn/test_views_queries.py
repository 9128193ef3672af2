"""Query budgets: each reading page asks the database a fixed number of times.

Every test builds the same page twice, once with 1 item and once with 30 (lessons,
sources, FAQs or modules), and checks both stay within the budget with the same count.
The reader has a session and some progress, so the progress queries really run.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learn.models import ArticleUpdateNote
from learn.objectives import LearningObjective
from publishing import pagecache
from publishing.models import Status
from quizzes.models import Quiz
from tests.factories import (
    cite,
    make_article,
    make_faq,
    make_module,
    make_reference,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

# Measured: a visitor's session costs 1 query; a learner's session and user cost 2.
# session, user, lesson, module's lessons, progress, sources, notes, glossary, objectives
LESSON_BUDGET = 9
LAST_LESSON_BUDGET = LESSON_BUDGET + 2  # and, at the end of a module: its quizzes, the next one
# Again, once the page is kept whole with holes (publishing/holes.py), also at a module's end
# and in any language: the lesson, the module's lessons, sources, notes, glossary, quizzes and
# the next module come with it. Left: session, user, progress.
LESSON_SHARED_BUDGET = 3
MODULE_BUDGET = 6  # session, user, module, lessons, progress, quizzes
FAQ_BUDGET = 6  # session, user, count (pages), FAQs with topics, related lessons, sources
HOME_BUDGET = 7  # session, user, modules with counts, progress per module, last, next, assignments
MODULE_LIST_BUDGET = 5  # session, user, count (pages), modules with counts, progress


@pytest.fixture(params=["visitor", "learner"])
def reader(request, client):
    if request.param == "learner":
        client.force_login(make_user())
    return client


def _mark_done(client, lessons):
    for lesson in lessons:
        assert client.post(lesson.get_absolute_url() + "done/", {"done": "1"}).status_code == 302


def _count(client, url, budget, django_assert_max_num_queries):
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_quizzes(module, count):
    for i in range(count):
        Quiz.objects.create(
            title=f"Quiz {module.pk}-{i}",
            slug=f"quiz-{module.pk}-{i}",
            module=module,
            status=Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )


def _lesson_with(n, *, last=False):
    """A lesson with `n` sources and notes among n + 1 lessons: in the middle, or the last."""
    module = make_module()
    make_module(position=module.position + 1)  # The next module, for the end of this one.
    lessons = [make_article(module=module, position=i) for i in range(n + 1)]
    article = lessons[-1] if last else lessons[n // 2]
    _add_quizzes(module, min(n, 3))
    for i in range(n):
        cite(article, make_reference(doi="10.1/x", pmid="1", is_commercial=True))
        ArticleUpdateNote.objects.create(article=article, text=f"Change {i}.")
        objective = LearningObjective.objects.create(module=module, code=f"o{i}", text="I can x")
        objective.articles.add(article)
    return article, lessons


def _module_with(n):
    module = make_module()
    lessons = [make_article(module=module, position=i) for i in range(n)]
    _add_quizzes(module, min(n, 3))
    return module, lessons


@pytest.mark.parametrize(
    ("last", "budget"), [(False, LESSON_BUDGET), (True, LAST_LESSON_BUDGET)], ids=["middle", "last"]
)
def test_lesson_page_query_count_does_not_grow(reader, last, budget, django_assert_max_num_queries):
    counts = []
    for n in (1, 30):
        article, lessons = _lesson_with(n, last=last)
        _mark_done(reader, lessons[::2])
        url = article.get_absolute_url()
        # The time of the next scheduled publish is looked up once per content edit, site-wide
        # (publishing.pagecache); on a busy site another request has done it already.
        pagecache.next_content_change(pagecache.generation(), timezone.now())
        counts.append(_count(reader, url, budget, django_assert_max_num_queries))
        counts.append(_count(reader, url, LESSON_SHARED_BUDGET, django_assert_max_num_queries))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]


def test_module_page_query_count_does_not_grow(reader, django_assert_max_num_queries):
    counts = []
    for n in (1, 30):
        module, lessons = _module_with(n)
        _mark_done(reader, lessons[::2])
        url = module.get_absolute_url()
        counts.append(_count(reader, url, MODULE_BUDGET, django_assert_max_num_queries))
    assert counts[0] == counts[1]


def test_faq_page_query_count_does_not_grow(reader, django_assert_max_num_queries):
    _mark_done(reader, [make_article()])
    counts = []
    for n in (1, 30):
        topics = [make_topic() for _ in range(min(n, 5))]
        for i in range(n):
            faq = make_faq(topic=topics[i % len(topics)])
            faq.related_articles.add(make_article(), make_article(status=Status.DRAFT))
            faq.references.add(make_reference(), make_reference())
        counts.append(_count(reader, "/faq/", FAQ_BUDGET, django_assert_max_num_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("url", "budget"), [("/", HOME_BUDGET), ("/learn/", MODULE_LIST_BUDGET)], ids=["home", "list"]
)
def test_module_lists_query_count_does_not_grow(reader, url, budget, django_assert_max_num_queries):
    _mark_done(reader, [make_article()])
    small = _count(reader, url, budget, django_assert_max_num_queries)
    for _ in range(29):
        lesson = make_article(module=make_module())
        make_article(module=lesson.module)
        _mark_done(reader, [lesson])
    large = _count(reader, url, budget, django_assert_max_num_queries)
    assert small == large
