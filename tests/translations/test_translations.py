"""publishing.translations: finding, localizing, creating and checking translations."""

import pytest
from django.core.exceptions import ValidationError

from editorial.models import GlossaryTerm, SitePage
from learn.models import FAQ, Article, LearningObjective, Module
from publishing.models import Status, StatusChange, StatusChangeKind
from publishing.translations import (
    changed_sources,
    confirm_up_to_date,
    create_translation,
    is_source,
    localize_list,
    localize_many,
    localized,
    source_changed,
    source_diff,
    source_of,
    translation_of,
    translation_overview,
)
from publishing.workflow import status_changes_for, text_digest
from tests.factories import make_article, make_faq, make_module, make_quiz, make_user
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db


def test_create_translation_copies_the_source_into_a_spanish_draft():
    lesson = make_article(title="Gut bacteria", body="Words.", sources=2)
    editor = make_user(is_staff=True)
    translation = create_translation(lesson, "es", user=editor)
    assert translation.pk != lesson.pk
    assert translation.locale == "es"
    assert translation.status == Status.DRAFT
    assert translation.translation_key == lesson.translation_key
    assert translation.slug == lesson.slug
    assert translation.title == "Gut bacteria"
    assert translation.module_id == lesson.module_id
    assert translation.translated_from_text == lesson.reviewed_text()
    assert translation.translated_from_digest == text_digest(lesson.reviewed_text())
    # Its sources are copied, in order.
    assert list(translation.citations.values_list("reference_id", "position")) == list(
        lesson.citations.values_list("reference_id", "position")
    )
    log = status_changes_for(translation).get()
    assert log.kind == StatusChangeKind.TRANSLATED and log.user == editor
    # Its revision names its maker, who may therefore not approve it.
    assert editor.pk in translation.review_author_user_ids()


def test_create_translation_refuses_a_translation_of_a_translation():
    translation = make_translation(make_article(), publish=False)
    with pytest.raises(ValidationError, match="translate its source"):
        create_translation(translation, "es")


def test_create_translation_refuses_a_second_spanish_translation():
    lesson = make_article()
    make_translation(lesson, publish=False)
    count = Article.objects.count()
    with pytest.raises(ValidationError, match="already has a Spanish translation"):
        create_translation(lesson, "es")
    assert Article.objects.count() == count


@pytest.mark.parametrize("language", ["fr", "", "en", "ES"])
def test_create_translation_refuses_a_language_the_site_does_not_offer(language):
    module = make_module()
    with pytest.raises(ValidationError):
        create_translation(module, language)
    assert Module.objects.count() == 1
    assert not StatusChange.objects.exists()


def test_module_translation_copies_learning_objectives_tied_to_the_source():
    module = make_module()
    first = LearningObjective.objects.create(module=module, code="a", text="I can A", position=1)
    second = LearningObjective.objects.create(module=module, code="b", text="I can B", position=2)
    translation = create_translation(module, "es")
    copies = list(translation.objectives.order_by("position"))
    assert [(o.code, o.text, o.source_objective) for o in copies] == [
        ("a", "I can A", first),
        ("b", "I can B", second),
    ]
    assert first.source_objective is None


def test_faq_translation_keeps_its_related_lessons():
    lesson = make_article()
    faq = make_faq()
    faq.related_articles.add(lesson)
    translation = create_translation(faq, "es")
    assert list(translation.related_articles.all()) == [lesson]


def test_source_and_translation_find_each_other():
    module = make_module()
    translation = make_translation(module, title="Módulo")
    assert is_source(module) and not is_source(translation)
    assert source_of(translation) == module
    assert source_of(module) == module
    assert translation_of(module, "es") == translation
    assert translation_of(module, "en") == module


def test_a_draft_or_review_translation_is_never_shown_to_readers():
    module = make_module()
    translation = make_translation(module, publish=False, title="Borrador")
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED):
        Module.objects.filter(pk=translation.pk).update(status=status)
        assert translation_of(module, "es") is None
        assert translation_of(module, "es", public_only=False) == translation
        assert localized(module, "es") == (module, True)


def test_localized_gives_the_published_translation_and_no_notice():
    module = make_module()
    translation = make_translation(module, title="Módulo")
    assert localized(module, "es") == (translation, False)
    assert localized(module, "en") == (module, False)


def test_published_lists_sources_only():
    module = make_module()
    make_translation(module, title="Módulo")
    assert list(Module.objects.published()) == [module]
    assert Module.objects.published_any_locale().count() == 2
    assert list(Module.objects.sources()) == [module]


