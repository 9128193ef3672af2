"""The one rule for tagging a question with learning objectives: every objective must belong to
the module of the question's quiz (a quiz with no module takes no objectives).

The question admin, the quiz editor, the CSV import and the sample loader all call these two
functions, so an objective from another module is refused the same way everywhere.
"""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from learn.objectives import LearningObjective


def objective_tag_problems(*, module_id, objectives: Iterable[LearningObjective]) -> list[str]:
    """A problem for each objective that is not one of module `module_id`'s objectives."""
    problems = []
    for objective in objectives:
        if module_id is None:
            problems.append(
                _(
                    "“%(objective)s” can't be tagged: this quiz belongs to no module. Choose "
                    "the quiz's module first."
                )
                % {"objective": objective.text}
            )
        elif objective.module_id != module_id:
            problems.append(
                _(
                    "“%(objective)s” is an objective of another module. Tag this question only "
                    "with objectives of its quiz's module."
                )
                % {"objective": objective.text}
            )
    return problems


def objectives_by_code(
    *, module_id, codes: Iterable[str], known: dict | None = None
) -> tuple[list[LearningObjective], list[str]]:
    """The objectives of module `module_id` named by `codes`, and a problem per unknown code.

    `known` maps codes to the module's objectives (looked up in one query when not given), so a
    caller checking many rows looks them up once. A code of another module is unknown here.
    """
    if known is None:
        known = module_objectives(module_id)
    found, problems = [], []
    for code in codes:
        if code in known:
            found.append(known[code])
        elif module_id is None:
            problems.append(
                _("objective “%(code)s”: this quiz belongs to no module, so it has no objectives.")
                % {"code": code}
            )
        else:
            problems.append(
                _(
                    "No objective of this quiz's module has the code “%(code)s”. The codes are: "
                    "%(codes)s."
                )
                % {"code": code, "codes": ", ".join(known) or _("none yet")}
            )
    return found, problems


def module_objectives(module_id) -> dict[str, LearningObjective]:
    """The objectives of one module by code, in their order (none for no module)."""
    if module_id is None:
        return {}
    return {
        objective.code: objective
        for objective in LearningObjective.objects.filter(module_id=module_id)
    }


def split_codes(cell: str) -> list[str]:
    """The objective codes in a CSV cell or list: separated by ';' or '|', blanks dropped."""
    return [code.strip() for code in re.split(r"[;|]", cell) if code.strip()]
