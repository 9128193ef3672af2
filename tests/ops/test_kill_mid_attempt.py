"""An app server killed in the middle of a quiz loses nothing the learner already answered.

Each answer is committed when it is given. The test answers two questions, killing the
whole gunicorn process group with SIGKILL (no graceful shutdown, no chance to flush
anything) between them and again after the second, restarts it on the same database, and
carries on with the same cookies: both answers are there and the score is right.
"""

import secrets

import pytest

from tests.ops.app_server import (
    AppServer,
    Browser,
    base_env,
    drop_database,
    path_of,
    scratch_database,
)
from tests.ops.quiz_pages import answer_form, chosen_answers, load_small_quiz

pytestmark = pytest.mark.pg_server


@pytest.fixture
def server(migrated_template, tmp_path):
    name, url = scratch_database(migrated_template, "msportal_kill_attempt")
    # Sessions in the database (no Redis): what survives must be what was committed.
    env = base_env(url, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    app = None
    try:
        content = load_small_quiz(env)
        app = AppServer(env, tmp_path).start()
        yield app, content
    finally:
        if app is not None:
            app.stop()
        drop_database(name)


def _answer(browser, app, attempt, step, text):
    question, choices = answer_form(browser.get(app.base, f"{attempt}?q={step}")[2])
    data = {"question": question, "choice": choices[text]}
    status, location, _ = browser.post(app.base, f"{attempt}answer/", data)
    assert status == 302, f"answer {step} was not saved"
    return path_of(location)


def test_answers_survive_a_killed_server_and_the_attempt_finishes_with_the_right_score(server):
    app, content = server
    browser = Browser()
    browser.get(app.base, content["quiz"])
    status, location, _ = browser.post(app.base, content["quiz"], {})
    assert status == 302
    attempt = path_of(location).split("?")[0]

    assert _answer(browser, app, attempt, 1, "Right 1") == f"{attempt}?q=2"
    app.kill()
    app.start()
    assert _answer(browser, app, attempt, 2, "Wrong 2") == f"{attempt}?q=3"
    app.kill()
    app.start()

    # Resuming from the quiz page finds the same attempt, with both answers kept.
    status, location, _ = browser.post(app.base, content["quiz"], {})
    assert status == 302 and path_of(location).split("?")[0] == attempt
    status, _, page = browser.get(app.base, f"{attempt}?q=3")
    assert status == 200
    assert "2 of 3 answered" in page
    _answer(browser, app, attempt, 3, "Right 3")
    status, location, _ = browser.post(app.base, f"{attempt}submit/", {"confirm": "1"})
    assert (status, path_of(location)) == (302, f"{attempt}result/")

    result = browser.get(app.base, f"{attempt}result/")[2]
    assert chosen_answers(result) == {"Right 1", "Wrong 2", "Right 3"}
    assert "You scored 2 out of 3 (66.7%)" in result
