"""Tiny test factories: functions with sensible defaults, overridable by keyword."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from learn.models import (
    FAQ,
    Article,
    Citation,
    Contributor,
    EvidenceLevel,
    Module,
    ReferenceKind,
    ReferenceLink,
    Topic,
)
from publishing.models import ReviewApproval, Status
from publishing.workflow import text_digest

_seq = itertools.count(1)


def _n():
    return next(_seq)


def make_user(*, username=None, password="pw-for-tests-only", groups=(), **kwargs):
    username = username or f"user{_n()}"
    user = get_user_model().objects.create_user(
        username=username, password=password, email=f"{username}@example.org", **kwargs
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_reviewer(**kwargs):
    """A medical reviewer: staff in the Medical reviewers role, with a contributor profile."""
    from core.roles import MEDICAL_REVIEWERS

    user = make_user(is_staff=True, groups=[MEDICAL_REVIEWERS], **kwargs)
    make_contributor(name=f"Dr {user.username}", qualifications="MD, neurologist", user=user)
    return user


def approve(item, *, by=None):
    """Record a medical reviewer's approval of `item`'s current text, as the factories do
    (no rules checked: tests of the rules call publishing.workflow.item_approve_review)."""
    by = by or get_user_model().objects.filter(username="factory-reviewer").first()
    by = by or make_reviewer(username="factory-reviewer")
    latest = item.history.order_by("-history_date", "-history_id").first()
    return ReviewApproval.objects.create(
        item=item,
        approved_by=by,
        revision_id=latest.history_id if latest else None,
        text_digest=text_digest(item.reviewed_text()),
    )


def make_topic(**kwargs):
    n = _n()
    defaults = {"name": f"Topic {n}", "slug": f"topic-{n}"}
    return Topic.objects.create(**(defaults | kwargs))


def make_contributor(**kwargs):
    n = _n()
    defaults = {
        "name": f"Person {n}",
        "slug": f"person-{n}",
        "qualifications": "RN",
        # A reviewer of published lessons needs a dated conflicts-of-interest statement.
        "conflicts_of_interest": "None declared.",
        "conflicts_declared_on": timezone.localdate() - datetime.timedelta(days=30),
    }
    return Contributor.objects.create(**(defaults | kwargs))


def make_module(**kwargs):
    n = _n()
    defaults = {
        "title": f"Module {n}",
        "slug": f"module-{n}",
        "summary": "A module for tests.",
        "position": n,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
    }
    return Module.objects.create(**(defaults | kwargs))


def make_article(*, module=None, sources=1, approved=True, **kwargs):
    """A published, reviewed lesson with `sources` sources (a published lesson needs one),
    its text approved by a medical reviewer unless `approved=False`."""
    n = _n()
    today = timezone.localdate()
    defaults = {
        "module": module or make_module(),
        "title": f"Lesson {n}",
        "slug": f"lesson-{n}",
        "summary": "A lesson for tests.",
        "body": "Some plain words about MS.",
        "position": n,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
        "evidence_level": EvidenceLevel.ESTABLISHED,
        "last_reviewed_on": today - datetime.timedelta(days=10),
        "next_review_on": today + datetime.timedelta(days=365),
    }
    if "medical_reviewer" not in kwargs:
        defaults["medical_reviewer"] = make_contributor()
    if "author" not in kwargs:
        defaults["author"] = make_contributor()
    article = Article.objects.create(**(defaults | kwargs))
    for _ in range(sources):
        cite(article, make_reference())
    if approved:
        approve(article)
    return article


def make_reference(**kwargs):
    n = _n()
    defaults = {
        "title": f"Reference {n}",
        "slug": f"ref-{n}",
        "url": f"https://example.org/ref/{n}",
        "kind": ReferenceKind.STUDY,
        "year": 2020,
    }
    return ReferenceLink.objects.create(**(defaults | kwargs))


def cite(article, reference, position=None):
    if position is None:
        position = article.citations.count() + 1
    return Citation.objects.create(article=article, reference=reference, position=position)


def make_faq(*, topic=None, approved=True, **kwargs):
    n = _n()
    defaults = {
        "question": f"Question {n}?",
        "slug": f"question-{n}",
        "answer": "An answer.",
        "topic": topic or make_topic(),
        "position": n,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
    }
    faq = FAQ.objects.create(**(defaults | kwargs))
    if approved:
        approve(faq)
    return faq


# --- quizzes -------------------------------------------------------------------------------


def make_quiz(*, module=None, questions=0, approved=True, **kwargs):
    """A published quiz; `questions=N` adds N single-choice questions (choice 1 correct).

    Its text, questions included, is approved by a medical reviewer unless `approved=False`
    (questions added later change the text: `approve` it again before publishing). Unlike a
    new quiz in the admin, it keeps the editors' choice order unless a test passes
    `shuffle_choices=True`, so tests can find "the first choice" where they expect it.
    """
    from quizzes.models import Quiz

    n = _n()
    defaults = {
        "title": f"Quiz {n}",
        "slug": f"quiz-{n}",
        "intro": "A quiz for tests.",
        "module": module,
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - datetime.timedelta(days=1),
        "shuffle_choices": False,
    }
    quiz = Quiz.objects.create(**(defaults | kwargs))
    for _ in range(questions):
        make_question(quiz=quiz)
    if approved:
        approve(quiz)
    return quiz


def make_question(*, quiz=None, kind="single", choices=None, **kwargs):
    """A question with choices given as (text, is_correct) pairs; by default 3, the first right."""
    from quizzes.models import Choice, Question

    quiz = quiz or make_quiz()
    n = _n()
    defaults = {
        "quiz": quiz,
        "kind": kind,
        "position": quiz.questions.count() + 1,
        "prompt": f"Question {n}?",
        "explanation": f"Because of reason {n}.",
    }
    question = Question.objects.create(**(defaults | kwargs))
    if choices is None:
        if kind == "true_false":
            choices = [("True", True), ("False", False)]
        else:
            choices = [(f"Right {n}", True), (f"Wrong {n}a", False), (f"Wrong {n}b", False)]
    Choice.objects.bulk_create(
        Choice(
            question=question, position=i, text=text, is_correct=correct, feedback=f"About {text}."
        )
        for i, (text, correct) in enumerate(choices, start=1)
    )
    return question
