"""Property-based tests of the public API against its own OpenAPI schema (schemathesis).

Schemathesis reads /api/schema/ from the running app (WSGI, in this process) and sends each
endpoint requests built from the schema: the documented examples, valid values and deliberately
invalid ones. Every answer must be a documented status (no 5xx), with the documented content
type and a body that matches the documented schema (including the error format).
"""

import os

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from learn.api import examples as api_examples
from learn.models import EvidenceLevel
from msportal.wsgi import application
from tests.factories import (
    cite,
    make_article,
    make_faq,
    make_module,
    make_question,
    make_quiz,
    make_reference,
    make_topic,
)

pytestmark = pytest.mark.django_db

# Bounded so the whole run stays well under a minute on a small machine, and deterministic so
# a failure found once is found again. For a deeper, randomised hunt:
#   FUZZ_EXAMPLES=500 FUZZ_RANDOM=1 .venv/bin/pytest tests/api/test_fuzz.py
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": int(os.environ.get("FUZZ_EXAMPLES", "30")),
            "deterministic": not os.environ.get("FUZZ_RANDOM"),
        },
        "phases": {"stateful": {"enabled": False}},
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _content():
    """Content whose slugs match the schema's examples, so the examples reach real items."""
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


@pytest.fixture
def fuzz_environment(settings):
    _content()
    # No request limits: the fuzzer sends hundreds of requests from one address.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "api-write": None},
    }
    # Requests go straight to the WSGI handler, which closes the database connection at the
    # end of each request; that would end the test's transaction. Django's test client
    # disconnects the same receivers for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Read from the app itself at collection time: building the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)


@schema.parametrize()
# The fixture's data is read-only for these requests, so sharing it between examples is safe.
@hypothesis.settings(
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ],
    deadline=None,
    database=None,
)
def test_public_api_conforms_to_its_schema(case, fuzz_environment):
    case.call_and_validate(checks=CHECKS)
