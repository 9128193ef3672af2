"""Learning objectives: what a learner can do after a module ("I can explain why a mouse
result is not a human result"). Editors write them per module, in order; lessons and quiz
questions are tagged with them (quizzes.Question.objectives), so results, mastery and the
educator's dashboard can report per objective.

A translated module has its own objectives, copies of its source's pointing back to them
(`source_objective`): tags and mastery stay on the source objectives, whatever the language
a learner reads in; the translation only gives the text in that language."""

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
    source_objective = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="translations",
        verbose_name=_("source objective"),
        help_text=_("On a translated module: the objective this one translates."),
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
