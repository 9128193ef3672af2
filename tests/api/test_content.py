import datetime

import pytest
from django.utils import timezone

from learn.models import (
    EvidenceLevel,
    ReferenceKind,
)
from publishing.models import Status
from tests.factories import (
    cite,
    make_article,
    make_contributor,
    make_faq,
    make_module,
    make_reference,
    make_topic,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _future():
    return timezone.now() + datetime.timedelta(days=3)


def _past():
    return timezone.now() - datetime.timedelta(hours=1)


# Each way an item can be hidden from the public: a draft, in review, archived, scheduled for
# later, or expired.
HIDDEN = [
    {"status": Status.DRAFT},
    {"status": Status.IN_REVIEW},
    {"status": Status.ARCHIVED},
    {"publish_at": "future"},
    {"expires_at": "past"},
]


def _hidden(kwargs):
    when = {"future": _future(), "past": _past()}
    return {key: when.get(value, value) for key, value in kwargs.items()}


def _slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


# --- modules -------------------------------------------------------------------------------


def test_module_list_gives_published_modules_in_order_with_lesson_counts(client):
    second = make_module(slug="second", position=2)
    first = make_module(slug="first", position=1)
    make_article(module=first)
    make_article(module=first)
    make_article(module=first, status=Status.DRAFT)

    response = client.get(f"{API}/modules/")

    body = response.json()
    assert response["Content-Type"] == "application/json"
    assert body["count"] == 2
    assert [m["slug"] for m in body["results"]] == ["first", "second"]
    assert body["results"][0] == {
        "slug": "first",
        "title": first.title,
        "summary": first.summary,
        "position": 1,
        "lesson_count": 2,
        "url": f"http://testserver/learn/{first.slug}/",
        "language": "en",
        "language_fallback": False,
    }
    assert body["results"][1]["lesson_count"] == 0
    assert second.slug == "second"


@pytest.mark.parametrize("hidden", HIDDEN)
def test_hidden_modules_are_absent_from_the_list_and_404_on_detail(client, hidden):
    make_module(slug="visible")
    make_module(slug="hidden", **_hidden(hidden))

    assert _slugs(client.get(f"{API}/modules/")) == ["visible"]
    response = client.get(f"{API}/modules/hidden/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_module_detail_lists_its_published_lessons_in_order(client):
    module = make_module(slug="gut")
    make_article(module=module, slug="second", title="Second", position=2)
    make_article(module=module, slug="first", title="First", position=1, summary="Start here.")
    make_article(module=module, slug="draft", position=3, status=Status.DRAFT)
    make_article(module=module, slug="later", position=4, publish_at=_future())

    response = client.get(f"{API}/modules/gut/")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "gut"
    assert body["lesson_count"] == 2
    assert body["lessons"] == [
        {
            "slug": "first",
            "title": "First",
            "summary": "Start here.",
            "url": "http://testserver/learn/gut/first/",
        },
        {
            "slug": "second",
            "title": "Second",
            "summary": "A lesson for tests.",
            "url": "http://testserver/learn/gut/second/",
        },
    ]


# --- articles (lessons) --------------------------------------------------------------------


def test_article_detail_has_text_people_dates_evidence_and_ordered_sources(client):
    author = make_contributor(name="Sam Lee", qualifications="RN, MS nurse", role="Writer")
    reviewer = make_contributor(name="Dr Ana Ruiz", qualifications="MD, neurologist")
    topic = make_topic(slug="gut", name="Gut")
    article = make_article(
        sources=0,
        slug="microbiome",
        body="## Gut microbes\n\nMicrobes live in the gut.[^1] Mice differ.[^2]\n",
        evidence_level=EvidenceLevel.ANIMAL_LAB,
        author=author,
        medical_reviewer=reviewer,
    )
    article.topics.add(topic)
    company = make_reference(title="A company page", kind=ReferenceKind.WEBSITE, is_commercial=True)
    study = make_reference(title="A study", doi="10.1000/xyz", pmid="123456")
    cite(article, company, position=2)
    cite(article, study, position=1)

    response = client.get(f"{API}/articles/microbiome/")

    assert response.status_code == 200
    body = response.json()
    assert body["body"] == article.body
    assert body["body_html"] == article.body_html
    assert '<h2 id="gut-microbes">' in body["body_html"]
    assert body["summary"] == article.summary
    assert body["reading_minutes"] == article.reading_minutes
    assert body["evidence_level"] == "animal_lab"
    assert body["evidence_label"] == "Animal and lab studies only"
    assert body["evidence_explanation"].startswith("Seen only in animals")
    assert body["author"] == {"name": "Sam Lee", "qualifications": "RN, MS nurse", "role": "Writer"}
    assert body["medical_reviewer"]["name"] == "Dr Ana Ruiz"
    assert body["medical_reviewer"]["qualifications"] == "MD, neurologist"
    assert body["published_at"] == article.publish_at.isoformat().replace("+00:00", "Z")
    assert body["last_reviewed_on"] == article.last_reviewed_on.isoformat()
    assert body["next_review_on"] == article.next_review_on.isoformat()
    assert body["module"] == {"slug": article.module.slug, "title": article.module.title}
    assert body["topics"] == [{"slug": "gut", "name": "Gut"}]
    assert body["url"] == f"http://testserver/learn/{article.module.slug}/microbiome/"
    assert [(r["number"], r["title"]) for r in body["references"]] == [
        (1, "A study"),
        (2, "A company page"),
    ]
    assert body["references"][0] | {"url": None} == {
        "number": 1,
        "title": "A study",
        "url": None,
        "kind": "study",
        "is_commercial": False,
        "authors": "",
        "publisher": "",
        "year": 2020,
        "doi": "10.1000/xyz",
        "pmid": "123456",
        "note": "",
    }
    assert body["references"][1]["is_commercial"] is True
    assert body["references"][1]["kind"] == "website"


def test_article_without_author_or_reviewer_gives_nulls(client):
    make_article(slug="plain", author=None, medical_reviewer=None, status=Status.PUBLISHED)

    body = client.get(f"{API}/articles/plain/").json()

    assert body["author"] is None
    assert body["medical_reviewer"] is None


def test_article_gives_the_month_its_evidence_was_checked_or_null(client):
    make_article(slug="checked", evidence_as_of=datetime.date(2026, 11, 1))
    make_article(slug="unchecked")

    checked = client.get(f"{API}/articles/checked/").json()
    listed = {item["slug"]: item for item in client.get(f"{API}/articles/").json()["results"]}

    assert checked["evidence_as_of"] == "2026-11"
    assert listed["checked"]["evidence_as_of"] == "2026-11"
    assert listed["unchecked"]["evidence_as_of"] is None


def test_article_list_leaves_out_the_text(client):
    make_article(slug="one")

    item = client.get(f"{API}/articles/").json()["results"][0]

    assert item["slug"] == "one"
    assert "body" not in item
    assert "body_html" not in item


@pytest.mark.parametrize("hidden", HIDDEN)
def test_hidden_articles_are_absent_from_the_list_and_404_on_detail(client, hidden):
    make_article(slug="visible")
    make_article(slug="hidden", **_hidden(hidden))

    assert _slugs(client.get(f"{API}/articles/")) == ["visible"]
    assert client.get(f"{API}/articles/hidden/").status_code == 404


@pytest.mark.parametrize("hidden", HIDDEN)
def test_lessons_of_hidden_modules_are_not_visible(client, hidden):
    module = make_module(slug="hidden-module", **_hidden(hidden))
    make_article(module=module, slug="orphan")
    make_article(slug="visible")

    assert _slugs(client.get(f"{API}/articles/")) == ["visible"]
    assert client.get(f"{API}/articles/orphan/").status_code == 404


def test_articles_filter_by_module_topic_and_evidence_level(client):
    gut = make_module(slug="gut")
    topic = make_topic(slug="diet")
    a = make_article(module=gut, slug="a", evidence_level=EvidenceLevel.EARLY_TRIALS)
    make_article(module=gut, slug="b")
    c = make_article(slug="c", evidence_level=EvidenceLevel.EARLY_TRIALS)
    a.topics.add(topic)
    c.topics.add(topic)

    assert _slugs(client.get(f"{API}/articles/", {"module": "gut"})) == ["a", "b"]
    assert _slugs(client.get(f"{API}/articles/", {"topic": "diet"})) == ["a", "c"]
    assert _slugs(client.get(f"{API}/articles/", {"evidence_level": "early_trials"})) == [
        "a",
        "c",
    ]
    both = {"module": "gut", "topic": "diet", "evidence_level": "early_trials"}
    assert _slugs(client.get(f"{API}/articles/", both)) == ["a"]
    # Unknown parameters are ignored.
    assert _slugs(client.get(f"{API}/articles/", {"colour": "red"})) == ["a", "b", "c"]


@pytest.mark.parametrize("name", ["module", "topic", "evidence_level"])
def test_an_empty_article_filter_value_is_a_400_as_the_schema_says(client, name):
    make_article(slug="a")

    response = client.get(f"{API}/articles/", {name: ""})

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["details"])) == ("invalid", [name])