def test_localize_many_asks_one_query_whatever_the_number(django_assert_num_queries):
    modules = [make_module() for _ in range(6)]
    translated = {make_translation(m, title=f"ES {m.title}").pk for m in modules[::2]}
    make_translation(modules[1], publish=False)  # a draft: not shown
    with django_assert_num_queries(1):
        shown = localize_many(modules, "es")
    assert [(item.pk in translated, fallback) for item, fallback in shown] == [
        (True, False),
        (False, True),
        (True, False),
        (False, True),
        (True, False),
        (False, True),
    ]
    with django_assert_num_queries(1):
        localize_many(modules[:2], "es")
    with django_assert_num_queries(0):
        assert localize_many(modules, "en") == [(m, False) for m in modules]


def test_source_changed_and_its_diff():
    lesson = make_article(body="First line.\nSecond line.")
    translation = make_translation(lesson, body="Primera línea.\nSegunda línea.")
    assert not source_changed(translation)
    assert source_diff(translation) == ""
    assert not source_changed(lesson)  # a source has no source to follow
    lesson.body = "First line.\nA changed <b>second</b> line."
    lesson.save()
    assert source_changed(translation)
    diff = source_diff(translation)
    assert "-Second line." in diff
    assert "+A changed <b>second</b> line." in diff  # plain text: escaping is the page's job


def test_confirm_up_to_date_takes_a_new_snapshot_and_logs_it():
    lesson = make_article(body="Old.")
    translation = make_translation(lesson, body="Viejo.")
    lesson.body = "New."
    lesson.save()
    editor = make_user(is_staff=True)
    confirm_up_to_date(translation, user=editor)
    translation.refresh_from_db()
    assert not source_changed(translation)
    assert "body: New." in translation.translated_from_text
    log = status_changes_for(translation).first()
    assert log.kind == StatusChangeKind.UP_TO_DATE and log.user == editor
    # A source cannot be confirmed.
    with pytest.raises(ValidationError):
        confirm_up_to_date(lesson, user=editor)


def test_translation_overview_lists_translated_items_with_their_states():
    changed = make_faq(answer="Old.")
    make_translation(changed, answer="Viejo.")
    changed.answer = "New."
    changed.save()
    page = SitePage.objects.create(slug="team", title="Team", body="Hi.", status=Status.PUBLISHED)
    make_translation(page, publish=False, title="Equipo")
    make_module()  # not translated: not listed
    rows = {row.source.pk: row for row in translation_overview() if row.model is not Article}
    faq_row = next(r for r in translation_overview() if r.model is FAQ)
    assert faq_row.languages["es"].public and faq_row.languages["es"].out_of_date
    assert not faq_row.languages["en"].out_of_date
    page_row = next(r for r in translation_overview() if r.model is SitePage)
    assert not page_row.languages["es"].public and not page_row.languages["es"].out_of_date
    assert page.pk in rows and changed.pk in rows
    assert len(translation_overview()) == 2


def test_glossary_terms_are_unique_per_language():
    term = GlossaryTerm.objects.create(term="Microbiome", slug="microbiome", short_definition="x")
    translation = create_translation(term, "es")
    assert translation.term == "Microbiome"  # the same word is fine in another language
    with pytest.raises(ValidationError):
        GlossaryTerm(term="Microbiome", slug="microbiome-2", short_definition="y").full_clean()


def test_localize_list_keeps_annotations_and_shared_foreign_keys(django_assert_num_queries):
    lessons = list(
        Article.objects.select_related("module")
        .filter(pk__in=[make_article().pk, make_article().pk])
        .order_by("pk")
    )
    translation = make_translation(lessons[0], title="Lección")
    for lesson in lessons:
        lesson.is_done = True
    with django_assert_num_queries(1):
        shown = localize_list(lessons, "es", keep=("is_done",))
        assert [item.title for item in shown] == ["Lección", lessons[1].title]
        assert shown[0].module == lessons[0].module  # no query: shared with the source
    assert shown[0].pk == translation.pk and shown[0].source_pk == lessons[0].pk
    assert shown[0].is_done


def test_changed_sources_flags_many_at_once_and_agrees_with_source_changed(
    django_assert_max_num_queries,
):
    quiz = make_quiz(questions=2)
    quiz_translation = make_translation(quiz)
    lessons = [make_article(sources=2) for _ in range(3)]
    translations = [make_translation(lesson) for lesson in lessons]
    lessons[1].body = "A significant change."
    lessons[1].save()

    with django_assert_max_num_queries(3):  # sources, their citations with references
        assert changed_sources(translations + lessons) == {translations[1].pk}
    assert changed_sources([quiz_translation]) == set()  # prefetched text reads the same
    assert [source_changed(t) for t in translations] == [False, True, False]
    assert changed_sources([]) == set()
