"""Search in a real browser, on the sample content: a misspelt word still finds its lessons,
typed in the header's box (no JavaScript needed) or the search page's own (as you type)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LESSON = "Probiotic safety in detail"  # a sample lesson about probiotics
CORRECTED = "No results for “probiotcs”. Showing"

# How wide the placeholder's text is, drawn in the box's own font, against the room inside it.
PLACEHOLDER_FITS = """(input) => {
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const text = context.measureText(input.placeholder).width;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return text <= room;
}"""


def _lessons(page):
    return page.locator("section[aria-labelledby='results-lessons']")


def test_a_misspelt_word_typed_in_the_header_box_finds_the_probiotics_lessons(
    sample_site, new_context
):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto("/learn/")
    # On a phone the header's box is in its menu.
    page.locator(".site-menu > summary").click()

    box = page.get_by_role("searchbox", name="Search lessons, questions, glossary terms")
    expect(box).to_have_attribute("placeholder", "Search")
    box.fill("probiotcs")
    box.press("Enter")

    expect(page.locator(".result-count")).to_contain_text(CORRECTED)
    expect(_lessons(page).get_by_role("link", name=LESSON)).to_be_visible()
    # One search box on the search page: the header's is not there.
    expect(page.get_by_role("searchbox")).to_have_count(1)
    page.get_by_role("link", name="Search for “probiotcs” exactly as typed").click()
    expect(page.locator(".result-count")).to_have_text("0 results for “probiotcs”")
    expect(page.get_by_role("link", name="probiotics", exact=True)).to_be_visible()


def test_a_misspelt_word_typed_in_the_search_page_box_finds_them_as_you_type(
    sample_site, new_context
):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/search/")
    page.wait_for_load_state("load")

    box = page.get_by_role("searchbox", name="Search lessons, questions, glossary terms")
    box.press_sequentially("probiotcs")

    expect(_lessons(page).get_by_role("link", name=LESSON)).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text(CORRECTED)
    expect(box).to_be_focused()
    assert "q=probiotcs" in page.url


@pytest.mark.parametrize("width", [390, 1280])
def test_the_header_placeholder_fits_its_box(sample_site, new_context, width):
    page = new_context(viewport={"width": width, "height": 844}).new_page()
    page.goto("/learn/")
    if width <= 896:  # in the menu up to 56em
        page.locator(".site-menu > summary").click()

    box = page.locator("#site-search")
    expect(box).to_be_visible()
    assert box.evaluate(PLACEHOLDER_FITS)
