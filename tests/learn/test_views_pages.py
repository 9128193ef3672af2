"""What each reading page shows."""

import datetime

import pytest
from django.utils import timezone

from learn.models import (
    EvidenceLevel,
    ReferenceKind,
)
from publishing.models import Status
from quizzes.models import Quiz
from tests.factories import (
    cite,
    make_article,
    make_contributor,
    make_faq,
    make_module,
    make_reference,
    make_topic,
)
from tests.learn.helpers import elements

pytestmark = pytest.mark.django_db

DISCLAIMER = "This is educational information, not medical advice."


def _lesson_with_everything():
    module = make_module(title="Gut and brain")
    author = make_contributor(
        name="Ada Writer",
        qualifications="RN, MS nurse",
        conflicts_of_interest="None declared.",
        conflicts_declared_on=datetime.date(2026, 3, 1),
    )
    reviewer = make_contributor(
        name="Ben Reviewer",
        qualifications="MD, neurologist",
        conflicts_of_interest="Speaker fees from a hospital charity.",
        conflicts_declared_on=datetime.date(2026, 2, 14),
    )
    first = make_article(module=module, title="First lesson", position=1)
    article = make_article(
        module=module,
        title="Middle lesson",
        summary="What the small trials found.",
        position=2,
        approved=False,  # Legacy content: the page names its medical reviewer.
        author=author,
        medical_reviewer=reviewer,
        evidence_level=EvidenceLevel.EARLY_TRIALS,
        publish_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0)),
        last_reviewed_on=datetime.date(2026, 1, 10),
        next_review_on=datetime.date(2027, 1, 10),
        body="Small trials found modest changes.[^1]\n\n" + "word " * 450,
    )
    last = make_article(module=module, title="Last lesson", position=3)
    cite(
        article,
        make_reference(
            title="A probiotic trial",
            publisher="Clinical Nutrition",
            year=2017,
            doi="10.1016/j.clnu.2016.08.015",
            pmid="27669638",
        ),
    )
    cite(article, make_reference(title="A lab website", is_commercial=True))
    return article, first, last


def test_lesson_page_shows_every_required_field(client):
    article, first, last = _lesson_with_everything()

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count("<h1") == 1
    assert "Middle lesson" in html and "What the small trials found." in html
    assert "3 min read" in html
    assert "Evidence: Early human trials" in html
    assert str(article.evidence_explanation) in html
    assert "Ada Writer, RN, MS nurse" in html
    assert "Ben Reviewer, MD, neurologist" in html
    assert "None declared." in html and "Speaker fees from a hospital charity." in html
    assert '<time datetime="2026-02-14">' in html and '<time datetime="2026-03-01">' in html
    assert '<time datetime="2026-01-05">' in html
    assert '<time datetime="2026-01-10">' in html
    assert '<time datetime="2027-01-10">' in html
    assert DISCLAIMER in html.split("<main", 1)[1].split("</main>")[0]
    assert 'id="source-1"' in html and 'id="source-2"' in html
    assert "A probiotic trial" in html and "Clinical Nutrition" in html and "2017" in html
    assert 'href="https://doi.org/10.1016/j.clnu.2016.08.015"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/27669638/"' in html
    assert html.count("Commercial source") == 1
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{last.get_absolute_url()}" rel="next"' in html
    assert f'href="{article.get_absolute_url()}" aria-current="page"' in html
    assert 'aria-label="Breadcrumb"' in html
    assert "Lesson 2 of 3" in html


def test_lesson_page_shows_the_month_its_evidence_was_checked_by_the_evidence_level(client):
    article = make_article(evidence_as_of=datetime.date(2026, 11, 17))

    html = client.get(article.get_absolute_url()).content.decode()

    article.refresh_from_db()
    assert article.evidence_as_of == datetime.date(2026, 11, 1)  # The day is dropped.
    evidence_block = html.split('<div class="evidence', 1)[1].split("</div>", 1)[0]
    assert "Evidence as of November 2026" in evidence_block


def test_lesson_page_without_an_evidence_month_shows_no_evidence_date(client):
    article = make_article()

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Evidence as of" not in html


def test_first_and_last_lessons_have_one_neighbour_each(client):
    article, first, last = _lesson_with_everything()

    first_html = client.get(first.get_absolute_url()).content.decode()
    last_html = client.get(last.get_absolute_url()).content.decode()

    assert 'rel="prev"' not in first_html
    assert f'href="{article.get_absolute_url()}" rel="next"' in first_html
    assert f'href="{article.get_absolute_url()}" rel="prev"' in last_html
    assert 'rel="next"' not in last_html


def test_previous_and_next_skip_unpublished_lessons(client):
    module = make_module()
    first = make_article(module=module, position=1)
    make_article(module=module, position=2, status=Status.DRAFT, title="Draft between")
    third = make_article(module=module, position=3)

    html = client.get(first.get_absolute_url()).content.decode()

    assert f'href="{third.get_absolute_url()}" rel="next"' in html
    assert "Draft between" not in html


