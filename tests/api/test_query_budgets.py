"""Every list and detail endpoint runs the same number of queries however much it returns."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.api_tokens import api_token_create
from groups import services as group_services
from groups.models import Membership
from publishing import pagecache
from quizzes import services
from tests.api.queries import list_queries
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
from tests.groups.conftest import add_members, submit_attempt

pytestmark = pytest.mark.django_db


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
    small = list_queries(client, url)
    make(48)
    large = list_queries(client, url)

    assert small == large
    assert large <= budget


def test_module_detail_query_count_does_not_grow_with_its_lessons(client):
    module = _module(1)
    one = list_queries(client, f"/api/v1/modules/{module.slug}/")
    for _ in range(29):
        make_article(module=module)
    thirty = list_queries(client, f"/api/v1/modules/{module.slug}/")

    assert one == thirty <= 2


def test_article_detail_query_count_does_not_grow_with_its_sources(client):
    article = make_article(slug="lesson")
    article.topics.add(make_topic())
    cite(article, make_reference())
    one = list_queries(client, "/api/v1/articles/lesson/")
    for _ in range(29):
        cite(article, make_reference())
        article.topics.add(make_topic())
    thirty = list_queries(client, "/api/v1/articles/lesson/")

    assert one == thirty <= 3


def test_quiz_detail_query_count_does_not_grow_with_its_questions(client):
    quiz = make_quiz(slug="quiz", questions=1)
    one = list_queries(client, "/api/v1/quizzes/quiz/")
    for _ in range(29):
        make_question(quiz=quiz)
    thirty = list_queries(client, "/api/v1/quizzes/quiz/")

    assert one == thirty <= 3


def test_a_token_request_adds_one_query(client):
    _token, raw = api_token_create(user=make_user(), name="budget")
    _module(3)
    anonymous = list_queries(client, "/api/v1/articles/")
    cache.clear()  # the anonymous list is stored now; the token request is made afresh anyway
    pagecache.next_content_change(pagecache.generation(), timezone.now())
    client.get("/api/v1/modules/", headers={"Authorization": f"Bearer {raw}"})  # last_used set
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/articles/", headers={"Authorization": f"Bearer {raw}"})

    assert len(captured) == anonymous + 1


# --- quiz taking and educators' endpoints ----------------------------------------------------
# Signed in through the session: its two queries (session, user) are in every count.


def _signed_in_queries(client, url, **params):
    cache.clear()  # the results' question statistics are cached: measure them cold every time
    return list_queries(client, url, **params)


def test_my_attempts_query_count_does_not_grow_with_the_attempts(client):
    learner = make_user()
    client.force_login(learner)

    def attempts(n):
        for _ in range(n):
            services.attempt_start(quiz=make_quiz(questions=1), user=learner)

    attempts(2)
    small = _signed_in_queries(client, "/api/v1/me/attempts/")
    attempts(48)
    large = _signed_in_queries(client, "/api/v1/me/attempts/")

    assert small == large <= 4


def test_attempt_detail_query_count_does_not_grow_with_its_questions(client):
    learner = make_user()
    client.force_login(learner)
    article = make_article()

    def attempt_with(n):
        quiz = make_quiz()
        for _ in range(n):
            make_question(quiz=quiz, article=article)
        attempt = services.attempt_start(quiz=quiz, user=learner)
        # Half answered, so feedback, lesson links and snapshots are in the answer.
        for question in list(quiz.questions.all())[: n // 2]:
            services.attempt_answer(
                attempt=attempt,
                question_id=question.pk,
                choice_ids=[question.choices.filter(is_correct=True).first().pk],
            )
        return attempt

    five = _signed_in_queries(client, f"/api/v1/attempts/{attempt_with(5).pk}/")
    forty = _signed_in_queries(client, f"/api/v1/attempts/{attempt_with(40).pk}/")

    assert five == forty <= 6


@pytest.fixture
def educator():
    return make_user(groups=["Educators"])


def test_my_groups_query_count_does_not_grow_with_the_groups(client, educator):
    client.force_login(educator)

    def groups(n):
        for _ in range(n):
            group = group_services.group_create(educator=educator, name="A group")
            Membership.objects.create(group=group, user=make_user())

    groups(2)
    small = _signed_in_queries(client, "/api/v1/groups/")
    groups(48)
    large = _signed_in_queries(client, "/api/v1/groups/")

    assert small == large <= 5


def test_a_groups_assignments_query_count_does_not_grow_with_the_assignments(client, educator):
    client.force_login(educator)
    group = group_services.group_create(educator=educator, name="A group")
    learner = make_user()
    Membership.objects.create(group=group, user=learner)

    def assignments(n):
        for _ in range(n):
            quiz = make_quiz(questions=1)
            assignment = group_services.assignment_create(group=group, educator=educator, quiz=quiz)
            group_services.assignment_attempt_start(quiz=quiz, user=learner, assignment=assignment)

    url = f"/api/v1/groups/{group.pk}/assignments/"
    assignments(2)
    small = _signed_in_queries(client, url)
    assignments(48)
    large = _signed_in_queries(client, url)

    assert small == large <= 6


def test_group_detail_query_count_does_not_grow_with_its_members(client, educator):
    client.force_login(educator)
    group = group_services.group_create(educator=educator, name="A group")
    url = f"/api/v1/groups/{group.pk}/"

    add_members(group, 3)
    small = _signed_in_queries(client, url)
    add_members(group, 57, prefix="more")
    large = _signed_in_queries(client, url)

    assert small == large <= 5


def test_results_query_count_does_not_grow_with_the_learners(client, educator):
    client.force_login(educator)
    group = group_services.group_create(educator=educator, name="A group")
    quiz = make_quiz(questions=4)
    assignment = group_services.assignment_create(group=group, educator=educator, quiz=quiz)
    url = f"/api/v1/assignments/{assignment.pk}/results/"

    def learners(n, prefix):
        for i, user in enumerate(add_members(group, n, prefix=prefix)):
            submit_attempt(
                assignment=assignment, user=user, correct=[i % 2 == 0, True, False, True]
            )

    learners(3, "few")
    few = _signed_in_queries(client, url)
    learners(57, "many")
    many = _signed_in_queries(client, url)

    # 12, and the quiz's objective tags (groups/objective_stats.py) since issue 16
    assert few == many <= 13
