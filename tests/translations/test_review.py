"""A translation is medical content with its own review: the four-eyes rule applies to it
(the one rule, in publishing.workflow), and it moves through the workflow on its own."""

import pytest
from django.core.exceptions import ValidationError

from publishing.models import ReviewApproval, Status
from publishing.translations import localized
from publishing.workflow import approval_problems, item_approve_review, item_move
from tests.factories import make_article, make_reviewer, make_user
from tests.governance.helpers import edited_by
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

NOTICE = "Esta página aún no está traducida a su idioma"


def test_the_reviewer_who_made_a_translation_cannot_approve_it():
    reviewer = make_reviewer()
    translation = make_translation(make_article(), publish=False, user=reviewer)

    with pytest.raises(ValidationError, match="you cannot approve it"):
        item_approve_review(item=translation, user=reviewer)

    assert not ReviewApproval.objects.filter(object_id=translation.pk).exists()


def test_the_reviewer_who_last_edited_a_translation_cannot_approve_it_another_can():
    translator = make_reviewer()
    translation = make_translation(make_article(), publish=False, user=make_user(is_staff=True))
    edited_by(translation, translator, body="Texto revisado por la traductora.")

    with pytest.raises(ValidationError, match="you cannot approve it"):
        item_approve_review(item=translation, user=translator)
    assert approval_problems(translation)

    item_approve_review(item=translation, user=make_reviewer())
    assert approval_problems(translation) == []


def test_approving_the_english_does_not_approve_the_spanish():
    lesson = make_article()  # approved and published
    translation = make_translation(lesson, publish=False, body="Texto en español.")
    assert approval_problems(lesson) == []
    assert approval_problems(translation)
    with pytest.raises(ValidationError, match="has not approved"):
        item_move(item=translation, to_status=Status.PUBLISHED)


def test_a_spanish_lesson_in_review_while_the_english_is_public(client):
    lesson = make_article(title="Gut bacteria", body="English words.")
    translation = make_translation(lesson, publish=False, title="Bacterias intestinales")
    module_translation = make_translation(lesson.module, publish=False, title="Intestino")
    lesson_url, module_url = lesson.get_absolute_url(), lesson.module.get_absolute_url()

    for item in (translation, module_translation):
        item_move(item=item, to_status=Status.IN_REVIEW, user=make_user(is_staff=True))

    translation.refresh_from_db()
    lesson.refresh_from_db()
    assert translation.status == Status.IN_REVIEW
    assert lesson.status == Status.PUBLISHED and lesson.is_public()
    # Meanwhile Spanish readers get the English, never a 404, with the notice.
    page = client.get(f"/es{lesson_url}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Gut bacteria" in text and "Bacterias intestinales" not in text
    module_page = client.get(f"/es{module_url}").content.decode()
    assert NOTICE in module_page and "Gut bacteria" in module_page
    assert localized(lesson, "es") == (lesson, True)
    # Once another reviewer approves it and it is published, Spanish readers get it.
    item_approve_review(item=translation, user=make_reviewer())
    item_move(item=translation, to_status=Status.PUBLISHED)
    assert localized(lesson, "es") == (translation, False)


def test_an_editor_previews_the_spanish_lesson_in_review_readers_still_get_the_english(client):
    lesson = make_article(title="Gut bacteria", body="English words.")
    translation = make_translation(
        lesson, publish=False, title="Bacterias intestinales", body="Palabras en español."
    )
    item_move(item=translation, to_status=Status.IN_REVIEW, user=make_user(is_staff=True))
    url = translation.get_absolute_url()
    assert url == "/es" + lesson.get_absolute_url()

    reader = client.get(url).content.decode()
    assert "Palabras en español." not in reader and NOTICE in reader

    client.force_login(make_reviewer())  # the Spanish-speaking medical reviewer
    response = client.get(url)
    page = response.content.decode()
    assert "Palabras en español." in page and "English words." not in page
    assert "Bacterias intestinales" in page and NOTICE not in page
    assert "En revisión" in page  # the preview banner says why readers do not see it
    assert "no-cache" in response["Cache-Control"]

    client.logout()
    again = client.get(url).content.decode()
    assert "Palabras en español." not in again and NOTICE in again


def test_a_translation_s_address_is_in_its_own_language_a_source_s_follows_the_page():
    from django.utils.translation import override

    lesson = make_article()
    translation = make_translation(lesson, publish=False)
    with override("en"):
        assert translation.get_absolute_url() == "/es" + lesson.get_absolute_url()
        assert not lesson.get_absolute_url().startswith("/es/")
    with override("es"):
        assert lesson.get_absolute_url().startswith("/es/")
        assert translation.get_absolute_url() == lesson.get_absolute_url()
