"""The lesson page puts its text first, says who made it below, and leads on at a module's end."""

import datetime

import pytest

from learn.models import EvidenceLevel
from learn.templatetags.learn_tags import citation_details
from publishing.models import Status
from quizzes.models import Quiz
from tests.factories import cite, make_article, make_contributor, make_module, make_reference

pytestmark = pytest.mark.django_db

FULL_DISCLAIMER = "This is educational information, not medical advice."


def _page(client, lesson):
    html = client.get(lesson.get_absolute_url()).content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_text_comes_before_who_made_the_lesson_its_dates_and_the_full_disclaimer(client):
    author = make_contributor(name="Ada Writer")
    reviewer = make_contributor(name="Ben Reviewer")
    lesson = make_article(
        title="Gut microbes",
        summary="What lives in the gut.",
        body="The gut holds trillions of microbes.",
        author=author,
        medical_reviewer=reviewer,
        approved=False,
        evidence_level=EvidenceLevel.EMERGING_HUMAN,
        evidence_as_of=datetime.date(2026, 11, 1),
        last_reviewed_on=datetime.date(2026, 12, 3),
    )

    main = _page(client, lesson)

    text = main.index("The gut holds trillions")
    assert main.index("<h1") < main.index("What lives in the gut.") < text
    facts = main.split('class="lesson__facts"', 1)[1].split("</p>", 1)[0]
    assert "min read" in facts and "Evidence: Emerging human evidence" in facts
    assert "Reviewed December 2026" in facts
    assert main.index("Information, not medical advice.") < text
    # Right after the text: marking it done and the way on; then the details about it.
    assert text < main.index('id="lesson-done"') < main.index('id="about-lesson"')
    for later in (
        "Evidence as of November 2026",
        "Medically reviewed by",
        "Ben Reviewer",
        '<time datetime="2026-12-03">',
        FULL_DISCLAIMER,
        'id="people-heading"',
    ):
        assert main.index(later) > text, later


def test_a_lesson_without_an_author_or_reviewer_has_no_empty_who_made_it_heading(client):
    lesson = make_article(author=None, medical_reviewer=None, approved=False)

    main = _page(client, lesson)

    assert "Who made this lesson" not in main
    assert "The msportal team" in main  # The facts below the text still say who wrote it.


def test_the_approving_reviewer_is_named_below_the_text(client):
    lesson = make_article()  # Approved by the factory's medical reviewer.

    main = _page(client, lesson)

    about = main.split('id="about-lesson"', 1)[1]
    assert "Not reviewed yet" not in about.split("</dl>", 1)[0]
    assert 'id="people-heading"' in main


def _module_of(count, **module_kwargs):
    module = make_module(**module_kwargs)
    return module, [make_article(module=module, position=i) for i in range(count)]


def test_the_last_lesson_offers_the_quiz_and_the_next_module(client):
    module, lessons = _module_of(2, position=1)
    later = make_module(title="Gut and brain", position=2)
    make_module(title="Draft module", position=3, status=Status.DRAFT)
    quiz = Quiz.objects.create(
        title="Check MS basics",
        slug="check-ms-basics",
        module=module,
        status=Status.PUBLISHED,
        publish_at=module.publish_at,
    )

    last = _page(client, lessons[-1])
    middle = _page(client, lessons[0])

    end = last.split('class="module-end"', 1)[1].split("</section>", 1)[0]
    assert f'href="{quiz.get_absolute_url()}"' in end and "Check MS basics" in end
    assert f'href="{later.get_absolute_url()}" rel="next"' in end
    assert "This is the last lesson in this module" in end  # Nothing is marked done yet.
    assert 'class="module-end"' not in middle


def test_the_module_end_says_finished_once_every_lesson_is_done(client):
    module, lessons = _module_of(2)
    for lesson in lessons:
        client.post(lesson.get_absolute_url() + "done/", {"done": "1"})

    main = _page(client, lessons[-1])

    assert "You have finished this module" in main


def test_the_last_module_leads_back_to_all_modules(client):
    make_module(title="An earlier module", position=0)
    module, lessons = _module_of(1, position=99)

    end = _page(client, lessons[0]).split('class="module-end"', 1)[1]

    assert 'href="/learn/"' in end.split("</section>", 1)[0]
    assert "There is no quiz" not in end


def test_next_module_follows_position_then_title_and_skips_unpublished_ones(client):
    module, lessons = _module_of(1, title="B module", position=5)
    make_module(title="A module", position=5)  # Same position, earlier title: before.
    make_module(title="C scheduled", position=5, publish_at=module.publish_at.replace(year=2999))
    following = make_module(title="D module", position=5)

    end = _page(client, lessons[0]).split('class="module-end"', 1)[1]

    assert f'href="{following.get_absolute_url()}" rel="next"' in end


@pytest.mark.parametrize(
    ("authors", "publisher", "year", "expected"),
    [
        (
            "Tankou S.K. et al.",
            "Annals of Neurology",
            2018,
            "Tankou S.K. et al. Annals of Neurology. 2018.",
        ),
        ("Smith J", "", None, "Smith J."),
        ("", "NHS", 2024, "NHS. 2024."),
        ("  ", "Who knows?", None, "Who knows?"),
        ("", "", None, ""),
    ],
)
def test_citation_details_end_each_part_with_one_full_stop(authors, publisher, year, expected):
    reference = make_reference(authors=authors, publisher=publisher, year=year)

    assert citation_details(reference) == expected


def test_a_lesson_source_by_et_al_has_no_double_full_stop(client):
    lesson = make_article(sources=0)
    cite(lesson, make_reference(authors="Tankou S.K. et al.", publisher="Annals of Neurology"))

    main = _page(client, lesson)

    assert "Tankou S.K. et al. Annals of Neurology." in main
    assert "et al.." not in main
