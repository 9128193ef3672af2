"""Load-test users for `make bench` (scripts/bench/run.py starts Locust with this file).

The mix: readers (home, module, lesson, FAQ, search), anonymous quiz takers (start, answer
every question, submit, result, then "Practise now" through their review steps; each flow a
new visitor with its own session and CSRF cookies) and educators (the results dashboard and
CSV of the 2,000-learner group), in the shares 14 : 5 : 1 (70 % / 25 % / 5 % of the
simulated people). HealthzUser and LessonUser ask without pausing, to measure how many
requests per second the server can answer.

Reads the addresses from the JSON file in BENCH_TARGETS (scripts/bench/prepare.py writes it).
Each request is named after its page, so Locust's statistics are per page.
"""

import json
import os
import random
import re

from locust import FastHttpUser, between, constant, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"], encoding="utf-8").read())  # noqa: SIM115
# How long a simulated person pauses between pages (seconds): much quicker than people read.
THINK = between(float(os.environ.get("BENCH_WAIT_MIN", "0.5")),
                float(os.environ.get("BENCH_WAIT_MAX", "2")))  # fmt: skip

ANSWER_FORM = re.compile(r'<form class="answer-form"[^>]*action="([^"]+)"(.*?)</form>', re.S)
QUESTION = re.compile(r'name="question" value="(\d+)"')
CHOICE = re.compile(r'name="choice" value="(\d+)"')
CONFIDENCE = re.compile(r'name="confidence" value="(\w+)"')
NEXT = re.compile(r'rel="next" href="([^"]+)"')


def _csrf_token(client):
    """The CSRF cookie's value: Django accepts it back in the X-CSRFToken header."""
    for cookie in client.cookiejar:
        if cookie.name == "csrftoken":
            return cookie.value
    return ""


def _post(client, url, data, name):
    """A form POST as a browser sends it (CSRF token, same-origin Referer); 302 expected."""
    headers = {"X-CSRFToken": _csrf_token(client), "Referer": client.base_url + url}
    with client.post(
        url, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 302:
            response.failure(f"expected a redirect, got {response.status_code}")
            return None
        response.success()
        return response.headers.get("Location")


class Reader(FastHttpUser):
    """Someone reading: mostly lessons, sometimes the home page, a module, FAQs or search."""

    weight = 14
    wait_time = THINK

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def module(self):
        self.client.get(random.choice(TARGETS["modules"]), name="module")

    @task(5)
    def lesson(self):
        self.client.get(random.choice(TARGETS["lessons"]), name="lesson")

    @task(1)
    def faq(self):
        self.client.get("/faq/", name="FAQ")

    @task(1)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(TARGETS["searches"])}, name="search")


class QuizTaker(FastHttpUser):
    """An anonymous visitor taking a whole quiz: start, every question, submit, result."""

    weight = 5
    wait_time = THINK

    @task
    def take_quiz(self):
        self.client.cookiejar.clear()  # a new visitor each time
        quiz = random.choice(TARGETS["quizzes"])
        self.client.get(quiz, name="quiz intro")
        self.wait()
        step = _post(self.client, quiz, {}, "quiz start (POST)")
        attempt = None
        for _ in range(100):  # a quiz has far fewer steps; never loop forever
            if step is None:
                return
            page = self.client.get(step, name="quiz question").text or ""
            attempt = attempt or step.split("?")[0]
            form = ANSWER_FORM.search(page)
            if form is not None:
                self.wait()
                question = QUESTION.search(form.group(2)).group(1)
                choice = random.choice(CHOICE.findall(form.group(2)))
                answer = {"question": question, "choice": choice}
                # A quiz that asks how sure the learner is needs the answer to say so.
                sureness = CONFIDENCE.findall(form.group(2))
                if sureness:
                    answer["confidence"] = random.choice(sureness)
                step = _post(self.client, form.group(1), answer, "quiz answer (POST)")
                continue
            following = NEXT.search(page)
            if following is None:
                break
            step = following.group(1).replace("&amp;", "&")
        self.wait()
        result = _post(self.client, attempt + "submit/", {"confirm": "1"}, "quiz submit (POST)")
        if result is not None:
            page = self.client.get(result, name="quiz result").text or ""
            if "Practise now" in page:
                self.practise()

    def practise(self):
        """Practise now: the missed questions at /review/, one step each, until none is due."""
        step = _post(self.client, "/review/", {}, "review start (POST)")
        for _ in range(50):
            if step is None or not step.startswith("/review/practise/"):
                return
            page = self.client.get(step, name="review step").text or ""
            form = ANSWER_FORM.search(page)
            if form is None:
                return
            self.wait()
            choice = random.choice(CHOICE.findall(form.group(2)))
            answer = {"choice": choice, "confidence": random.choice(["sure", "guessing"])}
            feedback = _post(self.client, form.group(1), answer, "review answer (POST)")
            if feedback is None:
                return
            self.client.get(feedback, name="review step")  # the feedback on that card
            step = "/review/practise/"


class Educator(FastHttpUser):
    """An educator looking at the results of the 2,000-learner group, now and then the CSV."""

    weight = 1
    wait_time = THINK

    def on_start(self):
        self.client.get("/accounts/login/", name="login")
        account = TARGETS["educator"]
        _post(self.client, "/accounts/login/", account, "login (POST)")

    @task(3)
    def dashboard(self):
        self.client.get(TARGETS["dashboard"], name="results dashboard")

    @task(1)
    def csv(self):
        self.client.get(TARGETS["csv"], name="results CSV")


class HealthzUser(FastHttpUser):
    """The ceiling: a view with one trivial query, asked for without pause."""

    weight = 1
    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz")


class LessonUser(FastHttpUser):
    """Lesson pages only, without pause: their throughput next to the ceiling's."""

    weight = 1
    wait_time = constant(0)

    @task
    def lesson(self):
        self.client.get(random.choice(TARGETS["lessons"]), name="lesson")


# The closed-loop run (scripts/bench/closed_loop.py): one page each, asked for without pause,
# so each page's throughput can be set beside /healthz's from the same run.


class _SignedIn(FastHttpUser):
    """A signed-in learner (a session prepare.py made), asking without pause."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        sessions = TARGETS["learner_sessions"]
        self.cookie = f"{TARGETS['session_cookie']}={random.choice(sessions)}"

    def get(self, url, name):
        with self.client.get(url, name=name, headers={"Cookie": self.cookie},
                             catch_response=True) as response:  # fmt: skip
            # A session that is not signed in any more would measure the wrong page.
            if response.status_code != 200 or "Log out" not in (response.text or ""):
                response.failure(f"not a signed-in page ({response.status_code})")


class SignedInLessonUser(_SignedIn):
    @task
    def lesson(self):
        self.get(random.choice(TARGETS["lessons"]), "lesson, signed in")


class QuizStepUser(_SignedIn):
    @task
    def step(self):
        self.get(TARGETS["quiz_step"], "quiz step, signed in")


class SignedInSearchUser(_SignedIn):
    @task
    def search(self):
        self.get(f"/search/?q={random.choice(TARGETS['searches'])}", "search, signed in")


class ApiListUser(FastHttpUser):
    """Many API clients behind one proxy (closed_loop.py trusts one): each request comes from
    another address, so the anonymous rate limit counts them apart, as it would in real use."""

    wait_time = constant(0)

    @task
    def articles(self):
        address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        self.client.get(
            "/api/v1/articles/", name="API list, anonymous", headers={"X-Forwarded-For": address}
        )
