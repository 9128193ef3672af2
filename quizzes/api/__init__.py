"""The quizzes part of the REST API (/api/v1/), by area.

- content.py: published quizzes and their questions, never the answers (read-only, anyone).
- taking.py: starting an attempt, reading it, answering, submitting; `me/attempts/`.
- groups.py: educators' groups, assignments and results.

Every view calls the same services as the HTML pages (quizzes.services, quizzes.group_services,
quizzes.stats); nothing here decides a quiz rule itself. The names below keep
`from quizzes import api; api.QuizList` working for the URL map.
"""

from quizzes.api.content import QuizDetail, QuizList

__all__ = ["QuizDetail", "QuizList"]
