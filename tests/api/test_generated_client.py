"""A Python client generated from /api/schema/ (openapi-python-client) works against the API.

The schema is the contract for client authors: this generates a client from it, imports it,
and takes a quiz end to end over real HTTP (the live server). A component name that clashes
with the generator's own types (a component called `Response` once did) fails here.
"""

import importlib
import subprocess
import sys

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from accounts.api_tokens import api_token_create
from accounts.models import TokenScope
from quizzes.models import Choice
from tests.factories import make_article, make_module, make_question, make_quiz, make_user
from tests.translations.helpers import make_translation

# The live server answers from another thread: its rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "msportal_client"
# No post-generation hooks: they run formatters (ruff) that need not be installed.
CONFIG = (
    f"post_hooks: []\npackage_name_override: {PACKAGE}\nproject_name_override: msportal-client\n"
)


def _schema_json():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return OpenApiJsonRenderer().render(schema, renderer_context={})


@pytest.fixture
def generated_client(tmp_path):
    """The generated package, imported; removed from sys.path and sys.modules afterwards."""
    (tmp_path / "schema.json").write_bytes(_schema_json())
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "client"
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate"]
        + ["--path", "schema.json", "--config", "config.yaml", "--output-path", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0 or not (out / PACKAGE).is_dir():
        pytest.fail(
            "openapi-python-client could not generate a client from /api/schema/:\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _api(name):
    """One generated endpoint module, such as `content.modules_list`."""
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def test_a_generated_client_takes_a_quiz_end_to_end(generated_client, live_server):
    cache.clear()  # request counts of earlier tests
    module = make_module(slug="gut-brain-axis", title="The gut-brain axis")
    lesson = make_article(module=module, slug="microbes", title="Microbes")
    # Like the sample quizzes, it asks how sure the learner is: the client must send it.
    quiz = make_quiz(module=module, slug="gut-check", questions=2, ask_confidence=True)
    make_question(quiz=quiz, kind="true_false", choices=[("True", True), ("False", False)])
    _token, raw = api_token_create(
        user=make_user(), name="generated client", scope=TokenScope.WRITE
    )
    client = generated_client.AuthenticatedClient(base_url=live_server.url, token=raw)

    modules = _api("content.modules_list").sync(client=client)
    assert [item.slug for item in modules.results] == ["gut-brain-axis"]
    assert modules.results[0].lesson_count == 1

    read = _api("content.articles_retrieve").sync(slug=lesson.slug, client=client)
    assert (read.slug, read.title, read.module.slug) == ("microbes", "Microbes", "gut-brain-axis")
    assert (read.language, read.language_fallback) == ("en", False)
    # ?lang= is a documented parameter: the client asks for Spanish and says it got it.
    make_translation(lesson, title="Microbios")
    lang = importlib.import_module(f"{PACKAGE}.models").ArticlesRetrieveLang("es")
    spanish = _api("content.articles_retrieve").sync(slug=lesson.slug, client=client, lang=lang)
    assert (spanish.title, spanish.language, spanish.language_fallback) == (
        "Microbios",
        "es",
        False,
    )

    started = _api("attempts.quizzes_attempts_create").sync_detailed(slug=quiz.slug, client=client)
    assert started.status_code == 201, started.content
    attempt = started.parsed
    assert len(attempt.questions) == 3
    assert attempt.ask_confidence is True

    answer = _api("attempts.attempts_responses_create")
    models = importlib.import_module(f"{PACKAGE}.models")
    answer_in, sure = models.AnswerInRequest, models.ConfidenceEnum("sure")
    for question in attempt.questions:
        right = Choice.objects.get(question_id=question.id, is_correct=True)
        assert right.pk in [choice.id for choice in question.choices]
        saved = answer.sync_detailed(
            id=attempt.id,
            client=client,
            body=answer_in(question=question.id, choices=[right.pk], confidence=sure),
        )
        assert saved.status_code == 200, saved.content
        assert (saved.parsed.question, saved.parsed.confidence) == (question.id, "sure")

    submitted = _api("attempts.attempts_submit_create").sync_detailed(id=attempt.id, client=client)
    assert submitted.status_code == 200, submitted.content

    result = _api("attempts.attempts_retrieve").sync(id=attempt.id, client=client)
    assert str(result.status) == "submitted"
    assert (result.score, result.max_score, result.percent, result.passed) == (3, 3, 100, True)
