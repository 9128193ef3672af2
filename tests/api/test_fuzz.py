"""Property-based tests of the API against its own OpenAPI schema (schemathesis).

Schemathesis reads /api/schema/ from the running app (WSGI, in this process) and sends each
endpoint requests built from the schema: the documented examples, valid values and deliberately
invalid ones. Every one of schemathesis' default checks applies: no 5xx; a documented status,
content type and headers; a body that matches the documented schema (including the error
format); schema-violating requests refused (4xx) and schema-valid ones not refused with a 400.

Three audiences: anyone (content and quizzes), a learner with a token (taking quizzes), an
educator with a token (groups, assignments, results). The documented examples name stand-in
ids (quizzes/api/examples.py); `_real_ids` swaps them for the rows made here, so the first
requests reach a real attempt, question, group and assignment.
"""

import os

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from groups import services as group_services
from groups.models import Membership
from learn.api import examples as api_examples
from learn.models import EvidenceLevel
from msportal.wsgi import application
from quizzes import services
from quizzes.api import examples as quiz_examples
from review.api import CARD_ID_EXAMPLE as REVIEW_CARD_EXAMPLE
from review.models import ReviewCard
from tests.api.conftest import bearer
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
from tests.groups.conftest import submit_attempt

pytestmark = pytest.mark.django_db

# Bounded so the whole run stays under a minute on a small machine, and deterministic so
# a failure found once is found again. For a deeper, randomised hunt:
#   FUZZ_EXAMPLES=500 FUZZ_RANDOM=1 .venv/bin/pytest tests/api/test_fuzz.py
# and FUZZ_LOG=/tmp/fuzz.log to see which statuses the requests got.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": int(os.environ.get("FUZZ_EXAMPLES", "30")),
            "deterministic": not os.environ.get("FUZZ_RANDOM"),
        },
        "phases": {"stateful": {"enabled": False}},
        "operations": [
            {
                # An answer's rules depend on the question, which the schema cannot say: one
                # choice for a single-choice question, choices of that question, no repeats.
                # A schema-valid answer that breaks them is a 400 with its own code.
                "include-path": "/api/v1/attempts/{id}/responses/",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
                    }
                },
            },
            {
                # The same for a practice answer to a review card (and a card already
                # answered by an earlier example is no longer due: 409).
                "include-path": "/api/v1/me/review/{card_id}/answer/",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
                    }
                },
            },
        ],
    }
)
# The signed-in operations write (and their coverage cases alone are many): half as many
# generated examples each keeps the file near a minute on a busy two-core machine.
SIGNED_IN_EXAMPLES = max(5, int(os.environ.get("FUZZ_EXAMPLES", "30")) // 2)


def _content():
    """Content whose slugs match the schema's examples, so the examples reach real items.

    Returns the quiz the signed-in examples take."""
    topic = make_topic(slug="gut-brain-axis")
    module = make_module(slug=api_examples.MODULE["slug"])
    article = make_article(
        module=module,
        slug=api_examples.ARTICLE["slug"],
        body="## Gut\n\nMicrobes.[^1]",
        evidence_level=EvidenceLevel.EARLY_TRIALS,
    )
    article.topics.add(topic)
    reference = make_reference(slug="imsms-2022", doi="10.1000/x", pmid="1")
    reference.topics.add(topic)
    cite(article, reference)
    make_article(module=module, author=None, medical_reviewer=None)
    faq = make_faq(topic=topic)
    faq.related_articles.add(article)
    faq.references.add(reference)
    quiz = make_quiz(slug="gut-brain-axis", module=module, questions=2)
    make_question(quiz=quiz, kind="true_false")
    make_question(quiz=quiz, kind="multiple", article=article)
    return quiz


def _people_and_work(quiz):
    """A learner with an attempt in progress and one submitted; an educator with a group of
    six who all submitted the assigned quiz (enough for the group statistics)."""
    learner, educator = make_user(), make_user(groups=["Educators"])
    submitted = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_submit(attempt=submitted)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    first, second = [quiz.questions.get(pk=pk) for pk in attempt.question_order[:2]]
    services.attempt_answer(
        attempt=attempt,
        question_id=second.pk,
        choice_ids=[second.choices.filter(is_correct=True).first().pk],
    )
    group = group_services.group_create(educator=educator, name="Tuesday class")
    assignment = group_services.assignment_create(group=group, educator=educator, quiz=quiz)
    Membership.objects.create(group=group, user=learner)
    for n in range(6):
        member = make_user()
        Membership.objects.create(group=group, user=member)
        pattern = [(n + i) % 3 != 0 for i in range(quiz.questions.count())]
        submit_attempt(assignment=assignment, user=member, correct=pattern)
    right = first.choices.filter(is_correct=True).first()
    card = ReviewCard.objects.create(user=learner, question=first, due_at=timezone.now())
    stand_ins = {
        ("me", REVIEW_CARD_EXAMPLE): card.pk,
        ("attempts", quiz_examples.ATTEMPT_ID): str(attempt.pk),
        ("groups", quiz_examples.GROUP_ID): group.pk,
        ("assignments", quiz_examples.ASSIGNMENT_ID): assignment.pk,
        ("question", quiz_examples.QUESTION_ID): first.pk,
        ("choice", quiz_examples.CHOICE_ID): right.pk,
        ("assignment", quiz_examples.ASSIGNMENT_ID): assignment.pk,
    }
    return {"learner": bearer(learner), "educator": bearer(educator), "stand_ins": stand_ins}


def _real_ids(case, stand_ins):
    """Swap the documented examples' stand-in ids for real ones, in the path and the body."""
    area = case.operation.path.removeprefix("/api/v1/").split("/")[0]
    for name in ("id", "card_id"):
        path_id = case.path_parameters.get(name) if case.path_parameters else None
        if (area, path_id) in stand_ins:
            case.path_parameters[name] = stand_ins[(area, path_id)]
    body = case.body
    if not isinstance(body, dict):
        return
    for field in ("question", "assignment"):
        value = body.get(field)
        if isinstance(value, int) and (field, value) in stand_ins:
            body[field] = stand_ins[(field, value)]
    if isinstance(body.get("choices"), list):
        body["choices"] = [
            stand_ins.get(("choice", value), value) if isinstance(value, int) else value
            for value in body["choices"]
        ]


@pytest.fixture
def fuzz_environment(settings):
    _content()
    # Rates far above what the run sends (hundreds of requests from one address), so the
    # checks reach the views' logic while the throttles still run.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(("anon", "user", "api-write"), "100000/min"),
    }
    # Requests go straight to the WSGI handler, which closes the database connection at the
    # end of each request; that would end the test's transaction. Django's test client
    # disconnects the same receivers for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in_world(fuzz_environment):
    from quizzes.models import Quiz

    return _people_and_work(Quiz.objects.get(slug="gut-brain-axis"))


