"""Translations in the editors' admin: the overview, the changelist flag and filter, the
source diff and "Confirm still up to date", and "Translate into Spanish"."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from core.roles import EDITORS
from editorial.models import GlossaryTerm
from learn.models import FAQ, Article
from publishing.models import Status, StatusChangeKind
from publishing.translations import source_changed
from publishing.workflow import status_changes_for
from tests.factories import make_article, make_faq, make_quiz, make_reviewer, make_user
from tests.governance.helpers import change_url, messages_of, post_change_form
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

OVERVIEW_URL = reverse("admin:publishing_translation_overview")
LESSONS_URL = reverse("admin:learn_article_changelist")
FLAG = "(source changed since translation)"
# The overview: session, user, permissions, and a few queries per translatable model.
OVERVIEW_BUDGET = 25


def confirm_url(item):
    return reverse("admin:learn_article_confirm_up_to_date", args=[item.pk])


def translate_url(item, language="es"):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_translate", args=[item.pk, language])


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))
    return client


def changed_lesson_and_translation(body="Probiotics may help some people."):
    """A published English lesson with a published Spanish translation, and then a
    significant change to the English text."""
    lesson = make_article(body="Probiotics help.\nAsk your neurologist.")
    translation = make_translation(lesson, body="Los probióticos ayudan.\nConsulte a su neurólogo.")
    lesson.body = f"{body}\nAsk your neurologist.\n<script>alert(1)</script>"
    lesson.save()
    return lesson, translation


# The overview ----------------------------------------------------------------------------------


def test_overview_lists_each_translated_item_its_states_and_the_flag(editor_client):
    lesson, translation = changed_lesson_and_translation()
    faq = make_faq(question="Is it safe?")
    make_translation(faq, publish=False, question="¿Es seguro?")
    make_article(title="Never translated")

    page = editor_client.get(OVERVIEW_URL).content.decode()

    assert lesson.title in page and "Is it safe?" in page
    assert "Never translated" not in page
    assert change_url(translation) in page and change_url(lesson) in page
    assert "Source changed since translation" in page
    assert "readers see it" in page and "not public" in page
    assert "Draft" in page  # the FAQ translation's own workflow status
    assert "1 translation’s source changed since translation." in page

    only_changed = editor_client.get(OVERVIEW_URL, {"changed": "1"}).content.decode()
    assert lesson.title in only_changed and "Is it safe?" not in only_changed


def test_the_admin_index_links_to_the_overview(editor_client):
    assert OVERVIEW_URL in editor_client.get(reverse("admin:index")).content.decode()


def test_staff_without_change_permission_on_content_may_not_see_the_overview(client):
    reviewer = make_reviewer()  # view only on lessons, FAQs and quizzes
    client.force_login(reviewer)
    assert client.get(OVERVIEW_URL).status_code == 403
    assert OVERVIEW_URL not in client.get(reverse("admin:index")).content.decode()
    # Nobody else gets past the admin login.
    client.force_login(make_user())
    assert client.get(OVERVIEW_URL).status_code == 302


def test_overview_queries_do_not_grow_with_the_number_of_items(
    editor_client, django_assert_max_num_queries
):
    def build(count):
        for _ in range(count):
            changed_lesson_and_translation()
            make_translation(make_faq())
            make_translation(make_quiz(questions=2))

    def measure():
        with django_assert_max_num_queries(OVERVIEW_BUDGET) as captured:
            assert editor_client.get(OVERVIEW_URL).status_code == 200
        return len(captured)

    build(1)
    one = measure()
    build(9)
    assert measure() == one


# The changelist --------------------------------------------------------------------------------


def test_changelist_shows_language_and_the_flag_and_filters_by_it(editor_client):
    lesson, translation = changed_lesson_and_translation()
    quiet = make_article(title="Quiet lesson")
    make_translation(quiet, title="Lección tranquila")

    page = editor_client.get(LESSONS_URL).content.decode()
    assert "Spanish" in page and "English" in page
    assert page.count(FLAG) == 1

    flagged = editor_client.get(LESSONS_URL, {"source_changed": "yes"})
    assert list(flagged.context["cl"].result_list) == [translation]
    up_to_date = editor_client.get(LESSONS_URL, {"source_changed": "no"})
    assert [item.title for item in up_to_date.context["cl"].result_list] == ["Lección tranquila"]
    spanish = editor_client.get(LESSONS_URL, {"locale__exact": "es"})
    assert {item.locale for item in spanish.context["cl"].result_list} == {"es"}


def test_changelist_flags_cost_the_same_for_one_or_many_rows(
    editor_client, django_assert_max_num_queries
):
    def count():
        with django_assert_max_num_queries(40) as captured:
            editor_client.get(LESSONS_URL)
        return len(captured)

    changed_lesson_and_translation()
    one = count()
    for _ in range(5):
        changed_lesson_and_translation()
    assert count() == one


# The diff and "Confirm still up to date" -------------------------------------------------------


def test_translation_change_form_shows_the_source_diff_escaped_and_marked_in_words(editor_client):
    lesson, translation = changed_lesson_and_translation()

    page = editor_client.get(change_url(translation)).content.decode()

    assert "Source changed since translation." in page
    assert "<del>body: Probiotics help.</del>" in page
    assert "<ins>body: Probiotics may help some people.</ins>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "removed:" in page and "added:" in page  # not colour alone
    assert confirm_url(translation) in page
    assert change_url(lesson) in page  # a link to the source
    # The source's own form offers no confirm, and names its translation.
    source_page = editor_client.get(change_url(lesson)).content.decode()
    assert change_url(translation) in source_page and "confirm-up-to-date" not in source_page


def test_confirm_still_up_to_date_removes_the_flag_and_is_logged(editor_client):
    lesson, translation = changed_lesson_and_translation()

    response = editor_client.post(confirm_url(translation))

    assert response.status_code == 302 and response.url == change_url(translation)
    translation.refresh_from_db()
    assert not source_changed(translation)
    assert status_changes_for(translation).first().kind == StatusChangeKind.UP_TO_DATE
    assert LogEntry.objects.filter(object_id=str(translation.pk)).exists()
    assert "Up to date" in editor_client.get(change_url(translation)).content.decode()
    assert FLAG not in editor_client.get(LESSONS_URL).content.decode()


def test_confirm_refuses_get_a_source_and_people_who_may_not_change_it(editor_client):
    lesson, translation = changed_lesson_and_translation()
    assert editor_client.get(confirm_url(translation)).status_code == 405

    response = editor_client.post(confirm_url(lesson))
    assert "is a source, not a translation" in " ".join(messages_of(response))

    reviewer = Client()
    reviewer.force_login(make_reviewer())  # may view lessons, not change them
    assert reviewer.post(confirm_url(translation)).status_code == 403
    assert "confirm-up-to-date" not in reviewer.get(change_url(translation)).content.decode()
    translation.refresh_from_db()
    assert source_changed(translation)
    assert not status_changes_for(translation).filter(kind=StatusChangeKind.UP_TO_DATE).exists()


def test_confirm_needs_the_csrf_token():
    lesson, translation = changed_lesson_and_translation()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))
    assert client.post(confirm_url(translation)).status_code == 403
    translation.refresh_from_db()
    assert source_changed(translation)


# Translate into Spanish ------------------------------------------------------------------------


def test_translate_into_spanish_makes_a_draft_and_refuses_a_second(editor_client):
    faq = make_faq(question="Is it safe?")
    assert translate_url(faq) in editor_client.get(change_url(faq)).content.decode()

    response = editor_client.post(translate_url(faq))

    translation = FAQ.objects.get(locale="es")
    assert response.url == change_url(translation)
    assert translation.status == Status.DRAFT and translation.question == "Is it safe?"
    assert status_changes_for(translation).get().kind == StatusChangeKind.TRANSLATED
    again = editor_client.post(translate_url(faq))
    assert "already has a Spanish translation" in " ".join(messages_of(again))
    assert FAQ.objects.count() == 2
    # The source's form now links the translation instead of offering the button.
    assert translate_url(faq) not in editor_client.get(change_url(faq)).content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_translate_refuses_a_language_the_site_does_not_translate_into(editor_client, language):
    term = GlossaryTerm.objects.create(term="Microbiome", slug="micro-test", short_definition="x")
    count = GlossaryTerm.objects.count()
    response = editor_client.post(translate_url(term, language))
    assert response.url == change_url(term)
    assert messages_of(response) and GlossaryTerm.objects.count() == count


def test_translate_needs_post_and_add_permission(client):
    lesson = make_article()
    client.force_login(make_reviewer())
    assert client.post(translate_url(lesson)).status_code == 403
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))
    assert client.get(translate_url(lesson)).status_code == 405
    assert Article.objects.count() == 1


def test_translate_action_names_each_refusal(editor_client):
    new = make_article(title="New")
    done = make_article(title="Done")
    make_translation(done)

    response = editor_client.post(
        LESSONS_URL,
        {"action": "translate_selected", "_selected_action": [new.pk, done.pk]},
        follow=True,
    )

    assert Article.objects.filter(locale="es", translation_key=new.translation_key).exists()
    said = " ".join(messages_of(response))
    assert "“Done” already has a Spanish translation." in said
    assert Article.objects.filter(locale="es").count() == 2


def test_an_editor_changes_a_lesson_and_sees_the_spanish_flagged_then_confirms(editor_client):
    """The issue's flow: a significant change to the English, seen on the Spanish version in
    the list, the overview and its form; gone after "Confirm still up to date"."""
    lesson = make_article(body="Probiotics help.")
    translation = make_translation(lesson, body="Los probióticos ayudan.")
    assert FLAG not in editor_client.get(LESSONS_URL).content.decode()

    response = post_change_form(
        editor_client,
        lesson,
        body="Probiotics help only some people, and only some strains.",
        _workflow="draft",
    )
    assert response.status_code == 302

    assert FLAG in editor_client.get(LESSONS_URL).content.decode()
    assert "Source changed since translation" in editor_client.get(OVERVIEW_URL).content.decode()
    form = editor_client.get(change_url(translation)).content.decode()
    assert "<ins>body: Probiotics help only some people, and only some strains.</ins>" in form

    editor_client.post(confirm_url(translation))

    assert FLAG not in editor_client.get(LESSONS_URL).content.decode()
    assert "Source changed" not in editor_client.get(OVERVIEW_URL).content.decode()
