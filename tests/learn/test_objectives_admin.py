"""Learning objectives edited in order on their module's admin page (learn/admin_objectives.py)."""

import pytest
from django.urls import reverse

from core.roles import EDITORS
from learn.objectives import LearningObjective
from tests.factories import make_article, make_module, make_user
from tests.learn.test_admin import form_data

pytestmark = pytest.mark.django_db

PREFIX = "objectives"


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(is_staff=True, groups=[EDITORS]))
    return client


def objective_rows(module_page, rows):
    """The module form's data with `rows` as new objective rows (position, code, text, lessons)."""
    data = form_data(module_page, "module_form")
    data[f"{PREFIX}-TOTAL_FORMS"] = [str(len(rows))]
    for i, (position, code, text, lessons) in enumerate(rows):
        data[f"{PREFIX}-{i}-position"] = [str(position)]
        data[f"{PREFIX}-{i}-code"] = [code]
        data[f"{PREFIX}-{i}-text"] = [text]
        data[f"{PREFIX}-{i}-articles"] = [str(lesson.pk) for lesson in lessons]
    return data


def test_module_page_offers_only_its_own_lessons_for_objectives(editor_client):
    module = make_module()
    own, other = make_article(module=module), make_article()
    page = editor_client.get(reverse("admin:learn_module_change", args=[module.pk]))
    html = page.content.decode()
    assert "Learning objectives" in html
    assert f'name="{PREFIX}-__prefix__-articles" value="{own.pk}"' in html
    assert f'value="{other.pk}"' not in html.split(f"{PREFIX}-__prefix__-articles")[1][:2000]


def test_editor_adds_objectives_in_order_with_their_lessons(editor_client):
    module = make_module()
    lesson = make_article(module=module)
    url = reverse("admin:learn_module_change", args=[module.pk])
    data = objective_rows(
        editor_client.get(url),
        [(2, "second", "I can say the second thing", []), (1, "first", "I can do x", [lesson])],
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    objectives = list(module.objectives.all())
    assert [o.code for o in objectives] == ["first", "second"]
    assert list(objectives[0].articles.all()) == [lesson]


def test_lesson_of_another_module_is_refused_and_nothing_saved(editor_client):
    module = make_module()
    stray = make_article()
    url = reverse("admin:learn_module_change", args=[module.pk])
    data = objective_rows(editor_client.get(url), [(1, "x", "I can x", [stray])])

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "is a lesson of another module" in response.content.decode()
    assert not LearningObjective.objects.exists()


def test_duplicate_code_in_a_module_is_refused(editor_client):
    module = make_module()
    url = reverse("admin:learn_module_change", args=[module.pk])
    data = objective_rows(
        editor_client.get(url), [(1, "same", "I can a", []), (2, "same", "I can b", [])]
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert not LearningObjective.objects.exists()
