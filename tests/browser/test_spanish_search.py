"""Search in Spanish in a real browser: a Spanish reader (Accept-Language: es) types in the
search page's box and finds the Spanish lesson, not its English source, with an English-only
lesson beside it; the hit opens the lesson's /es/ address."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_module
from tests.translations.helpers import make_translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_spanish_reader_finds_spanish_lessons_and_opens_the_spanish_page(new_context):
    module = make_module(title="The gut")
    lesson = make_article(module=module, title="Gut bacteria", body="About bacteria.")
    make_translation(lesson, title="Las bacterias del intestino", body="Sobre las bacterias.")
    make_article(module=module, title="Bacteria in yogurt", body="English only.")

    context = new_context(
        locale="es-ES",
        extra_http_headers={"Accept-Language": "es"},
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.goto("/search/")  # the browser's language sends a first visit to /es/
    expect(page).to_have_url(re.compile(r"/es/search/$"))
    page.wait_for_load_state("load")
    box = page.get_by_role("searchbox")
    box.press_sequentially("bacteria")

    lessons = page.locator("section[aria-labelledby='results-lessons']")
    spanish = lessons.get_by_role("link", name="Las bacterias del intestino")
    expect(spanish).to_be_visible()
    expect(lessons.get_by_role("link", name="Gut bacteria")).to_have_count(0)
    expect(lessons.get_by_role("link", name="Bacteria in yogurt")).to_have_count(1)
    spanish.click()
    expect(page).to_have_url(re.compile(rf"/es/learn/{module.slug}/{lesson.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
