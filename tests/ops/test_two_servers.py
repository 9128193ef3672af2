"""Two app servers over one database and one Redis: a learner may hop between them.

Starts two gunicorn servers (gunicorn.conf.py, DEBUG off, the same settings and secret key)
on two loopback ports, over a scratch PostgreSQL database and a Redis database of their own,
whatever DATABASE_URL says. An anonymous visitor starts a quiz on one, answers on the other,
finishes on the first; marks a lesson done on one and sees it done on the other. Nothing a
server keeps in its own memory may matter: that is what lets a load balancer send each
request anywhere.
"""

import secrets

import pytest
import redis

from tests.ops.app_server import (
    AppServer,
    Browser,
    base_env,
    drop_database,
    path_of,
    scratch_database,
)
from tests.ops.quiz_pages import answer_form, chosen_answers, load_small_quiz
from tests.services import service_missing

pytestmark = pytest.mark.pg_server

# A Redis database of this test's own (the bench uses 5, the default settings none).
REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        service_missing(f"no Redis reachable on 127.0.0.1:6379 ({error})")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


@pytest.fixture
def two_servers(migrated_template, shared_redis, tmp_path):
    name, url = scratch_database(migrated_template, "msportal_two_servers")
    env = base_env(url, REDIS_URL=shared_redis, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    servers = []
    try:
        content = load_small_quiz(env)
        servers = [AppServer(env, tmp_path), AppServer(env, tmp_path)]
        for server in servers:
            server.start()
        yield servers[0].base, servers[1].base, content
    finally:
        for server in servers:
            server.stop()
        drop_database(name)


def test_a_quiz_started_on_one_server_is_answered_on_the_other_and_finished_on_the_first(
    two_servers,
):
    a, b, content = two_servers
    browser = Browser()

    assert browser.get(a, content["quiz"])[0] == 200
    assert browser.cookie("csrftoken")
    status, location, _ = browser.post(a, content["quiz"], {})
    assert status == 302 and "/quizzes/attempts/" in location
    attempt = path_of(location).split("?")[0]

    # Question 1 through B, with the session and CSRF cookies that A set.
    status, _, page = browser.get(b, f"{attempt}?q=1")
    assert status == 200
    question, choices = answer_form(page)
    answer = {"question": question, "choice": choices["Wrong 1"]}
    assert browser.post(b, f"{attempt}answer/", answer)[0] == 302

    # Question 2 through A; question 3 stays unanswered.
    question, choices = answer_form(browser.get(a, f"{attempt}?q=2")[2])
    answer = {"question": question, "choice": choices["Right 2"]}
    assert browser.post(a, f"{attempt}answer/", answer)[0] == 302

    status, location, _ = browser.post(a, f"{attempt}submit/", {"confirm": "1"})
    assert (status, path_of(location)) == (302, f"{attempt}result/")
    status, _, result = browser.get(a, f"{attempt}result/")
    assert status == 200
    assert chosen_answers(result) == {"Wrong 1", "Right 2"}
    assert "You scored 1 out of 3" in result
    # B shows the same graded attempt.
    assert chosen_answers(browser.get(b, f"{attempt}result/")[2]) == {"Wrong 1", "Right 2"}


def test_a_lesson_marked_done_on_one_server_shows_as_done_on_the_other(two_servers):
    a, b, content = two_servers
    browser = Browser()
    lesson = content["lesson"]

    status, _, page = browser.get(b, lesson)
    assert status == 200 and "You marked this lesson as done." not in page
    status, location, _ = browser.post(a, f"{lesson}done/", {"done": "1"})
    assert status == 302 and path_of(location).startswith(lesson)

    status, _, page = browser.get(b, lesson)
    assert status == 200
    assert "You marked this lesson as done." in page
    # Someone else, with no cookies, does not see it as done.
    assert "You marked this lesson as done." not in Browser().get(b, lesson)[2]