# Read from the app itself at collection time: building the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

# The fixture's rows are shared by every example of an operation. Content is read-only; the
# signed-in examples do change things (an attempt gets answered and submitted, assignments
# are added), which only moves later examples to other documented answers (409, 200).
HYPOTHESIS_SETTINGS = hypothesis.settings(
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ],
    deadline=None,
    database=None,
)


@schema.include(tag=["content", "quizzes"]).parametrize()
@HYPOTHESIS_SETTINGS
def test_public_api_conforms_to_its_schema(case, fuzz_environment):
    _call(case)


def _call(case, **kwargs):
    # No `checks=`: all of schemathesis' default checks (CONFIG adjusts one operation).
    response = case.call_and_validate(**kwargs)
    # FUZZ_LOG=<file> appends "METHOD path status" per request: what the run reached.
    if log_path := os.environ.get("FUZZ_LOG"):
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"{case.method} {case.operation.path} {response.status_code}\n")


@schema.include(tag=["attempts", "review"]).parametrize()
@hypothesis.settings(HYPOTHESIS_SETTINGS, max_examples=SIGNED_IN_EXAMPLES)
def test_quiz_taking_with_a_learners_token_conforms_to_its_schema(case, signed_in_world):
    _real_ids(case, signed_in_world["stand_ins"])
    _call(case, headers=signed_in_world["learner"])


@schema.include(tag="groups").parametrize()
@hypothesis.settings(HYPOTHESIS_SETTINGS, max_examples=SIGNED_IN_EXAMPLES)
def test_educator_endpoints_with_an_educators_token_conform_to_their_schema(case, signed_in_world):
    _real_ids(case, signed_in_world["stand_ins"])
    _call(case, headers=signed_in_world["educator"])


@schema.include(tag=["attempts", "groups", "review"]).parametrize()
@hypothesis.settings(HYPOTHESIS_SETTINGS, max_examples=5)
def test_signed_in_endpoints_without_an_account_conform_to_their_schema(case, signed_in_world):
    # No token, no session: quiz taking answers as for a new anonymous visitor (a 403 for a
    # write without the CSRF token), educators' endpoints with 401.
    _real_ids(case, signed_in_world["stand_ins"])
    _call(case)