def test_article_search_looks_in_title_summary_and_text(client):
    make_article(slug="t", title="Fibre and SCFAs")
    make_article(slug="s", summary="What fibre does")
    make_article(slug="b", body="Eat more FIBRE, perhaps.")
    make_article(slug="x", title="Something else")

    assert sorted(_slugs(client.get(f"{API}/articles/", {"q": "fibre"}))) == ["b", "s", "t"]
    assert len(_slugs(client.get(f"{API}/articles/", {"q": "   "}))) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"module": "not a slug!"}, "module"),
        ({"evidence_level": "proven"}, "evidence_level"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_article_filter_values_that_cannot_be_right_are_400_with_the_reason(client, params, field):
    make_article(slug="a")

    response = client.get(f"{API}/articles/", params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["details"]) == [field]
    assert error["details"][field][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"module": "no-such-module"}, "module"), ({"topic": "no-such-topic"}, "topic")],
)
def test_an_article_filter_slug_that_names_nothing_is_a_404_with_the_reason(client, params, field):
    make_article(slug="a")

    response = client.get(f"{API}/articles/", params)

    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["code"], list(error["details"])) == ("not_found", [field])
    assert error["details"][field][0]


def test_filtering_by_an_unpublished_module_is_a_404_like_an_unknown_one(client):
    make_module(slug="draft-module", status=Status.DRAFT)

    response = client.get(f"{API}/articles/", {"module": "draft-module"})

    assert response.status_code == 404
    assert response.json()["error"]["details"]["module"]


