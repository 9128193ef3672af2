"""A Spanish-speaking visitor in a real browser (Accept-Language: es-ES).

They land on Spanish pages, take a quiz in Spanish and read the result in Spanish, switch to
English on the same page and stay in English; the Spanish pages pass the axe audit and fit a
phone. Screenshots go where test_screenshots.py puts them, named es-<page>-<width>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_sideways_scroll, axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPANISH = {"locale": "es-ES"}


def _answer(page, key, *, right=True):
    prompt = key.prompt_on(page)
    role = "checkbox" if key.kinds[prompt] == "multiple" else "radio"
    choices = page.locator("#question-choices")
    for text in key.right[prompt] if right else [key.wrong[prompt]]:
        choices.get_by_role(role, name=text, exact=True).check()
    # The sample quiz asks how sure the learner is (helpers.answer_step does the same in English).
    confidence = page.locator("#question-confidence")
    if confidence.count():
        confidence.get_by_role("radio", name="Seguro/a", exact=True).check()
    page.get_by_role(
        "button", name=re.compile("Comprobar mi respuesta|Guardar la respuesta")
    ).click()


def test_a_spanish_browser_lands_on_spanish_pages_and_takes_the_quiz_in_spanish(
    sample_site, new_context
):
    page = new_context(**SPANISH).new_page()
    key, total = sample_site.quiz, len(sample_site.quiz.right)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Aprender", exact=True)).to_be_visible()

    # An English address (a link from elsewhere) opens the Spanish page.
    page.goto(sample_site.quiz_url)
    expect(page).to_have_url(re.compile("/es" + re.escape(sample_site.quiz_url) + "$"))
    page.get_by_role("button", name="Empezar el cuestionario").click()
    for number in range(1, total + 1):
        expect(page.get_by_role("heading", name=f"Pregunta {number} de {total}")).to_be_visible()
        _answer(page, key)
        expect(page.locator(".feedback__heading")).to_have_text("Correcta")
        if number < total:
            page.get_by_role("link", name="Siguiente", exact=True).click()
    page.get_by_role("link", name="Revisar y enviar").click()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Su resultado: {key.title}")
    expect(page.get_by_text(f"Ha obtenido {total} de {total}")).to_be_visible()

    # English on the same page, and the choice sticks over the browser's language.
    result_path = page.url.split("/es", 1)[1]
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(re.escape(result_path) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your result: {key.title}")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "/es/" not in page.url


def test_the_switcher_works_without_javascript(sample_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(sample_site.lesson_url)
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(re.compile("/es" + re.escape(sample_site.lesson_url) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(sample_site.lesson_title)


@pytest.mark.parametrize("name", ["home", "lesson", "quiz"])
def test_spanish_pages_have_no_wcag_violations_and_fit_a_phone(
    name, sample_site, new_context, screenshot_dir
):
    page = new_context(**SPANISH).new_page()
    path = {"home": "/", "lesson": sample_site.lesson_url, "quiz": sample_site.quiz_url}[name]
    page.goto("/es" + path)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations, f"Spanish {name}")
    for width in (360, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=screenshot_dir / f"es-{name}-{width}.png", full_page=True)
        # The first screen alone, where the longer Spanish header must still fit.
        page.screenshot(path=screenshot_dir / f"es-{name}-{width}-top.png")
        if width < 1280:
            assert_no_sideways_scroll(page, f"Spanish {name} at {width} px")
