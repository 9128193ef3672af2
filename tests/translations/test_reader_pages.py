"""Reader pages in Spanish: the published translation, else English with a notice."""

import pytest

from editorial.models import SitePage
from publishing.models import Status
from tests.factories import make_article, make_module
from tests.translations.helpers import make_translation

pytestmark = pytest.mark.django_db

NOTICE = "Esta página aún no está traducida a su idioma"


def test_spanish_module_page_shows_the_translation_and_its_lessons(client):
    module = make_module(title="Gut and brain")
    lesson = make_article(module=module, title="Bacteria")
    make_translation(module, title="Intestino y cerebro")
    make_translation(lesson, title="Bacterias")
    page = client.get(f"/es/learn/{module.slug}/").content.decode()
    assert "Intestino y cerebro" in page and "Bacterias" in page
    assert NOTICE not in page
    english = client.get(f"/learn/{module.slug}/").content.decode()
    assert "Gut and brain" in english and "Intestino" not in english


def test_a_draft_translation_is_never_shown_and_the_notice_is(client):
    module = make_module(title="Gut and brain")
    make_translation(module, publish=False, title="Borrador")
    page = client.get(f"/es/learn/{module.slug}/").content.decode()
    assert "Borrador" not in page and "Gut and brain" in page
    assert NOTICE in page


def test_translations_never_show_as_extra_english_modules(client):
    module = make_module(title="Gut and brain")
    make_translation(module, title="Intestino y cerebro")
    page = client.get("/learn/").content.decode()
    assert page.count(f'href="/learn/{module.slug}/"') == 1
    assert "Intestino" not in page


def test_spanish_site_page(client):
    page = SitePage.objects.create(slug="team", title="Team", body="Hi.", status=Status.PUBLISHED)
    make_translation(page, title="Equipo", body="Hola.")
    assert "Equipo" in client.get("/es/pages/team/").content.decode()
    assert NOTICE not in client.get("/es/pages/team/").content.decode()


def test_feedback_on_a_spanish_site_page_is_accepted(client):
    page = SitePage.objects.create(slug="team", title="Team", body="Hi.", status=Status.PUBLISHED)
    translation = make_translation(page, title="Equipo", body="Hola.")
    response = client.post(
        f"/es/feedback/page/{translation.pk}/", {"helpful": "yes", "kind": "other", "message": ""}
    )
    assert response.status_code in (200, 302)
