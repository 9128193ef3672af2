"""The module page lists its quizzes through the quizzes app's `module_quizzes` tag."""

import pytest

from publishing.models import Status
from tests.factories import make_article, make_module, make_quiz

pytestmark = pytest.mark.django_db


def test_the_module_page_lists_only_its_published_quizzes_by_title(client):
    module = make_module()
    make_article(module=module)
    make_quiz(module=module, title="Zinc and the gut")
    make_quiz(module=module, title="Apples and fibre")
    make_quiz(module=module, title="Draft quiz", status=Status.DRAFT)
    make_quiz(module=make_module(), title="Another module's quiz")

    html = client.get(module.get_absolute_url()).content.decode()

    assert html.index("Apples and fibre") < html.index("Zinc and the gut")
    assert "Draft quiz" not in html
    assert "Another module's quiz" not in html
    assert "There is no quiz for this module yet." not in html


def test_a_module_without_quizzes_says_so(client):
    module = make_module()
    make_article(module=module)
    html = client.get(module.get_absolute_url()).content.decode()
    assert "There is no quiz for this module yet." in html