# --- FAQs and references -------------------------------------------------------------------


def test_faq_list_gives_published_faqs_by_topic_with_public_related_lessons(client):
    first_topic = make_topic(slug="basics", position=1)
    second_topic = make_topic(slug="probiotics", position=2)
    lesson = make_article(slug="lesson")
    draft_lesson = make_article(slug="draft-lesson", status=Status.DRAFT)
    faq = make_faq(slug="cure", topic=second_topic, question="Can probiotics cure MS?")
    faq.related_articles.add(lesson, draft_lesson)
    faq.references.add(make_reference(title="A source"))
    make_faq(slug="what", topic=first_topic)
    make_faq(slug="hidden", topic=first_topic, status=Status.DRAFT)

    response = client.get(f"{API}/faqs/")

    assert _slugs(response) == ["what", "cure"]
    item = response.json()["results"][1]
    assert item["question"] == "Can probiotics cure MS?"
    assert item["answer"] == faq.answer
    assert item["answer_html"] == faq.answer_html
    assert item["topic"] == {"slug": "probiotics", "name": second_topic.name}
    assert [lesson["slug"] for lesson in item["related_lessons"]] == ["lesson"]
    assert [ref["title"] for ref in item["references"]] == ["A source"]
    assert item["url"] == "http://testserver/faq/cure/"


def test_faq_filter_by_topic_unknown_topic_is_404_and_empty_topic_400(client):
    topic = make_topic(slug="diet")
    make_faq(slug="in", topic=topic)
    make_faq(slug="out")

    assert _slugs(client.get(f"{API}/faqs/", {"topic": "diet"})) == ["in"]
    response = client.get(f"{API}/faqs/", {"topic": "nope"})
    assert response.status_code == 404
    assert "topic" in response.json()["error"]["details"]
    assert client.get(f"{API}/faqs/", {"topic": ""}).status_code == 400


@pytest.mark.parametrize("hidden", HIDDEN)
def test_hidden_faqs_are_absent(client, hidden):
    make_faq(slug="visible")
    make_faq(slug="hidden", **_hidden(hidden))

    assert _slugs(client.get(f"{API}/faqs/")) == ["visible"]


def test_reference_list_filters_by_kind_and_topic(client):
    topic = make_topic(slug="trials")
    review = make_reference(slug="review", title="B review", kind=ReferenceKind.REVIEW)
    make_reference(slug="study", title="A study", kind=ReferenceKind.STUDY)
    review.topics.add(topic)

    assert _slugs(client.get(f"{API}/references/")) == ["study", "review"]
    assert _slugs(client.get(f"{API}/references/", {"kind": "review"})) == ["review"]
    assert _slugs(client.get(f"{API}/references/", {"topic": "trials"})) == ["review"]
    item = client.get(f"{API}/references/", {"kind": "review"}).json()["results"][0]
    assert item["topics"] == [{"slug": "trials", "name": topic.name}]
    assert item["is_commercial"] is False
    bad = client.get(f"{API}/references/", {"kind": "blog"})
    assert bad.status_code == 400
    assert "kind" in bad.json()["error"]["details"]


# --- read-only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["modules/", "modules/m/", "articles/", "articles/a/", "faqs/", "references/", "quizzes/"],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_content_endpoints_refuse_writes_with_405_in_the_error_format(client, path, method):
    make_article(slug="a", module=make_module(slug="m"))

    response = getattr(client, method)(f"{API}/{path}", {}, content_type="application/json")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
