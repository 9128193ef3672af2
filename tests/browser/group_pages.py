"""The groups pages for the accessibility audit and the screenshots: a class with results.

`classroom()` builds what an educator's pages need to show everything they can: a group
with members, an assignment of the sample module's quiz, five learners who submitted
(enough for the statistics, the score chart and the question table), one learner half way
through with an adjustment, and one who has not started.
"""

import datetime
from dataclasses import dataclass

from tests.browser.helpers import SampleSite
from tests.browser.pages import AuditPage, learner_with_progress

SUBMITTED = 5


@dataclass(frozen=True)
class Classroom:
    educator: object
    group: object
    assignment: object
    submitted: list
    in_progress: object
    not_started: object

    @property
    def dashboard_path(self):
        return f"/groups/{self.group.pk}/assignments/{self.assignment.pk}/"


def classroom(site: SampleSite) -> Classroom:
    from django.utils import timezone

    from groups import services as group_services
    from groups.models import Membership
    from quizzes.models import Quiz
    from tests.factories import make_user

    educator = make_user(
        username="educator-ellen", first_name="Ellen", last_name="Okafor", groups=["Educators"]
    )
    group = group_services.group_create(
        educator=educator,
        name="Tuesday clinic class",
        description="For people who come to the MS nurse clinic on Tuesdays.",
    )
    assignment = group_services.assignment_create(
        group=group,
        educator=educator,
        quiz=Quiz.objects.get(slug=site.quiz.slug),
        due_at=timezone.now() + datetime.timedelta(days=14),
        instructions="Read the first lesson, then take the quiz. Take breaks when you need them.",
    )
    names = ["Amira Haddad", "Ben Clarke", "Chloe Martin", "Dev Patel", "Eva Novak"]
    names += ["Femi Adeyemi", "Grace Liu"]
    learners = [
        make_user(
            username=name.split()[0].lower(),
            first_name=name.split()[0],
            last_name=name.split()[1],
        )
        for name in names
    ]
    Membership.objects.bulk_create(Membership(group=group, user=user) for user in learners)
    for number, learner in enumerate(learners[:SUBMITTED]):
        # Each learner misses a different share of the questions, so the scores spread out.
        learner_with_progress(
            site, assignment=assignment, user=learner, wrong=lambda n, k=number: n % (k + 2) == 1
        )
    in_progress, not_started = learners[SUBMITTED:]
    learner_with_progress(site, assignment=assignment, user=in_progress, submitted=False)
    group_services.accommodation_set(
        assignment=assignment, educator=educator, user=in_progress, extra_attempts=1
    )
    return Classroom(educator, group, assignment, learners[:SUBMITTED], in_progress, not_started)


def _signed_in(who, path):
    """Open `path(room)` as `who(room)`: the educator, or the learner half way through."""

    def open_page(site, context):
        room = classroom(site)
        site.log_in(context, who(room))
        return path(room)

    return open_page


def _as_educator(path):
    return _signed_in(lambda room: room.educator, path)


def _as_learner(path):
    return _signed_in(lambda room: room.in_progress, path)


def _group(room):
    return f"/groups/{room.group.pk}/"


def _assignment(room):
    return room.dashboard_path


GROUP_AUDIT_PAGES = [
    AuditPage("groups-educator", _as_educator(lambda room: "/groups/")),
    AuditPage("groups-learner", _as_learner(lambda room: "/groups/")),
    AuditPage("group-join", _as_learner(lambda room: "/groups/join/")),
    AuditPage("group-educator", _as_educator(_group)),
    AuditPage("group-learner", _as_learner(_group)),
    AuditPage("assignment-form", _as_educator(lambda room: f"{_group(room)}assignments/new/")),
    AuditPage(
        "accommodation-form",
        _as_educator(lambda room: f"{_assignment(room)}learners/{room.in_progress.pk}/"),
    ),
    AuditPage(
        "member-remove",
        _as_educator(lambda room: f"{_group(room)}members/{room.not_started.pk}/remove/"),
    ),
    AuditPage("assignment-learner", _as_learner(_assignment)),
    AuditPage("results-dashboard", _as_educator(_assignment)),
    AuditPage(
        "learner-answers",
        _as_educator(lambda room: f"{_assignment(room)}learners/{room.submitted[0].pk}/answers/"),
    ),
]


# --- before and after (groups/gain.py): the learner's steps and the dashboard's gain -------


def _before_after(site, context, *, as_educator):
    from groups.gain_demo import simulate_before_after
    from groups.models import Assignment

    room = classroom(site)
    assignment = Assignment.objects.create(
        group=room.group, quiz=room.assignment.quiz, pre_quiz=room.assignment.quiz
    )
    simulate_before_after(assignment=assignment, users=room.submitted, seed=5)
    site.log_in(context, room.educator if as_educator else room.not_started)
    return f"/groups/{room.group.pk}/assignments/{assignment.pk}/"


GROUP_AUDIT_PAGES += [
    AuditPage("before-after-learner", lambda s, c: _before_after(s, c, as_educator=False)),
    AuditPage("before-after-dashboard", lambda s, c: _before_after(s, c, as_educator=True)),
]
