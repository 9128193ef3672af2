"""Example requests and answers for the quiz-taking and group endpoints' documentation.

The ids here are stand-ins. tests/api/test_fuzz.py maps them to real rows, so the fuzzer's
first requests (the documented examples) reach a real attempt, group and assignment.
"""

_SITE = "https://ms.example.org"

ATTEMPT_ID = "3f2b6c1e-8d4a-4b7e-9c61-2a5d7e0f4b18"
QUESTION_ID = 41
CHOICE_ID = 131
GROUP_ID = 7
ASSIGNMENT_ID = 12
QUIZ_SLUG = "gut-brain-axis"

_QUIZ = {
    "slug": QUIZ_SLUG,
    "title": "The gut-brain axis",
    "url": f"{_SITE}/quizzes/{QUIZ_SLUG}/",
}

_FEEDBACK = {
    "status": "correct",
    "is_correct": True,
    "score": 1.0,
    "explanation": (
        "Dysbiosis means the mix of microbes in the gut is out of balance. Studies find "
        "differences in people with MS, but that does not prove the microbes cause MS."
    ),
    "correct_choice_ids": [CHOICE_ID],
    "choice_feedback": [{"choice": CHOICE_ID, "text": "Yes: 'dys' means out of balance."}],
    "lesson_url": f"{_SITE}/learn/gut-brain-axis/gut-microbiome/#dysbiosis",
}

ATTEMPT = {
    "id": ATTEMPT_ID,
    "quiz": _QUIZ,
    "number": 1,
    "language": "en",
    "assignment": None,
    "status": "in_progress",
    "feedback_timing": "immediate",
    "pass_percent": 70,
    "ask_confidence": True,
    "started_at": "2026-03-02T09:00:00Z",
    "deadline_at": None,
    "minutes_left": None,
    "submitted_at": None,
    "question_count": 2,
    "answered_count": 1,
    "score": None,
    "max_score": None,
    "percent": None,
    "passed": None,
    "url": f"{_SITE}/quizzes/attempts/{ATTEMPT_ID}/",
    "questions": [
        {
            "id": QUESTION_ID,
            "number": 1,
            "kind": "single",
            "prompt": "What does 'dysbiosis' mean?",
            "choices": [
                {"id": CHOICE_ID, "text": "An imbalance of gut microbes"},
                {"id": 132, "text": "A kind of probiotic"},
                {"id": 133, "text": "A test for MS"},
            ],
            "answered": True,
            "flagged": False,
            "chosen": [CHOICE_ID],
            "confidence": "fairly",
            "feedback": _FEEDBACK,
        },
        {
            "id": 42,
            "number": 2,
            "kind": "true_false",
            "prompt": "Probiotics can replace MS medicine.",
            "choices": [{"id": 134, "text": "True"}, {"id": 135, "text": "False"}],
            "answered": False,
            "flagged": True,
            "chosen": [],
            "confidence": "",
            "feedback": None,
        },
    ],
}

SUBMITTED_ATTEMPT = ATTEMPT | {
    "status": "submitted",
    "submitted_at": "2026-03-02T09:06:40Z",
    "score": 1.0,
    "max_score": 2.0,
    "percent": 50.0,
    "passed": False,
    "url": f"{_SITE}/quizzes/attempts/{ATTEMPT_ID}/result/",
}

START = {"assignment": ASSIGNMENT_ID}

ANSWER = {"question": QUESTION_ID, "choices": [CHOICE_ID], "confidence": "fairly"}

RESPONSE = {
    "question": QUESTION_ID,
    "chosen": [CHOICE_ID],
    "confidence": "fairly",
    "answered_at": "2026-03-02T09:02:11Z",
    "feedback": _FEEDBACK,
    "answered_count": 1,
    "question_count": 2,
}

MY_ATTEMPT = {
    "id": ATTEMPT_ID,
    "quiz": _QUIZ,
    "number": 1,
    "language": "en",
    "assignment": None,
    "status": "submitted",
    "started_at": "2026-03-02T09:00:00Z",
    "deadline_at": None,
    "submitted_at": "2026-03-02T09:06:40Z",
    "score": 1.0,
    "max_score": 2.0,
    "percent": 50.0,
    "passed": False,
    "url": f"{_SITE}/quizzes/attempts/{ATTEMPT_ID}/result/",
}

GROUP = {
    "id": GROUP_ID,
    "name": "Tuesday clinic class",
    "description": "Spring 2026, MS nurse clinic.",
    "join_code": "KQ4M-7XPT",
    "join_url": f"{_SITE}/groups/join/?code=KQ4M7XPT",
    "is_open": True,
    "member_count": 9,
    "time_zone": "Europe/London",
    "created_at": "2026-02-20T14:30:00Z",
    "url": f"{_SITE}/groups/{GROUP_ID}/",
}

