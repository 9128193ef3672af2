"""A Spanish-speaking visitor in a real browser (Accept-Language: es-ES).

They land on Spanish pages, take a quiz in Spanish and read the result in Spanish, read the
Spanish lessons of the translated sample module (once a reviewer published them) and see the
notice on a lesson that has no Spanish version yet, switch to English on the same page and
stay in English; the Spanish pages pass the axe audit and fit a phone. Screenshots go where
test_screenshots.py puts them, named es-<page>-<width>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_sideways_scroll, axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPANISH = {"locale": "es-ES"}
# The sample module translated into Spanish (learn/sample_content/es).
SPANISH_MODULE = "limits-and-future"
NOTICE = "Esta página aún no está traducida a su idioma"


def _publish_spanish_sample():
    """Publish the Spanish sample module as its medical reviewer would (the loader leaves it
    "in review"): the module, its lessons, FAQs and glossary terms. Returns the module's
    address and its Spanish lesson titles in order."""
    from django.utils import timezone

    from editorial.models import GlossaryTerm
    from learn.models import FAQ, Article, Module
    from publishing.models import Status
    from publishing.translations import create_translation
    from tests.factories import approve

    # The glossary comes from a data migration, which an earlier browser test may have emptied.
    if not GlossaryTerm.objects.filter(slug="probiotic", locale="es").exists():
        source, _new = GlossaryTerm.objects.get_or_create(
            slug="probiotic",
            locale="en",
            defaults={"term": "probiotic", "short_definition": "Live microbes that help."},
        )
        translation = create_translation(source, "es")
        translation.term, translation.also_matches = "probiótico", "probióticos"
        translation.short_definition = "Microbios vivos que ayudan."
        translation.save()
        source.status = Status.PUBLISHED
        source.publish_at = timezone.now() - timezone.timedelta(minutes=1)
        source.save()
    module = Module.objects.get(slug=SPANISH_MODULE, locale="en")
    keys = [lesson.translation_key for lesson in module.articles.sources()]
    items = [
        *Module.objects.filter(translation_key=module.translation_key, locale="es"),
        *Article.objects.filter(translation_key__in=keys, locale="es"),
        *FAQ.objects.filter(locale="es"),
        *GlossaryTerm.objects.filter(locale="es"),
    ]
    assert len(items) > len(keys) > 1
    for item in items:
        item.status = Status.PUBLISHED
        item.publish_at = timezone.now() - timezone.timedelta(minutes=1)
        item.save()
        if item.needs_medical_review:
            approve(item)
    titles = Article.objects.filter(translation_key__in=keys, locale="es")
    return module.get_absolute_url(), list(
        titles.order_by("position").values_list("title", flat=True)
    )


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


def test_a_spanish_visitor_reads_the_spanish_lessons_and_sees_the_notice_elsewhere(
    sample_site, new_context
):
    module_url, titles = _publish_spanish_sample()
    page = new_context(**SPANISH).new_page()
    page.goto(module_url)
    expect(page).to_have_url(re.compile("/es" + re.escape(module_url) + "$"))
    page.get_by_role("link", name=titles[0], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[0])
    expect(page).to_have_url(re.compile(r"/es/learn/"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    # Spanish text, with no notice and no lang="en" anywhere in the lesson's own words.
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    expect(page.locator("#lesson-body")).not_to_have_attribute("lang", "en")
    expect(page.locator("#lesson-body")).to_contain_text("probióticos")
    # Its words are explained from the Spanish glossary, on the Spanish glossary page.
    glossary = page.locator('#lesson-body [href^="/es/glossary/#probiotic"]').first
    expect(glossary).to_be_attached()
    expect(page.locator("#lesson-body")).not_to_contain_text("Live microbes")
    # On to the next lesson, in Spanish.
    page.get_by_role("link", name=re.compile("Lección siguiente")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[1])
    expect(page).to_have_url(re.compile(r"/es/learn/"))
    page.get_by_role("button", name="Marcar como hecha").click()
    expect(page.get_by_text("Ha marcado esta lección como hecha.")).to_be_visible()

    # A lesson with no Spanish version: the English, marked English, with the notice in Spanish.
    page.goto("/es" + sample_site.lesson_url)
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(sample_site.lesson_title)


def test_the_switcher_works_without_javascript(sample_site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(sample_site.lesson_url)
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(re.compile("/es" + re.escape(sample_site.lesson_url) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(sample_site.lesson_title)


@pytest.mark.parametrize("name", ["home", "lesson", "quiz", "translated-lesson", "faq"])
def test_spanish_pages_have_no_wcag_violations_and_fit_a_phone(
    name, sample_site, new_context, screenshot_dir
):
    """ "lesson" has no Spanish version (the notice); "translated-lesson" and the FAQ page
    (some answers translated, some not) show the published Spanish sample."""
    page = new_context(**SPANISH).new_page()
    translated_lesson = ""
    if name in ("translated-lesson", "faq"):
        module_url, _titles = _publish_spanish_sample()
        translated_lesson = module_url + "why-no-clear-answer/"
    path = {
        "home": "/",
        "lesson": sample_site.lesson_url,
        "quiz": sample_site.quiz_url,
        "translated-lesson": translated_lesson,
        "faq": "/faq/",
    }[name]
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
