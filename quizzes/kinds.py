"""The kinds of question, apart from the models so the question rules (quizzes/validation.py)
can use them without importing the models that call those rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple answers")
    TRUE_FALSE = "true_false", _("True or false")