def test_lesson_with_overdue_review_says_it_is_being_checked(client):
    today = timezone.localdate()
    article = make_article(
        last_reviewed_on=today - datetime.timedelta(days=400),
        next_review_on=today - datetime.timedelta(days=35),
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "We are checking this lesson again" in html


def test_module_page_lists_lessons_in_order_with_progress_and_quizzes(client):
    module = make_module(title="Probiotics")
    make_article(module=module, title="Second", position=2)
    make_article(module=module, title="First", position=1)
    Quiz.objects.create(
        title="Probiotics quiz",
        slug="probiotics-quiz",
        module=module,
        status=Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(days=1),
    )
    Quiz.objects.create(title="Draft quiz", slug="draft-quiz", module=module)

    html = client.get(module.get_absolute_url()).content.decode()

    assert html.count("<h1") == 1
    assert html.index(">First<") < html.index(">Second<")
    assert "0 of 2 lessons done" in html
    assert '<progress max="2" value="0">' in html
    assert "Not done yet" in html
    assert 'href="/quizzes/probiotics-quiz/"' in html
    assert "Draft quiz" not in html
    assert "Start the first lesson" in html


def test_module_list_shows_modules_in_order_with_lesson_counts(client):
    later = make_module(title="Later module", position=2)
    earlier = make_module(title="Earlier module", position=1)
    make_article(module=earlier)
    make_article(module=earlier)
    make_article(module=later)
    make_article(module=later, status=Status.DRAFT)

    html = client.get("/learn/").content.decode()

    assert html.count("<h1") == 1
    assert html.index("Earlier module") < html.index("Later module")
    assert "0 of 2 lessons done" in html
    assert "0 of 1 lesson done" in html


def test_home_has_welcome_modules_search_and_a_place_to_start(client):
    module = make_module(title="Understanding MS", position=1)
    first = make_article(module=module, title="What is MS?", position=1)

    html = client.get("/").content.decode()

    assert html.count("<h1") == 1
    assert "Understanding MS" in html
    assert "Where to start" in html
    assert f'href="{first.get_absolute_url()}"' in html
    assert 'id="home-search"' in html and 'action="/search/"' in html


def test_home_shows_the_first_twelve_modules_and_links_to_the_rest(client):
    for n in range(1, 14):
        make_module(title=f"Module number {n:02d}", position=n)

    html = client.get("/").content.decode()

    assert "Module number 12" in html and "Module number 13" not in html
    assert '<a href="/learn/">See all the modules</a>' in html


def test_home_with_few_modules_needs_no_link_to_the_rest(client):
    make_module(title="Only module")

    assert "See all the modules" not in client.get("/").content.decode()


def test_module_list_comes_in_pages_of_24_that_keep_the_order(client):
    for n in range(1, 26):
        make_module(title=f"Module number {n:02d}", position=n)

    first = client.get("/learn/").content.decode()
    second = client.get("/learn/?page=2").content.decode()
    past_the_end = client.get("/learn/?page=99").content.decode()
    nonsense = client.get("/learn/?page=abc").content.decode()

    assert "Module number 24" in first and "Module number 25" not in first
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert "Module number 25" in second and "Module number 24" not in second
    assert 'href="?page=1" rel="prev"' in second
    assert "Module number 25" in past_the_end  # the last page, not an error
    assert "Module number 01" in nonsense  # the first page


def test_home_with_no_content_says_so(client):
    html = client.get("/").content.decode()

    assert "No modules are published yet." in html
    assert "There are no lessons yet." in html


def test_faq_page_groups_by_topic_in_order_with_anchors_lessons_and_sources(client):
    later_topic = make_topic(name="Treatment", slug="treatment", position=2)
    first_topic = make_topic(name="Basics", slug="basics", position=1)
    lesson = make_article(title="What probiotics are")
    reference = make_reference(title="ISAPP consensus", is_commercial=False)
    faq = make_faq(
        topic=first_topic,
        question="What are probiotics?",
        slug="what-are-probiotics",
        answer="Live microbes that **may** help.",
    )
    faq.related_articles.add(lesson)
    faq.references.add(reference)
    make_faq(topic=later_topic, question="Can probiotics cure MS?", slug="cure")

    html = client.get("/faq/").content.decode()

    assert html.count("<h1") == 1
    assert html.index(">Basics<") < html.index(">Treatment<")
    assert html.index("What are probiotics?") < html.index("Can probiotics cure MS?")
    assert '<details class="faq" id="what-are-probiotics">' in html
    assert 'href="/faq/what-are-probiotics/"' in html
    assert "<strong>may</strong>" in html
    assert f'href="{lesson.get_absolute_url()}"' in html
    assert "ISAPP consensus" in html


def test_faq_page_comes_in_pages_of_40_and_each_answer_has_a_page_of_its_own(client):
    topic = make_topic(name="Basics")
    faqs = [
        make_faq(topic=topic, question=f"Question number {n:02d}?", position=n) for n in range(41)
    ]
    lesson = make_article(title="Read this lesson")
    faqs[40].related_articles.add(lesson)

    first = client.get("/faq/").content.decode()
    second = client.get("/faq/?page=2").content.decode()
    own_page = client.get(faqs[40].get_absolute_url())

    assert "Question number 39?" in first and "Question number 40?" not in first
    assert "Page 1 of 2" in first and 'href="?page=2" rel="next"' in first
    assert "Question number 40?" in second and ">Basics<" in second  # the topic heading again
    assert faqs[40].get_absolute_url() == f"/faq/{faqs[40].slug}/"
    html = own_page.content.decode()
    assert own_page.status_code == 200
    assert html.count("<h1") == 1 and "Question number 40?</h1>" in html
    assert f'href="{lesson.get_absolute_url()}"' in html
    assert "Was this answer helpful?" in html


def test_a_draft_or_unknown_answer_has_no_page(client):
    draft = make_faq(status=Status.DRAFT)

    assert client.get(f"/faq/{draft.slug}/").status_code == 404
    assert client.get("/faq/no-such-answer/").status_code == 404


def test_references_page_lists_details_and_labels_commercial_sources(client):
    make_reference(
        title="Gut microbiome of MS",
        publisher="Cell",
        year=2022,
        doi="doi:10.1016/j.cell.2022.08.005",
    )
    make_reference(title="Microbiome lab", kind=ReferenceKind.WEBSITE, is_commercial=True)

    html = client.get("/references/").content.decode()

    assert html.count("<h1") == 1
    assert "2 sources" in html
    assert "Cell" in html and "2022" in html
    assert 'href="https://doi.org/10.1016/j.cell.2022.08.005"' in html
    assert html.count('class="badge badge--commercial">Commercial source') == 1


def test_references_filter_by_kind_and_topic(client):
    topic = make_topic(slug="gut")
    study = make_reference(title="A study about the gut", kind=ReferenceKind.STUDY)
    study.topics.add(topic)
    make_reference(title="Another study", kind=ReferenceKind.STUDY)
    make_reference(title="A registry", kind=ReferenceKind.REGISTRY)

    by_kind = client.get("/references/", {"kind": "study"}).content.decode()
    by_topic = client.get("/references/", {"topic": "gut"}).content.decode()
    by_both = client.get("/references/", {"kind": "registry", "topic": "gut"}).content.decode()

    assert "A study about the gut" in by_kind and "Another study" in by_kind
    assert "A registry" not in by_kind
    assert "A study about the gut" in by_topic and "Another study" not in by_topic
    assert "No sources match these choices." in by_both


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "blog"}, "We do not know that kind of source."),
        ({"topic": "no-such-topic"}, "We do not know that topic."),
        ({"kind": "<script>", "topic": "x" * 500}, "We do not know that kind of source."),
        ({"page": "9999"}, None),
        ({"page": "abc"}, None),
    ],
)
def test_references_invalid_filters_are_ignored_with_a_message(client, params, message):
    make_reference(title="Still listed")

    response = client.get("/references/", params)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Still listed" in html
    if message:
        assert message in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_unknown_page_gives_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/learn/"' in html


