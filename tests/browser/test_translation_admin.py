"""An editor changes an English lesson and sees its Spanish version flagged, in a real browser:
the lessons list, the translation overview and the translation's own form with the source's
change; "Confirm still up to date" takes the flag away. The translation box and the overview
pass the axe audit."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import axe_violations, describe_violations, log_in
from tests.factories import make_article, make_user
from tests.translations.helpers import make_translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLAG = "(source changed since translation)"


def test_an_editor_sees_the_spanish_lesson_flagged_and_confirms_it(live_server, new_context):
    lesson = make_article(title="Gut bacteria", body="Probiotics help.")
    make_translation(lesson, title="Bacterias intestinales", body="Los probióticos ayudan.")
    editor = make_user(is_staff=True, groups=["Editors"])
    context = new_context()
    log_in(context, editor, live_server.url)
    page = context.new_page()

    # The English lesson's text changes significantly: back to draft, with new words.
    page.goto(f"/admin/learn/article/{lesson.pk}/change/")
    page.get_by_label("Body:", exact=True).fill(
        "Probiotics help only some people, and only some strains."
    )
    page.get_by_role("button", name="Back to draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft")

    page.goto("/admin/learn/article/")
    spanish_row = page.get_by_role("row").filter(has_text="Bacterias intestinales")
    expect(spanish_row).to_contain_text(FLAG)
    expect(page.get_by_role("row").filter(has_text="Gut bacteria")).not_to_contain_text(FLAG)

    page.goto("/admin/")
    page.get_by_role("link", name="Translations", exact=True).click()
    expect(page.get_by_role("heading", name="Translations", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Gut bacteria")
    expect(row).to_contain_text("Source changed since translation")
    violations = axe_violations(page, "#content-main")
    assert not violations, describe_violations(violations, "the translation overview")

    # The Spanish version's form shows what changed in the English, in words.
    row.get_by_role("link", name="Published").click()
    box = page.locator(".translation-box")
    expect(box).to_contain_text("Source changed since translation.")
    expect(box.locator("del")).to_contain_text("body: Probiotics help.")
    expect(box.locator("ins")).to_contain_text("Probiotics help only some people")
    violations = axe_violations(page, ".translation-box")
    assert not violations, describe_violations(violations, "the translation box")

    box.get_by_role("button", name="Confirm still up to date").click()
    expect(page.locator(".messagelist")).to_contain_text("marked up to date")
    expect(page.locator(".translation-box")).to_contain_text("Up to date")

    page.goto("/admin/learn/article/")
    expect(page.get_by_role("row").filter(has_text="Bacterias intestinales")).not_to_contain_text(
        FLAG
    )
