"""What the quiz-taking services refuse, as exceptions with a code for programs and a message
for people. The services re-export them: `services.QuizError` and friends.

Three kinds, which the API answers with their own status (quizzes/api/common.py `refusal`):
`QuizNotFound` (404), `QuizConflict`, a request that clashes with the current state (409),
and any other QuizError, input that names the wrong thing (400). The apps above (groups'
before-and-after refusals, review's cards) subclass these kinds rather than list their codes
here.
"""

from django.utils.translation import gettext_lazy as _


class QuizError(Exception):
    """A request that breaks a quiz rule. `code` is for programs, `message` for people."""

    code = "quiz_error"
    default_message = _("Something went wrong with this quiz. Please try again.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.code)

    def __str__(self):
        return str(self.message)


class QuizNotFound(QuizError):
    code = "not_found"
    default_message = _("We could not find that quiz.")


class QuizConflict(QuizError):
    """Refused because of where things stand (an attempt over or locked, a quiz not open yet,
    no attempts left), not because of what the request says."""

    code = "conflict"


class QuizNotOpen(QuizConflict):
    code = "not_open"
    default_message = _("This quiz is not open yet.")


class NoAttemptsLeft(QuizConflict):
    code = "no_attempts_left"
    default_message = _("You have used all the attempts this quiz allows.")


class AttemptSubmitted(QuizConflict):
    code = "attempt_submitted"
    default_message = _("This attempt is already submitted, so its answers cannot change.")


class TimeOver(QuizConflict):
    code = "time_over"
    default_message = _(
        "The time for this quiz is over. We kept the answers you gave and submitted them."
    )


class WrongQuestion(QuizError):
    code = "wrong_question"
    default_message = _("That question is not part of this quiz attempt.")


class InvalidChoice(QuizError):
    code = "invalid_choice"
    default_message = _("That answer is not one of the choices for this question.")


class NoChoice(QuizError):
    code = "no_choice"
    default_message = _("Choose an answer first.")


class TooManyChoices(QuizError):
    code = "too_many_choices"
    default_message = _("You chose more answers than this question has.")


class AnswerLocked(QuizConflict):
    code = "answer_locked"
    default_message = _(
        "You have already answered this question and seen the answer, so it cannot be changed."
    )


class InvalidConfidence(QuizError):
    code = "invalid_confidence"
    default_message = _("How sure you are must be one of: sure, fairly sure or guessing.")


# No answer at all is one way of not giving one of the three: a caller that always needs one
# (the review queue) catches both as InvalidConfidence; the codes stay apart for the pages.
class NoConfidence(InvalidConfidence):
    code = "no_confidence"
    default_message = _("Choose how sure you are: sure, fairly sure or guessing.")
