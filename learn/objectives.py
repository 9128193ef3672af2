"""Learning objectives: what a learner can do after a module ("I can explain why a mouse
result is not a human result"). Editors write them per module, in order; lessons and quiz
questions are tagged with them (quizzes.Question.objectives), so results, mastery and the
educator's dashboard can report per objective."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LearningObjective(models.Model):
    module = models.ForeignKey(
        "learn.Module",
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("module"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_(
            "A short name for the objective, unique in its module, e.g. 'mouse-not-human'. "
            "The quiz CSV import names objectives by this code."
        ),
    )
    text = models.CharField(
        _("objective"),
        max_length=200,
        help_text=_(
            "What a learner can do afterwards, in plain words, starting “I can …”, e.g. "
            "“I can explain why a mouse result is not a human result”."
        ),
    )
    articles = models.ManyToManyField(
        "learn.Article",
        blank=True,
        related_name="objectives",
        verbose_name=_("lessons"),
        help_text=_("The lessons that teach it: they list it under “After this lesson you can”."),
    )

    class Meta:
        ordering = ["module", "position", "pk"]
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        constraints = [
            models.UniqueConstraint(fields=["module", "code"], name="objective_code_per_module")
        ]

    def __str__(self):
        return self.text
