"""Template tags other apps' pages use to show quizzes, so those apps import nothing of quizzes.

The module page (learn/module_detail.html) and a module's end (learn/_module_end.html) list
the module's quizzes with `{% load quiz_tags %}{% module_quizzes module as quizzes %}`: one
query, and one more in another language for the quizzes' published translations.
"""

from django import template
from django.conf import settings
from django.utils import timezone

from publishing.search.spelling import fold
from quizzes.models import Quiz
from quizzes.translations import active_language, localize_quizzes

register = template.Library()


@register.simple_tag
def module_quizzes(module):
    """The module's published quizzes, each with the title and introduction of its published
    translation in the page's language, else its English ones, and `language_shown` for
    `{% content_lang %}`, in the order of the titles shown (accents and case aside). The tag
    runs in the page's language, which keys any shared fragment or kept page holding it."""
    quizzes = list(Quiz.objects.published(timezone.now()).filter(module=module).order_by("title"))
    language = active_language()
    localize_quizzes(quizzes, language)
    if language != settings.LANGUAGE_CODE:  # the database ordered the English titles
        quizzes.sort(key=lambda quiz: _sort_key(quiz.title))
    return quizzes


def _sort_key(title: str) -> str:
    """A title as an alphabetical list orders it: "Él" with "El", "¿Qué?" with "Qué"."""
    return fold(title.lstrip("¿¡"))
