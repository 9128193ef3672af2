"""The permission matrix: every URL of the site and the API, for six kinds of visitor.

The URL list comes from the URL conf itself, so a new URL without an entry in MATRIX (or a
removed one still listed) fails `test_every_url_has_an_entry`. Each entry gives, per method,
the status each role gets, in ROLES order. The objects in the URLs belong to "learner" (an
attempt, a token, a membership) and to "educator" (the group and its assignment), so
"other_learner" and "other_educator" show that other people's things are out of reach (404,
never 403: we do not confirm that someone else's thing exists). The admin's own URLs are
checked by rule at the end: everyone but staff is sent to the admin login.
"""

import datetime
import uuid

import pytest
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.api_tokens import api_token_create
from accounts.email_change import email_change_token
from core.progress import progress_start
from core.roles import EDITORS, EDUCATORS
from groups import services as group_services
from groups.models import Membership
from notifications.links import unsubscribe_token
from quizzes.services import attempt_start, attempt_submit
from review.models import ReviewCard
from tests.factories import make_article, make_faq, make_quiz, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "learner", "other_learner", "educator", "other_educator", "editor"]


def url_names(patterns=None, namespace=None):
    """(namespaced name, route) of every named URL, walking includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


class World:
    """What the URLs point at, made fresh for each test."""

    def __init__(self):
        Group.objects.get_or_create(name=EDUCATORS)
        Group.objects.get_or_create(name=EDITORS)
        self.users = {
            "anonymous": None,
            "learner": make_user(username="learner"),
            "other_learner": make_user(username="other-learner"),
            "educator": make_user(username="educator", groups=[EDUCATORS]),
            "other_educator": make_user(username="other-educator", groups=[EDUCATORS]),
            "editor": make_user(username="editor", is_staff=True, groups=[EDITORS]),
        }
        learner, educator = self.users["learner"], self.users["educator"]
        self.article = make_article()
        self.faq = make_faq()
        self.quiz = make_quiz(questions=2, module=self.article.module)
        self.attempt = attempt_start(quiz=self.quiz, user=learner)
        other_quiz = make_quiz(questions=1)
        self.submitted = attempt_submit(attempt=attempt_start(quiz=other_quiz, user=learner))
        self.group = group_services.group_create(educator=educator, name="Tuesday class")
        Membership.objects.create(group=self.group, user=learner)
        self.assignment = group_services.assignment_create(
            group=self.group,
            educator=educator,
            quiz=make_quiz(questions=1),
            due_at=timezone.now() + datetime.timedelta(days=7),
        )
        self.token, _secret = api_token_create(user=learner, name="reading app")
        self.card = ReviewCard.objects.create(
            user=learner, question=self.quiz.questions.first(), due_at=timezone.now()
        )
        self.progress = progress_start(owner=learner, label="Checking 1 link", total=1)

    def kwargs(self, name):
        g, a, lesson = self.group, self.assignment, self.article
        learner = self.users["learner"]
        return {
            "learn:module-detail": {"module": lesson.module.slug},
            "learn:article-detail": {"module": lesson.module.slug, "article": lesson.slug},
            "learn:article-done": {"module": lesson.module.slug, "article": lesson.slug},
            "learn:faq-detail": {"slug": self.faq.slug},
            "editorial:page": {"slug": "about"},
            "editorial:feedback": {"kind": "lesson", "pk": lesson.pk},
            "editorial:feedback-thanks": {"kind": "lesson", "pk": lesson.pk},
            "quizzes:attempt-detail": {"pk": self.attempt.pk},
            "quizzes:attempt-answer": {"pk": self.attempt.pk},
            "quizzes:attempt-flag": {"pk": self.attempt.pk},
            "quizzes:attempt-submit": {"pk": self.attempt.pk},
            "quizzes:attempt-result": {"pk": self.submitted.pk},
            "quizzes:quiz-detail": {"slug": self.quiz.slug},
            "groups:group-detail": {"pk": g.pk},
            "groups:group-regenerate-code": {"pk": g.pk},
            "groups:group-set-open": {"pk": g.pk},
            "groups:group-set-time-zone": {"pk": g.pk},
            "groups:member-remove": {"pk": g.pk, "user_id": learner.pk},
            "groups:assignment-create": {"group_pk": g.pk},
            "groups:assignment-detail": {"group_pk": g.pk, "pk": a.pk},
            "groups:assignment-edit": {"group_pk": g.pk, "pk": a.pk},
            "groups:assignment-results-csv": {"group_pk": g.pk, "pk": a.pk},
            "groups:accommodation-edit": {"group_pk": g.pk, "pk": a.pk, "user_id": learner.pk},
            "groups:learner-answers": {"group_pk": g.pk, "pk": a.pk, "user_id": learner.pk},
            "groups:pre-test-waive": {"group_pk": g.pk, "pk": a.pk, "user_id": learner.pk},
            "groups:assignment-start": {"group_pk": g.pk, "pk": a.pk},
            "groups:assignment-pause": {"group_pk": g.pk, "pk": a.pk},
            "groups:assignment-resume": {"group_pk": g.pk, "pk": a.pk},
            "accounts:api-token-revoke": {"token_id": self.token.pk},
            "accounts:email-confirm": {"token": email_change_token(learner, "new@example.org")},
            "notifications:unsubscribe": {"token": unsubscribe_token(learner, "reminder")},
            "progress": {"pk": self.progress.pk},
            "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
            "api-v1:module-detail": {"slug": lesson.module.slug},
            "api-v1:article-detail": {"slug": lesson.slug},
            "api-v1:quiz-detail": {"slug": self.quiz.slug},
            "api-v1:attempt-start": {"slug": self.quiz.slug},
            "api-v1:attempt-detail": {"id": self.attempt.pk},
            "api-v1:attempt-responses": {"id": self.attempt.pk},
            "api-v1:attempt-submit": {"id": self.attempt.pk},
            "review:card": {"pk": self.card.pk},
            "review:answer": {"pk": self.card.pk},
            "api-v1:review-answer": {"card_id": self.card.pk},
            "api-v1:group-detail": {"id": g.pk},
            "api-v1:group-assignments": {"id": g.pk},
            "api-v1:assignment-results": {"id": a.pk},
        }.get(name, {})


@pytest.fixture
def world():
    return World()


def _status(client, world, role, name, method):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    url = reverse(name, kwargs=world.kwargs(name))
    if name.startswith("api-v1:") and method != "get":
        return getattr(client, method)(url, data="{}", content_type="application/json").status_code
    return getattr(client, method)(url).status_code


# Expected statuses per role, in ROLES order. 302 for anonymous on a members' page is the
# redirect to the login page; 405 is a method the URL does not take; 400 is a form or JSON
# body that fails validation (the requests here send nothing), never a permission answer.
EVERYONE = [200] * 6
SIGNED_IN = [302, 200, 200, 200, 200, 200]
NOT_ALLOWED = [405] * 6
LOGIN_NOT_ALLOWED = [302, 405, 405, 405, 405, 405]
API_LOGIN_NOT_ALLOWED = [401, 405, 405, 405, 405, 405]
LEARNERS_OWN = [404, 200, 404, 404, 404, 404]  # the learner's attempt
MEMBER_OR_OWNER = [302, 200, 404, 200, 404, 404]  # the group's learner or its educator
OWNER_ONLY = [302, 404, 404, 200, 404, 404]  # the educator who runs the group
OWNER_ONLY_POST = [302, 404, 404, 302, 404, 404]
MEMBER_ONLY_POST = [302, 302, 404, 404, 404, 404]
API_OWNER_ONLY = [401, 404, 404, 200, 404, 404]
READ_ONLY = {"get": EVERYONE, "post": NOT_ALLOWED}
API_READ_ONLY = READ_ONLY

MATRIX = {
    "learn:home": READ_ONLY,
    "learn:module-list": READ_ONLY,
    "learn:module-detail": READ_ONLY,
    "learn:article-detail": READ_ONLY,
    "learn:article-done": {"get": NOT_ALLOWED, "post": [400] * 6},  # no "done" value sent
    "learn:faq-list": READ_ONLY,
    "learn:faq-detail": READ_ONLY,
    "learn:reference-list": READ_ONLY,
    "learn:search": READ_ONLY,
    "editorial:about": READ_ONLY,
    "editorial:editorial-policy": READ_ONLY,
    "editorial:privacy": READ_ONLY,
    "editorial:contact": READ_ONLY,
    "editorial:page": {"get": [301] * 6, "post": NOT_ALLOWED},  # /pages/about/ -> /about/
    "editorial:glossary": READ_ONLY,
    "editorial:feedback": {"get": NOT_ALLOWED, "post": [400] * 6},  # no answer chosen
    "editorial:feedback-thanks": READ_ONLY,
    "quizzes:quiz-list": READ_ONLY,
    "quizzes:quiz-detail": {"get": EVERYONE, "post": [302] * 6},  # Start: to the attempt
    "quizzes:attempt-detail": {"get": LEARNERS_OWN, "post": NOT_ALLOWED},
    "quizzes:attempt-answer": {"get": NOT_ALLOWED, "post": [404, 400, 404, 404, 404, 404]},
    "quizzes:attempt-flag": {"get": NOT_ALLOWED, "post": [404, 400, 404, 404, 404, 404]},
    "quizzes:attempt-submit": {"get": LEARNERS_OWN, "post": [404, 302, 404, 404, 404, 404]},
    "quizzes:attempt-result": {"get": LEARNERS_OWN, "post": NOT_ALLOWED},
    # Spaced review: everyone has a queue (visitors by session); a card is its owner's only.
    # Start (POST) begins a round; the next step sends anyone with nothing due back to it.
    "review:queue": {"get": EVERYONE, "post": [302] * 6},
    "review:step": {"get": [302, 200, 302, 302, 302, 302], "post": NOT_ALLOWED},
    "review:card": {"get": LEARNERS_OWN, "post": NOT_ALLOWED},
    "review:answer": {"get": NOT_ALLOWED, "post": [404, 400, 404, 404, 404, 404]},
    # Anyone signed in sees their own groups; only educators may create one (empty form: 400).
    "groups:group-list": {"get": SIGNED_IN, "post": [302, 404, 404, 400, 400, 404]},
    "groups:group-join": {"get": SIGNED_IN, "post": [302, 400, 400, 400, 400, 400]},
    "groups:group-detail": {"get": MEMBER_OR_OWNER, "post": LOGIN_NOT_ALLOWED},
    "groups:group-regenerate-code": {"get": LOGIN_NOT_ALLOWED, "post": OWNER_ONLY_POST},
    "groups:group-set-open": {"get": LOGIN_NOT_ALLOWED, "post": OWNER_ONLY_POST},
    # Empty form: no zone chosen (400 for the owner, 404 for everyone else).
    "groups:group-set-time-zone": {
        "get": LOGIN_NOT_ALLOWED,
        "post": [302, 404, 404, 400, 404, 404],
    },
    "groups:member-remove": {"get": OWNER_ONLY, "post": OWNER_ONLY_POST},
    "groups:assignment-create": {"get": OWNER_ONLY, "post": [302, 404, 404, 400, 404, 404]},
    "groups:assignment-detail": {"get": MEMBER_OR_OWNER, "post": LOGIN_NOT_ALLOWED},
    "groups:assignment-edit": {"get": OWNER_ONLY, "post": OWNER_ONLY_POST},
    "groups:assignment-results-csv": {"get": OWNER_ONLY, "post": LOGIN_NOT_ALLOWED},
    "groups:accommodation-edit": {"get": OWNER_ONLY, "post": OWNER_ONLY_POST},
    "groups:learner-answers": {"get": OWNER_ONLY, "post": LOGIN_NOT_ALLOWED},
    # A plain assignment here: the owner's waiver is refused with a message (302 back).
    "groups:pre-test-waive": {"get": LOGIN_NOT_ALLOWED, "post": OWNER_ONLY_POST},
    "groups:assignment-start": {"get": LOGIN_NOT_ALLOWED, "post": MEMBER_ONLY_POST},
    "groups:assignment-pause": {"get": LOGIN_NOT_ALLOWED, "post": MEMBER_ONLY_POST},
    "groups:assignment-resume": {"get": LOGIN_NOT_ALLOWED, "post": MEMBER_ONLY_POST},
    # Signed-in people have an account already: signup sends them to their page.
    "accounts:signup": {
        "get": [200, 302, 302, 302, 302, 302],
        "post": [200, 302, 302, 302, 302, 302],
    },
    "accounts:me": {"get": SIGNED_IN, "post": LOGIN_NOT_ALLOWED},
    "accounts:me-extra-time": {"get": LOGIN_NOT_ALLOWED, "post": [302] * 6},
    "accounts:me-export": {"get": SIGNED_IN, "post": LOGIN_NOT_ALLOWED},
    "accounts:me-delete": {"get": SIGNED_IN, "post": [302, 400, 400, 400, 400, 400]},
    "accounts:settings": {"get": SIGNED_IN, "post": LOGIN_NOT_ALLOWED},
    "accounts:settings-name": {"get": LOGIN_NOT_ALLOWED, "post": [302] * 6},  # empty: no name
    "accounts:settings-email": {"get": LOGIN_NOT_ALLOWED, "post": [302, 400, 400, 400, 400, 400]},
    "accounts:settings-review": {"get": LOGIN_NOT_ALLOWED, "post": [302] * 6},
    # Empty form: no zone chosen.
    "accounts:settings-time-zone": {
        "get": LOGIN_NOT_ALLOWED,
        "post": [302, 400, 400, 400, 400, 400],
    },
    # Empty form: no language chosen.
    "accounts:settings-language": {
        "get": LOGIN_NOT_ALLOWED,
        "post": [302, 400, 400, 400, 400, 400],
    },
    "accounts:api-token-new": {"get": SIGNED_IN, "post": SIGNED_IN},  # empty name: form again
    "accounts:api-token-revoke": {"get": LOGIN_NOT_ALLOWED, "post": MEMBER_ONLY_POST},
    "login": {"get": EVERYONE, "post": EVERYONE},
    "logout": {"get": NOT_ALLOWED, "post": [302] * 6},
    "password_change": {"get": SIGNED_IN, "post": SIGNED_IN},
    "password_change_done": {"get": SIGNED_IN, "post": LOGIN_NOT_ALLOWED},
    "password_reset": {"get": EVERYONE, "post": EVERYONE},
    "password_reset_done": READ_ONLY,
    "password_reset_confirm": {"get": EVERYONE, "post": EVERYONE},  # "this link is not valid"
    "password_reset_complete": READ_ONLY,
    "display:settings": {"get": EVERYONE, "post": [302] * 6},
    "display:time-zone": {"get": NOT_ALLOWED, "post": [400] * 6},  # empty: no zone chosen
    "api-v1:module-list": API_READ_ONLY,
    "api-v1:module-detail": API_READ_ONLY,
    "api-v1:article-list": API_READ_ONLY,
    "api-v1:article-detail": API_READ_ONLY,
    "api-v1:faq-list": API_READ_ONLY,
    "api-v1:reference-list": API_READ_ONLY,
    "api-v1:quiz-list": API_READ_ONLY,
    "api-v1:quiz-detail": API_READ_ONLY,
    # Visitors may take quizzes: a new attempt (201), or the learner's unfinished one (200).
    "api-v1:attempt-start": {"get": NOT_ALLOWED, "post": [201, 200, 201, 201, 201, 201]},
    "api-v1:attempt-detail": {"get": LEARNERS_OWN, "post": NOT_ALLOWED},
    "api-v1:attempt-responses": {"get": NOT_ALLOWED, "post": [404, 400, 404, 404, 404, 404]},
    "api-v1:attempt-submit": {"get": NOT_ALLOWED, "post": LEARNERS_OWN},
    "api-v1:my-attempts": API_READ_ONLY,  # each visitor's own, by session
    "api-v1:my-review": API_READ_ONLY,  # each visitor's own, by session
    "api-v1:review-answer": {"get": NOT_ALLOWED, "post": [404, 400, 404, 404, 404, 404]},
    "api-v1:group-list": {"get": [401, 200, 200, 200, 200, 200], "post": API_LOGIN_NOT_ALLOWED},
    "api-v1:group-detail": {"get": API_OWNER_ONLY, "post": API_LOGIN_NOT_ALLOWED},
    "api-v1:group-assignments": {"get": API_OWNER_ONLY, "post": [401, 404, 404, 400, 404, 404]},
    "api-v1:assignment-results": {"get": API_OWNER_ONLY, "post": API_LOGIN_NOT_ALLOWED},
    "api-schema": READ_ONLY,
    "api-docs": READ_ONLY,
    "healthz": READ_ONLY,
    # Signed links from emails work without logging in; the token says whose they are.
    "notifications:settings": {"get": SIGNED_IN, "post": [302] * 6},
    "notifications:unsubscribe": {"get": EVERYONE, "post": EVERYONE},
    "accounts:email-confirm": {"get": EVERYONE, "post": [302] * 6},
    # A background task's progress: only the person who started it.
    "progress": {"get": [302, 200, 404, 404, 404, 404], "post": LOGIN_NOT_ALLOWED},
    # The language switcher: a redirect back to the page (home without one), for everyone.
    "set_language": {"get": [302] * 6, "post": [302] * 6},
}
# Unnamed patterns that put a rate limit or a counted password check in front of a named URL
# at the same address.
SHADOWS = {
    "accounts/signup/": "accounts:signup",
    "accounts/password_reset/": "password_reset",
    "accounts/password_change/": "password_change",
}


def _site_urls():
    return {name for name, _pattern in url_names() if not name.startswith("admin:")}


def test_every_url_has_an_entry():
    assert _site_urls() == set(MATRIX), "add the new URL to MATRIX (or remove the old one)"


def test_unnamed_patterns_only_shadow_listed_urls():
    def unnamed(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from unnamed(pattern.url_patterns, prefix + str(pattern.pattern))
            elif not pattern.name:
                yield prefix + str(pattern.pattern)

    # The admin's unnamed patterns are its own redirects, checked with the admin below.
    routes = [route for route in unnamed(get_resolver().url_patterns) if route[:6] != "admin/"]
    assert sorted(routes) == sorted(SHADOWS)
    for route, name in SHADOWS.items():
        assert reverse(name) == "/" + route


@pytest.mark.parametrize("name", list(MATRIX))
def test_permission_matrix(client, world, name):
    """All six roles and both methods for one URL; each request rolled back after it."""
    found = {}
    for method in ("get", "post"):
        found[method] = []
        for role in ROLES:
            cache.clear()  # rate-limit counts
            client.logout()
            with transaction.atomic():
                found[method].append(_status(client, world, role, name, method))
                transaction.set_rollback(True)
    assert found == MATRIX[name]


def test_every_entry_gives_a_status_for_every_role_and_method():
    for name, methods in MATRIX.items():
        assert set(methods) == {"get", "post"}, name
        assert all(len(statuses) == len(ROLES) for statuses in methods.values()), name


def test_someone_elses_attempt_is_not_found_whatever_the_id():
    # A made-up id answers like someone else's: the two cannot be told apart.
    client = Client()
    client.force_login(make_user())
    made_up = reverse("quizzes:attempt-detail", kwargs={"pk": uuid.uuid4()})
    assert client.get(made_up).status_code == 404


# --- the admin ----------------------------------------------------------------------------


def _admin_url(name, pattern):
    """The admin URL, with object 1 (which may or may not exist) and the "learn" app."""
    regex = pattern.pattern.regex
    if regex.groupindex:
        kwargs = {key: "learn" if key == "app_label" else "1" for key in regex.groupindex}
        return reverse(name, kwargs=kwargs)
    return reverse(name, args=["1"] * regex.groups)


ADMIN_URLS = sorted((name, pattern) for name, pattern in url_names() if name.startswith("admin:"))
OPEN_ADMIN = {"admin:login", "admin:logout"}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "editor"])
def test_the_admin_sends_everyone_but_staff_to_its_login(client, world, role):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    checked = 0
    for name, pattern in ADMIN_URLS:
        if name in OPEN_ADMIN:
            continue
        url = _admin_url(name, pattern)
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
        checked += 1
    assert checked > 100


def test_editors_get_exactly_the_admin_lists_their_permissions_allow(client, world):
    editor = world.users["editor"]
    client.force_login(editor)
    for model, model_admin in admin_site._registry.items():
        opts = model._meta
        may_view = editor.has_perm(f"{opts.app_label}.view_{opts.model_name}") or editor.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )
        may_add = editor.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(changelist).status_code == (200 if may_view else 403), changelist
        request = RequestFactory().get(add)
        request.user = editor
        # Some models are added only inside another form (questions inside their quiz).
        addable = may_add and model_admin.has_add_permission(request)
        assert client.get(add).status_code == (200 if addable else 403), add
    # Editors run the content; accounts and lockouts are for administrators.
    assert client.get(reverse("admin:learn_article_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_no_admin_url_fails_for_an_editor(client, world):
    client.force_login(world.users["editor"])
    for name, pattern in ADMIN_URLS:
        url = _admin_url(name, pattern)
        assert client.get(url).status_code < 500, url
