"""Who was sure of a wrong answer (issue 16, confidence): per question the number of learners
whose counted attempt answered it wrongly while sure or fairly sure, and per misconception
label of a wrong choice how many learners picked it that way.

The figures ride on the question tallies of groups.stats (the same queries over the same
counted attempts, so no query more), and are shown only under the small-group rule of
groups.results_rules, like every other figure about the group.
"""

from collections import defaultdict

from groups.results_rules import enough_learners_for_stats
from quizzes.confidence import CONFIDENT

# The confident answers as an SQL list, for the tally queries. The values are the fixed
# Confidence choices, never input, so they can be written into the statement.
SURE_SQL = "(" + ", ".join(f"'{value}'" for value in sorted(CONFIDENT)) + ")"


def confidently_wrong_tally(tally_rows: list, wrong_choices: dict) -> dict:
    """{question id: {"count": n, "misconceptions": [{"label", "learners"}, ...]}}.

    `tally_rows` are groups.stats' rows (question, is_right_row, choice, n, upper, lower,
    sure): a question's row carries how many answered it wrongly while sure; a wrong choice's
    row how many picked that choice while sure. `wrong_choices` maps choice ids to their
    misconception label. A label on two wrong choices of one question adds up their picks.
    Misconceptions come most held first.
    """
    tally = defaultdict(lambda: {"count": 0, "held": defaultdict(int)})
    for question_id, is_right_row, choice_id, _n, _upper, _lower, sure in tally_rows:
        if is_right_row:
            tally[question_id]["count"] = sure
            continue
        label = wrong_choices.get(choice_id, {}).get("misconception", "")
        if label and sure:
            tally[question_id]["held"][label] += sure
    return {
        question_id: {
            "count": entry["count"],
            "misconceptions": [
                {"label": label, "learners": n}
                for label, n in sorted(entry["held"].items(), key=lambda item: (-item[1], item[0]))
            ],
        }
        for question_id, entry in tally.items()
    }


def confidently_wrong_share(count: int, learners: int) -> float | None:
    """Percent of the learners with a counted attempt who were sure of a wrong answer; None
    under the small-group rule (too few learners to say anything about the group)."""
    if not enough_learners_for_stats(learners):
        return None
    return 100 * count / learners
