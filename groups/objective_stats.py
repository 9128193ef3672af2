"""An assignment's results per learning objective, for the dashboard and the CSV.

Per objective of the quiz's questions: the share of right answers on its questions in the
learners' counted attempts (the mean of those questions' facility), and the share of learners
who are secure in it by the one mastery rule (quizzes/mastery.py, over all their answers).
Two queries whatever the group's size: the mastery side reads the tallies quizzes keeps per
learner and objective (quizzes.mastery.learners_mastery), so it is always up to date and no
answer is sorted here. Shown, like every group figure, only when the group passes the
small-group rule (groups/results_rules.py); the caller decides that.
"""

from dataclasses import dataclass, field

from quizzes.mastery import Mastery, learners_mastery
from quizzes.models import Question


@dataclass
class ObjectiveRow:
    objective_id: int
    code: str
    text: str
    question_ids: list[int] = field(default_factory=list)
    facility: float = 0.0  # percent right on its questions, in counted attempts
    secure_share: float = 0.0  # percent of the learners with a counted attempt who are secure
    getting_there_share: float = 0.0


def objective_rows(*, assignment, learners: list, questions: list) -> list[ObjectiveRow]:
    """The quiz's objectives in order, with their figures (see the module docstring)."""
    tags = (
        Question.objectives.through.objects.filter(question__quiz_id=assignment.quiz_id)
        .select_related("learningobjective")
        .order_by("learningobjective__position", "learningobjective_id", "question_id")
    )
    rows, objectives = {}, {}
    for tag in tags:
        objective = tag.learningobjective
        objectives[objective.pk] = objective
        row = rows.setdefault(
            objective.pk, ObjectiveRow(objective.pk, objective.code, objective.text)
        )
        row.question_ids.append(tag.question_id)
    scored = [r.user_id for r in learners if r.counted_attempt_id]
    levels = learners_mastery(user_ids=scored, objectives=objectives.values())
    facility = {q.question_id: q.facility for q in questions}
    for row in rows.values():
        known = [facility[pk] for pk in row.question_ids if pk in facility]
        row.facility = sum(known) / len(known) if known else 0.0
        if scored:
            counts = levels[row.objective_id]
            row.secure_share = 100 * counts[Mastery.SECURE] / len(scored)
            row.getting_there_share = 100 * counts[Mastery.GETTING_THERE] / len(scored)
    return list(rows.values())
