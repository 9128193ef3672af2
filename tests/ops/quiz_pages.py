"""A small quiz and lesson in a scratch database, and reading the quiz pages' HTML."""

import html
import json
import re

from tests.ops.app_server import run_script

# Feedback at the end, so answers can be given on any server in any order.
CONTENT = """
import json
from tests.factories import make_article, make_module, make_question, make_quiz
module = make_module()
lesson = make_article(module=module)
quiz = make_quiz(module=module, feedback_timing="end")
for n in range(1, 4):
    make_question(quiz=quiz, choices=[(f"Right {n}", True), (f"Wrong {n}", False)])
print(json.dumps({"lesson": lesson.get_absolute_url(), "quiz": quiz.get_absolute_url()}))
"""

_FORM = re.compile(r'<form class="answer-form".*?</form>', re.S)
_QUESTION = re.compile(r'name="question" value="(\d+)"')
_CHOICE = re.compile(r'name="choice" value="(\d+)"[^>]*>\s*<span class="choice__text">([^<]*)<')
_CHOSEN = re.compile(
    r'<span class="review-choice__text">([^<]*)</span>\s*'
    r'<span class="tag tag--(?:right|wrong)">You chose this'
)


def load_small_quiz(env):
    """Create a published lesson and a 3-question quiz; returns their paths."""
    return json.loads(run_script(CONTENT, env).strip().splitlines()[-1])


def answer_form(page):
    """(question id, {choice text: choice id}) of the step's answer form."""
    form = _FORM.search(page)
    assert form is not None, "the step shows no answer form"
    question = _QUESTION.search(form.group(0)).group(1)
    choices = {html.unescape(text): pk for pk, text in _CHOICE.findall(form.group(0))}
    return question, choices


def chosen_answers(result_page):
    """Texts of the choices the result page marks "You chose this" (right or not)."""
    return {html.unescape(text) for text in _CHOSEN.findall(result_page)}
