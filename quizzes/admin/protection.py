"""Plain words for "learners have answered this, so it can't be deleted".

Questions and choices that learners answered are protected (see quizzes/models.py). Django's
delete page would list every protected response by its database name; editors get a count of
what is kept instead.
"""

from django.utils.translation import ngettext

from quizzes.models import Attempt, Quiz, Response


def protected_summary(*, quizzes=None, questions=None) -> list[str]:
    """What keeps these quizzes or questions from being deleted, in words an editor reads."""
    if quizzes is not None:
        responses = Response.objects.filter(question__quiz__in=quizzes)
        attempts = Attempt.objects.filter(quiz__in=quizzes).count()
        # The groups app's assignments of these quizzes, found through the reverse relation
        # (groups builds on quizzes, so it is not imported here).
        assignment_model = Quiz._meta.get_field("assignments").related_model
        assignments = assignment_model.objects.filter(quiz__in=quizzes).count()
    else:
        responses = Response.objects.filter(question__in=questions)
        attempts = assignments = 0
    lines = []
    if attempts:
        lines.append(
            ngettext(
                "%(n)d attempt by a learner (kept with its score)",
                "%(n)d attempts by learners (kept with their scores)",
                attempts,
            )
            % {"n": attempts}
        )
    if count := responses.count():
        lines.append(
            ngettext(
                "%(n)d answer given by a learner (kept as it was)",
                "%(n)d answers given by learners (kept as they were)",
                count,
            )
            % {"n": count}
        )
    if assignments:
        lines.append(
            ngettext(
                "%(n)d group assignment of this quiz",
                "%(n)d group assignments of these quizzes",
                assignments,
            )
            % {"n": assignments}
        )
    return lines