GROUP_DETAIL = GROUP | {
    "members": [
        {"id": 31, "name": "Sam Lee", "username": "sam", "joined_at": "2026-02-21T10:04:00Z"}
    ],
}

NEW_ASSIGNMENT = {
    "quiz": QUIZ_SLUG,
    "opens_at": "2026-03-02T09:00:00Z",
    "due_at": "2026-03-16T17:00:00Z",
    "max_attempts": 2,
    "instructions": "Read the gut-brain lessons first. Take your time.",
}

ASSIGNMENT = {
    "id": ASSIGNMENT_ID,
    "group": GROUP_ID,
    "quiz": _QUIZ,
    "opens_at": "2026-03-02T09:00:00Z",
    "due_at": "2026-03-16T17:00:00Z",
    "max_attempts": 2,
    "instructions": "Read the gut-brain lessons first. Take your time.",
    "pre_quiz": None,
    "created_at": "2026-02-28T11:00:00Z",
    "submitted_count": 6,
    "results_url": f"{_SITE}/api/v1/assignments/{ASSIGNMENT_ID}/results/",
    "url": f"{_SITE}/groups/{GROUP_ID}/assignments/{ASSIGNMENT_ID}/",
}

_LEARNER = {
    "id": 31,
    "name": "Sam Lee",
    "username": "sam",
    "status": "submitted",
    "score": 80.0,
    "reached_pass_mark": True,
    "attempts_used": 1,
    "attempts_allowed": 2,
    "last_activity": "2026-03-04T18:20:00Z",
    "submitted_at": "2026-03-04T18:20:00Z",
    "language": "en",
    "due_at": "2026-03-18T17:00:00Z",
    "accommodations": ["1 extra attempt"],
    "days_on_hold": 2,
    "holds": [
        {"started_at": "2026-03-05T08:00:00Z", "ended_at": "2026-03-06T20:00:00Z", "days": 2}
    ],
}

_ASSIGNMENT_REF = {
    "id": ASSIGNMENT_ID,
    "group": {"id": GROUP_ID, "name": "Tuesday clinic class"},
    "quiz": _QUIZ,
    "opens_at": "2026-03-02T09:00:00Z",
    "due_at": "2026-03-16T17:00:00Z",
    "max_attempts": 2,
}

_STATUS_COUNTS = {
    "not_started": 2,
    "in_progress": 1,
    "submitted": 6,
    "overdue": 0,
    "on_hold": 0,
}

RESULTS = {
    "assignment": _ASSIGNMENT_REF,
    "member_count": 9,
    "submitted_count": 6,
    "min_learners_for_statistics": 5,
    "statistics": {
        "completion_rate": 66.7,
        "mean": 71.7,
        "median": 75.0,
        "pass_share": 66.7,
        "languages": {"en": 5, "es": 1},
        "histogram": [
            {"low": low, "high": 100 if low == 90 else low + 9, "count": count}
            for low, count in zip(range(0, 100, 10), [0, 0, 0, 0, 1, 1, 0, 2, 1, 1], strict=True)
        ],
        "questions": [
            {
                "question_id": QUESTION_ID,
                "position": 1,
                "prompt": "What does 'dysbiosis' mean?",
                "facility": 83.3,
                "discrimination": 0.5,
                "wrong_choice": "A kind of probiotic",
                "misconception": "Dysbiosis is a treatment",
                "wrong_count": 1,
                "needs_review": False,
                "review_reason": "",
                "confidently_wrong": 1,
                "confidently_wrong_share": 16.7,
                "confident_misconceptions": [{"label": "Dysbiosis is a treatment", "learners": 1}],
            }
        ],
    },
    "statistics_note": None,
    "status_counts": _STATUS_COUNTS,
    "learners": [_LEARNER],
    # Before and after (groups/gain_stats.py); null for a plain assignment.
    "gain": {
        "pre_quiz": _QUIZ["slug"],
        "paired": 6,
        "statistics": {
            "headline": "Most learners knew more after: average gain 24 points.",
            "mean_pre": 47.5,
            "mean_post": 71.7,
            "mean_gain": 24.2,
            "normalised_gain": 0.46,
            "improved": 5,
            "stayed": 0,
            "dropped": 1,
            "objectives": [
                {
                    "objective_id": 4,
                    "text": "I can explain why a mouse result is not a human result",
                    "pre_share": 33.3,
                    "post_share": 83.3,
                }
            ],
        },
        "learners": [{"id": 31, "pre": 40.0, "post": 80.0, "gain": 40.0, "waived": False}],
    },
}

RESULTS_SMALL_GROUP = RESULTS | {
    "member_count": 4,
    "submitted_count": 3,
    "statistics": None,
    "statistics_note": (
        "Group statistics appear once at least 5 learners have submitted: with fewer, they "
        "say little and could point at one person's answers."
    ),
    "status_counts": _STATUS_COUNTS | {"not_started": 1, "in_progress": 0, "submitted": 3},
}
