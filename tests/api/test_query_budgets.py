"""Every list and detail endpoint runs the same number of queries however much it returns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.api_tokens import api_token_create
from tests.factories import (
    cite,
    make_article,
    make_faq,
    make_module,
    make_question,
    make_quiz,
    make_reference,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return len(captured)


def _module(n):
    module = make_module()
    for _ in range(n):
        article = make_article(module=module)
        article.topics.add(make_topic())
    return module


def _faqs(n):
    topic = make_topic()
    for _ in range(n):
        faq = make_faq(topic=topic)
        faq.related_articles.add(make_article())
        faq.references.add(make_reference())


def _references(n):
    for _ in range(n):
        make_reference().topics.add(make_topic(), make_topic())


def _quizzes(n):
    module = make_module()
    for _ in range(n):
        make_quiz(module=module, questions=1)


# (url, how to make n items, most queries allowed)
LISTS = {
    "modules": ("/api/v1/modules/", lambda n: [make_module() for _ in range(n)], 2),
    "articles": ("/api/v1/articles/", _module, 3),
    "faqs": ("/api/v1/faqs/", _faqs, 4),
    "references": ("/api/v1/references/", _references, 3),
    "quizzes": ("/api/v1/quizzes/", _quizzes, 2),
}


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_the_page(client, name):
    url, make, budget = LISTS[name]
    make(2)
    small = _queries(client, url)
    make(48)
    large = _queries(client, url)

    assert small == large
    assert large <= budget


def test_module_detail_query_count_does_not_grow_with_its_lessons(client):
    module = _module(1)
    one = _queries(client, f"/api/v1/modules/{module.slug}/")
    for _ in range(29):
        make_article(module=module)
    thirty = _queries(client, f"/api/v1/modules/{module.slug}/")

    assert one == thirty <= 2


def test_article_detail_query_count_does_not_grow_with_its_sources(client):
    article = make_article(slug="lesson")
    article.topics.add(make_topic())
    cite(article, make_reference())
    one = _queries(client, "/api/v1/articles/lesson/")
    for _ in range(29):
        cite(article, make_reference())
        article.topics.add(make_topic())
    thirty = _queries(client, "/api/v1/articles/lesson/")

    assert one == thirty <= 3


def test_quiz_detail_query_count_does_not_grow_with_its_questions(client):
    quiz = make_quiz(slug="quiz", questions=1)
    one = _queries(client, "/api/v1/quizzes/quiz/")
    for _ in range(29):
        make_question(quiz=quiz)
    thirty = _queries(client, "/api/v1/quizzes/quiz/")

    assert one == thirty <= 3


def test_a_token_request_adds_one_query(client):
    _token, raw = api_token_create(user=make_user(), name="budget")
    _module(3)
    anonymous = _queries(client, "/api/v1/articles/")
    client.get("/api/v1/modules/", headers={"Authorization": f"Bearer {raw}"})  # last_used set
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/articles/", headers={"Authorization": f"Bearer {raw}"})

    assert len(captured) == anonymous + 1