def test_500_page_renders_without_request_or_database(rf, django_assert_num_queries):
    from core.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "/static/css/site.css" in html


@pytest.mark.parametrize("url", ["/", "/learn/", "/faq/", "/references/", "/search/?q=x"])
def test_list_pages_refuse_post(client, url):
    assert client.post(url).status_code == 405


def test_every_reading_page_has_one_h1_unique_ids_and_no_inline_styles_or_scripts(client):
    article, _first, _last = _lesson_with_everything()
    faq = make_faq()
    faq.related_articles.add(article)
    faq.references.add(make_reference())
    client.post(article.get_absolute_url() + "done/", {"done": "1"})
    urls = [
        "/",
        "/learn/",
        article.module.get_absolute_url(),
        article.get_absolute_url(),
        "/faq/",
        "/references/",
        "/references/?kind=nope&topic=nope",
        "/search/?q=lesson",
        "/search/",
        "/no-such-page/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        tags = elements(html)
        ids = [attrs["id"] for _tag, attrs in tags if "id" in attrs]
        assert len(ids) == len(set(ids)), url
        assert [tag for tag, _attrs in tags].count("h1") == 1, url
        assert [tag for tag, _attrs in tags].count("main") == 1, url
        for _tag, attrs in tags:
            assert "style" not in attrs, url
            assert not any(name.startswith("on") for name in attrs), url
            references = f"{attrs.get('aria-labelledby', '')} {attrs.get('aria-describedby', '')}"
            for reference in references.split():
                assert reference in ids, (url, reference)
        # Only same-origin script files; never an inline script (JSON-LD data is never run).
        scripts = [
            attrs.get("src")
            for tag, attrs in tags
            if tag == "script" and attrs.get("type") != "application/ld+json"
        ]
        assert scripts and all((src or "").startswith("/static/js/") for src in scripts), url
        for tag, attrs in tags:
            if tag in {"input", "select"} and attrs.get("type") not in {"hidden", "submit"}:
                if attrs.get("type") in {"radio", "checkbox"} and "id" not in attrs:
                    continue  # wrapped in its <label> (the display panel's options)
                assert f'for="{attrs["id"]}"' in html, (url, attrs)
