"""What other apps may change about a learner's attempts, handed to quizzes.services.

quizzes knows nothing of the apps built on it (groups, accounts). They pass what they decide
as plain values: an assignment's AttemptTerms, and the lookup of a learner's standing extra
time, installed once at start-up.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttemptTerms:
    """What an assignment changes about a learner's attempts, as plain values.

    This app knows nothing of groups (they build on quizzes): the groups app checks the
    assignment, works these values out with its own rules and passes them to
    `attempt_start_or_resume`. Attempts made under terms count and resume only among
    themselves (the same `assignment_id`).
    """

    assignment_id: int
    attempts_allowed: int | None  # None: unlimited
    time_factor: float | None = 1  # how much of a timed quiz's limit; None: no limit


def _no_standing_time(user) -> float | None:
    return 1


# A learner's standing extra time (their own setting, outside any assignment) is kept by an
# app above this one; it installs its lookup here from its AppConfig.ready.
_standing_time_factor: Callable[[object], float | None] = _no_standing_time


def standing_time_factor(user) -> float | None:
    """A signed-in learner's standing time factor, from the installed lookup (else 1)."""
    return _standing_time_factor(user)


def set_standing_time_factor(lookup: Callable[[object], float | None]) -> None:
    """Install the function giving a signed-in learner's standing time factor (1, 1.5, 2 or
    None for no limit). Called once at start-up by the app that stores that setting."""
    global _standing_time_factor
    _standing_time_factor = lookup
