"""Template tags other apps' pages use to show quizzes, so those apps import nothing of quizzes.

The module page (learn/module_detail.html) lists the module's quizzes with
`{% load quiz_tags %}{% module_quizzes module as quizzes %}`: one query.
"""

from django import template
from django.utils import timezone

from quizzes.models import Quiz

register = template.Library()


@register.simple_tag
def module_quizzes(module):
    """The module's published quizzes, by title."""
    return Quiz.objects.published(timezone.now()).filter(module=module).order_by("title")
