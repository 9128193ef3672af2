"""A lesson shows its learning objectives ("After this lesson you can…") after its first
paragraph, and nothing when it teaches none."""

import pytest
from django.urls import reverse

from learn.objectives import LearningObjective
from learn.templatetags.learn_tags import split_first_paragraph
from tests.factories import make_article, make_module

pytestmark = pytest.mark.django_db


def lesson_url(lesson):
    return reverse("learn:article-detail", args=[lesson.module.slug, lesson.slug])


def test_lesson_lists_its_objectives_after_the_first_paragraph(client):
    module = make_module()
    lesson = make_article(module=module, body="First words.\n\n## A heading\n\nMore words.")
    other_lesson = make_article(module=module)
    second = LearningObjective.objects.create(
        module=module, code="b", text="I can do b", position=2
    )
    first = LearningObjective.objects.create(module=module, code="a", text="I can do a", position=1)
    first.articles.add(lesson)
    second.articles.add(lesson)
    LearningObjective.objects.create(module=module, code="c", text="I can do c").articles.add(
        other_lesson
    )

    html = client.get(lesson_url(lesson)).content.decode()

    body = html[html.index('id="lesson-body"') :]
    assert body.index("First words.") < body.index("After this lesson you can…")
    assert body.index("I can do a") < body.index("I can do b") < body.index("A heading")
    assert "I can do c" not in html


def test_lesson_without_objectives_shows_no_list(client):
    lesson = make_article()
    LearningObjective.objects.create(module=lesson.module, code="a", text="I can do a")
    assert "After this lesson you can" not in client.get(lesson_url(lesson)).content.decode()


@pytest.mark.parametrize(
    ("html", "parts"),
    [
        ("<p>One.</p><p>Two.</p>", ("<p>One.</p>", "<p>Two.</p>")),
        ("\n<p class='x'>One.</p>", ("\n<p class='x'>One.</p>", "")),
        ("<h2>Head</h2><p>One.</p>", ("", "<h2>Head</h2><p>One.</p>")),
        ("<pre>code</pre><p>One.</p>", ("", "<pre>code</pre><p>One.</p>")),
        ("", ("", "")),
    ],
)
def test_split_first_paragraph_cuts_only_after_a_leading_paragraph(html, parts):
    assert split_first_paragraph(html) == parts
