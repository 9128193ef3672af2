"""A module's translation job: the Spanish sample load, export and import (all or nothing)."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from editorial.models import GlossaryTerm
from learn.models import FAQ, Article, Module
from learn.sample_translations import read_translated_sample
from publishing.models import Status, StatusChange
from publishing.translation_files import Unit, from_po, to_po
from quizzes.models import Choice, Question, Quiz
from tests.sample_content import load_sample_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    load_sample_content()


def test_the_loader_creates_spanish_translations_in_review(sample):
    spanish = read_translated_sample("es").items
    module = Module.objects.get(slug="limits-and-future", locale="es")
    assert module.title == spanish["modules"]["limits-and-future"]["title"]
    assert Module.objects.get(slug="limits-and-future", locale="en").title.startswith("Limits")
    lessons = Article.objects.filter(locale="es")
    assert lessons.count() == 4
    assert FAQ.objects.filter(locale="es").count() == len(spanish["faqs"])
    assert GlossaryTerm.objects.filter(locale="es").count() == len(spanish["glossary"])
    quiz = Quiz.objects.get(locale="es")
    assert quiz.title == "Cómo leer las pruebas"
    assert {o.code: o.text for o in module.objectives.all()} == {
        code: o["text"] for (_m, code), o in spanish["objectives"].items()
    }
    first = Question.objects.filter(quiz=quiz).order_by("position").first()
    assert first.prompt.startswith("Un ensayo") and first.source_question.quiz.locale == "en"
    assert Choice.objects.filter(question__quiz=quiz, text="Verdadero").exists()
    for item in [module, *lessons, quiz]:
        assert item.status == Status.IN_REVIEW
        # The log has "Translation created", then the move to review with its note.
        log = StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk
        ).latest("pk")
        assert log.to_status == Status.IN_REVIEW
        assert "medical reviewer who reads Spanish" in log.note


def test_loading_again_changes_nothing(sample):
    before = Article.objects.filter(locale="es").values_list("pk", "updated_at")
    before = sorted(before)
    call_command("load_sample_content", stdout=io.StringIO())
    assert sorted(Article.objects.filter(locale="es").values_list("pk", "updated_at")) == before


def _export(slug, file_format="po", tmp_path=None):
    out = io.StringIO()
    call_command(
        "export_translation", slug, "--language", "es", "--format", file_format, stdout=out
    )
    return out.getvalue()


def _import(text, tmp_path, name="job.po"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_translation", str(path), stdout=out)
    return out.getvalue()


def _snapshot():
    """Every text row, English and Spanish, to show that an import changed nothing."""
    return (
        sorted(Module.objects.values_list("pk", "locale", "title", "summary", "status")),
        sorted(Article.objects.values_list("pk", "locale", "title", "body", "status")),
        sorted(FAQ.objects.values_list("pk", "locale", "question", "answer")),
        sorted(GlossaryTerm.objects.values_list("pk", "locale", "term", "short_definition")),
        sorted(Quiz.objects.values_list("pk", "locale", "title", "intro")),
        sorted(Question.objects.values_list("pk", "prompt", "explanation", "anchor")),
        sorted(Choice.objects.values_list("pk", "text", "feedback", "misconception")),
    )


@pytest.mark.parametrize(("file_format", "name"), [("po", "job.po"), ("xliff", "job.xlf")])
def test_export_import_export_is_identical(sample, tmp_path, file_format, name):
    first = _export("limits-and-future", file_format)
    assert "Cómo leer las pruebas" in first and "esclerosis" not in first[:0]
    before = _snapshot()
    assert "0 translations created as drafts, 0 texts written" in _import(first, tmp_path, name)
    assert _snapshot() == before
    assert _export("limits-and-future", file_format) == first


def test_the_export_holds_every_kind_of_text(sample):
    units = {
        unit.id.split(":")[0] + ":" + unit.id.rsplit(":", 1)[1]
        for unit in from_po(_export("limits-and-future"))
    }
    for expected in [
        "learn.module:title",
        "learn.learningobjective:text",
        "learn.article:body",
        "learn.faq:answer",
        "editorial.glossaryterm:short_definition",
        "quizzes.quiz:intro",
        "quizzes.question:explanation",
        "quizzes.question:anchor",
        "quizzes.choice:feedback",
        "quizzes.choice:misconception",
    ]:
        assert expected in units


def test_importing_a_new_translation_creates_drafts_and_never_touches_the_english(sample, tmp_path):
    units = from_po(_export("understanding-ms"))
    # Only the FAQs and glossary terms it shares with the Spanish sample module are translated.
    done = {unit.id.split(":")[0] for unit in units if unit.target}
    assert done == {"learn.faq", "editorial.glossaryterm"}
    english = _snapshot()
    translated = [
        unit
        if unit.target or unit.id.endswith(":anchor")
        else Unit(unit.id, unit.source, f"ES {unit.source}", unit.note)
        for unit in units
    ]
    out = _import(to_po(translated, "es"), tmp_path)
    assert "translations created as drafts" in out
    module = Module.objects.get(slug="understanding-ms", locale="es")
    assert module.status == Status.DRAFT and module.title.startswith("ES ")
    assert Module.objects.get(slug="understanding-ms", locale="en").title == "Understanding MS"
    assert all(
        a.title.startswith("ES ")
        for a in Article.objects.filter(locale="es", module__slug="understanding-ms")
    )
    quiz = Quiz.objects.get(locale="es", module__slug="understanding-ms")
    assert all(c.text.startswith("ES ") for c in Choice.objects.filter(question__quiz=quiz))
    # The English rows are exactly as they were.
    for before, after in zip(english, _snapshot(), strict=True):
        assert set(before) <= set(after)
    assert from_po(_export("understanding-ms")) == translated


def _one_changed(text, old, new):
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    "tamper",
    [
        # An id that is not this module's (another module's lesson, or made up).
        lambda po: _one_changed(po, 'msgctxt "quizzes.choice:', 'msgctxt "quizzes.choice:99999'),
        # The English changed since the export.
        lambda po: _one_changed(po, 'msgid "Reading the evidence"', 'msgid "Reading evidence"'),
        # A language the site does not translate into.
        lambda po: _one_changed(po, '"Language: es', '"Language: fr'),
        # Too long for the field (a choice's text holds at most 500 characters).
        lambda po: _one_changed(po, 'msgstr "Verdadero"', f'msgstr "{"V" * 501}"'),
        # Not a PO file any more.
        lambda po: po.replace('msgstr "', 'msgstr "unterminated', 1).replace("msgctxt", "ctxt", 1),
    ],
    ids=["unknown-id", "stale-english", "language", "too-long", "malformed"],
)
def test_a_bad_file_changes_nothing(sample, tmp_path, tamper):
    from django.core.management.base import CommandError

    po = _export("limits-and-future")
    po = _one_changed(po, 'msgstr "Seguridad y normas"', 'msgstr "Seguridad y reglas"')
    before = _snapshot()
    with pytest.raises(CommandError, match="Nothing was imported"):
        _import(tamper(po), tmp_path)
    assert _snapshot() == before


def test_a_changed_published_translation_goes_back_to_review(sample, tmp_path):
    lesson = Article.objects.get(slug="safety-and-regulation", locale="es")
    Article.objects.filter(pk=lesson.pk).update(status=Status.PUBLISHED)
    po = _export("limits-and-future")
    po = _one_changed(po, 'msgstr "Seguridad y normas"', 'msgstr "Seguridad y reglas"')
    assert "1 published translations sent back to review" in _import(po, tmp_path)
    lesson.refresh_from_db()
    assert (lesson.title, lesson.status) == ("Seguridad y reglas", Status.IN_REVIEW)
    assert Article.objects.get(slug="safety-and-regulation", locale="en").title == (
        "Safety and regulation"
    )


def test_export_to_a_file_and_unknown_module(sample, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "out.xlf"
    call_command(
        "export_translation",
        "limits-and-future",
        "--language",
        "es",
        "--format",
        "xliff",
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    with pytest.raises(CommandError, match="no module"):
        call_command("export_translation", "nope", "--language", "es", stdout=io.StringIO())


@pytest.fixture
def editor_client(client):
    from django.contrib.auth.models import Group

    from core.roles import EDITORS
    from tests.factories import make_user

    Group.objects.get_or_create(name=EDITORS)
    client.force_login(make_user(username="ed", is_staff=True, groups=[EDITORS]))
    return client


def _page(module):
    from django.urls import reverse

    return reverse("admin:learn_module_translation", args=[module.pk])


def test_the_admin_action_leads_to_the_translation_page(sample, editor_client):
    from django.urls import reverse

    module = Module.objects.get(slug="limits-and-future", locale="en")
    response = editor_client.post(
        reverse("admin:learn_module_changelist"),
        {"action": "translation_page", "_selected_action": [module.pk]},
    )
    assert response.status_code == 302 and response.url == _page(module)
    page = editor_client.get(_page(module))
    assert page.status_code == 200 and b"Upload a translated file" in page.content


def test_the_admin_downloads_and_uploads_a_translation(sample, editor_client):
    module = Module.objects.get(slug="limits-and-future", locale="en")
    response = editor_client.get(_page(module), {"language": "es", "file_format": "xliff"})
    assert response["Content-Disposition"] == 'attachment; filename="limits-and-future.es.xlf"'
    xliff = response.content.decode()
    changed = xliff.replace(">Seguridad y normas<", ">Seguridad y reglas<", 1)
    upload = io.BytesIO(changed.encode())
    upload.name = "job.xlf"
    response = editor_client.post(_page(module), {"file": upload})
    assert response.status_code == 302
    assert Article.objects.get(slug="safety-and-regulation", locale="es").title == (
        "Seguridad y reglas"
    )


@pytest.mark.parametrize("what", ["other-module", "broken"])
def test_the_admin_refuses_a_bad_upload_and_changes_nothing(sample, editor_client, what):
    module = Module.objects.get(slug="limits-and-future", locale="en")
    other = Module.objects.get(slug="understanding-ms", locale="en")
    text = editor_client.get(_page(other), {"language": "es", "file_format": "po"}).content
    upload = io.BytesIO(text if what == "other-module" else b"<xliff><broken")
    upload.name = "job.po"
    before = _snapshot()
    response = editor_client.post(_page(module), {"file": upload})
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode() or what == "broken"
    assert "XLIFF" in response.content.decode() or what == "other-module"
    assert _snapshot() == before


def test_a_medical_reviewer_may_download_but_not_upload(sample, client):
    from django.contrib.auth.models import Group

    from core.roles import MEDICAL_REVIEWERS
    from tests.factories import make_user

    Group.objects.get_or_create(name=MEDICAL_REVIEWERS)
    client.force_login(make_user(username="doc", is_staff=True, groups=[MEDICAL_REVIEWERS]))
    module = Module.objects.get(slug="limits-and-future", locale="en")
    page = client.get(_page(module))
    assert page.status_code == 200 and b"Upload a translated file" not in page.content
    upload = io.BytesIO(b"x")
    upload.name = "job.po"
    assert client.post(_page(module), {"file": upload}).status_code == 403


def test_the_translation_page_of_a_missing_or_translated_module_is_not_found(sample, editor_client):
    spanish = Module.objects.get(slug="limits-and-future", locale="es")
    assert editor_client.get(_page(spanish)).status_code == 404
    assert editor_client.get(_page(Module(pk=999999))).status_code == 404


def test_a_file_without_its_module_or_for_the_source_language_is_refused(sample, tmp_path):
    from django.core.management.base import CommandError

    units = from_po(_export("limits-and-future"))
    before = _snapshot()
    without_module = [unit for unit in units if not unit.id.startswith("learn.module:")]
    with pytest.raises(CommandError, match="does not name a module"):
        _import(to_po(without_module, "es"), tmp_path)
    with pytest.raises(CommandError, match="not one this site translates into"):
        _import(to_po(units, "en"), tmp_path)
    assert _snapshot() == before


def test_the_export_query_count_does_not_grow_with_the_module(
    sample, django_assert_max_num_queries
):
    from quizzes.translation_export import export_module

    for slug in ["limits-and-future", "understanding-ms", "gut-brain-axis"]:
        module = Module.objects.get(slug=slug, locale="en")
        with django_assert_max_num_queries(16):
            export_module(module, language="es", file_format="xliff")
