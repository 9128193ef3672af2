"""Starting a quiz from an assignment through the API: POST quizzes/{slug}/attempts/.

The quiz app's view starts plain attempts and knows nothing of assignments (quizzes does not
import groups). This subclass, served at the same path and name (msportal/api_urls.py), adds
the optional `assignment`: the asker must be signed in and a member of its group, and the
groups services work out the attempt limit and time with the assignment's rules.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotAuthenticated

from groups import gain
from groups.gain import WrongStep
from groups.models import Assignment
from quizzes.api.attempts import AttemptStart
from quizzes.exceptions import QuizNotFound


class AssignmentAttemptStart(AttemptStart):
    """POST quizzes/{slug}/attempts/, with or without `assignment`."""

    def start(self, request, quiz, assignment_id):
        if assignment_id is None:
            return super().start(request, quiz, None)
        if not request.user.is_authenticated:
            raise NotAuthenticated(_("Sign in to start a quiz from an assignment."))
        not_yours = QuizNotFound(_("We could not find that assignment among yours."))
        assignment = (
            Assignment.objects.select_related("quiz", "pre_quiz").filter(pk=assignment_id).first()
        )
        if assignment is None:
            raise not_yours
        step = request.data.get("step") or ""
        if not isinstance(step, str):
            raise WrongStep()
        try:
            # A before-and-after assignment's rules (groups/gain.py): the optional `step`,
            # "before" or "after", else the one the quiz is for, else the learner's next.
            return gain.start_step(assignment=assignment, user=request.user, quiz=quiz, asked=step)
        except QuizNotFound:
            # Not a member, or another quiz's assignment: said like an unknown assignment.
            raise not_yours from None
