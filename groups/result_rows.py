"""The rows of an assignment's results, as groups.stats builds them and the dashboard, the CSV
and the API show them (the API through `dataclasses.asdict`, so every field is public)."""

from dataclasses import dataclass, field

from groups.results_rules import ReviewReason
from groups.rules import AssignmentStatus


@dataclass
class LearnerRow:
    user_id: int
    name: str
    username: str
    status: AssignmentStatus
    score: float | None  # the counted score, 0-100
    reached_pass_mark: bool | None
    attempts_used: int
    attempts_allowed: int | None
    last_activity: object
    due_at: object
    accommodations: list[str]
    holds: list[dict]
    days_on_hold: int
    counted_attempt_id: object = None
    submitted_at: object = None  # when the counted attempt was submitted
    language: str = ""  # the language the counted attempt was taken in


@dataclass
class QuestionRow:
    question_id: int
    position: int
    prompt: str
    facility: float  # percent of learners whose counted attempt got it right
    discrimination: float | None
    wrong_choice: str = ""
    misconception: str = ""
    wrong_count: int = 0
    needs_review: bool = False
    review_reason: str = ""
    # Sure or fairly sure, and wrong (issue 16, confidence): learners, percent of learners,
    # and per misconception label of a wrong choice, how many picked it that way.
    confidently_wrong: int = 0
    confidently_wrong_share: float | None = None
    confident_misconceptions: list[dict] = field(default_factory=list)

    @property
    def advice(self) -> str:
        """What the figures suggest, in plain words."""
        return ReviewReason(self.review_reason).label


@dataclass
class AssignmentResults:
    learners: list[LearnerRow]
    member_count: int
    submitted_count: int
    enough_for_stats: bool
    completion_rate: float = 0.0
    mean: float | None = None
    median: float | None = None
    pass_share: float | None = None
    histogram: list[dict] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    status_counts: dict = field(default_factory=dict)
    objectives: list = field(default_factory=list)  # groups.objective_stats.ObjectiveRow
    languages: dict = field(default_factory=dict)  # language code -> counted attempts in it
