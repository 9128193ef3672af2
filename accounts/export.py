"""Everything the site holds about one person, as plain data for the "Download my data" file.

The number of queries is fixed (about a dozen) whatever the number of attempts or responses:
every relation is fetched with select_related or prefetch_related.
"""

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import ApiToken, Profile
from editorial.models import Feedback
from groups.models import Accommodation, Hold, LearnerGroup, Membership
from learn.models import LessonProgress
from quizzes.models import Attempt, Response

FORMAT_VERSION = 1


def _when(value):
    return value.isoformat() if value else None


def _response_data(response):
    """A response as the learner gave it: the question and choice texts from the snapshot
    taken when they answered, falling back to today's text for anything not in it."""
    snapshot = response.snapshot if isinstance(response.snapshot, dict) else {}
    snapshot_texts = {}
    for choice in snapshot.get("choices") or []:
        if isinstance(choice, dict) and "id" in choice and "text" in choice:
            snapshot_texts[choice["id"]] = choice["text"]
    chosen = sorted(response.choices.all(), key=lambda choice: (choice.position, choice.pk))
    return {
        "question": snapshot.get("prompt") or response.question.prompt,
        "chosen": [snapshot_texts.get(choice.pk, choice.text) for choice in chosen],
        "is_correct": response.is_correct,
        "score": response.score,
        "answered_at": _when(response.answered_at),
    }


def _attempt_data(attempt):
    assignment = attempt.assignment
    return {
        "id": str(attempt.pk),
        "quiz": attempt.quiz.title,
        "quiz_slug": attempt.quiz.slug,
        "number": attempt.number,
        "group": assignment.group.name if assignment else None,
        "started_at": _when(attempt.started_at),
        "submitted_at": _when(attempt.submitted_at),
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "responses": [_response_data(response) for response in attempt.responses.all()],
    }


def _assignment_label(assignment):
    return {"group": assignment.group.name, "quiz": assignment.quiz.title}


def _account_data(user) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "is_staff": user.is_staff,
        "roles": sorted(group.name for group in user.groups.all()),
    }


def _group_data(user) -> dict:
    """The groups the person belongs to or runs, and what educators set for them."""
    memberships = Membership.objects.filter(user=user).select_related("group")
    accommodations = Accommodation.objects.filter(user=user).select_related(
        "assignment__group", "assignment__quiz"
    )
    holds = Hold.objects.filter(user=user).select_related("assignment__group", "assignment__quiz")
    return {
        "group_memberships": [
            {"group": item.group.name, "joined_at": _when(item.joined_at)} for item in memberships
        ],
        "groups_you_run": [
            {
                "group": group.name,
                "join_code": group.join_code,
                "time_zone": group.zone_name,
                "created_at": _when(group.created_at),
            }
            for group in LearnerGroup.objects.filter(educator=user)
        ],
        "accommodations": [
            _assignment_label(item.assignment)
            | {
                "extra_attempts": item.extra_attempts,
                "due_at": _when(item.due_at),
                "extra_time": item.extra_time,
            }
            for item in accommodations
        ],
        "holds": [
            _assignment_label(item.assignment)
            | {"started_at": _when(item.started_at), "ended_at": _when(item.ended_at)}
            for item in holds
        ],
    }


def user_data_export(*, user) -> dict:
    """The person's account, profile, progress, attempts, groups and accommodations."""
    profile = Profile.objects.filter(user=user).first()
    progress = (
        LessonProgress.objects.filter(user=user)
        .select_related("article__module")
        .defer("article__body", "article__body_html")
        .order_by("completed_at", "pk")
    )
    responses = Response.objects.select_related("question").prefetch_related("choices")
    attempts = (
        Attempt.objects.filter(user=user)
        .select_related("quiz", "assignment__group")
        .prefetch_related(Prefetch("responses", queryset=responses.order_by("question__position")))
        .order_by("started_at", "pk")
    )
    return {
        "format": "msportal-personal-data",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": _account_data(user),
        "profile": {
            "extra_time": profile.extra_time,
            "extra_time_label": str(profile.get_extra_time_display()),
            "display": profile.display,
            "time_zone": profile.time_zone,
            "language": profile.language,
        }
        if profile
        else None,
        "lesson_progress": [
            {
                "module": item.article.module.title,
                "lesson": item.article.title,
                "lesson_slug": item.article.slug,
                "completed_at": _when(item.completed_at),
            }
            for item in progress
        ],
        "quiz_attempts": [_attempt_data(attempt) for attempt in attempts],
        **_group_data(user),
        # Tokens without their secrets (never stored in readable form) or password fingerprint.
        "api_tokens": [
            {
                "name": token.name,
                "scope": token.scope,
                "created_at": _when(token.created_at),
                "expires_at": _when(token.expires_at),
                "last_used_at": _when(token.last_used_at),
                "last_used_ip": token.last_used_ip,
            }
            for token in ApiToken.objects.filter(user=user)
        ],
        "feedback_you_sent": [
            {
                "page": item.page_title,
                "helpful": item.helpful,
                "kind": item.kind,
                "message": item.message,
                "received_at": _when(item.created_at),
            }
            for item in Feedback.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }
