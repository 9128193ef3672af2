"""Lesson pages describe themselves as schema.org MedicalWebPage JSON-LD, safely."""

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from editorial.structured_data import json_ld_script
from publishing.models import Status
from tests.factories import cite, make_article, make_contributor, make_reference
from tests.learn.helpers import elements, make_editor

pytestmark = pytest.mark.django_db


class _Scripts(HTMLParser):
    """Every script element as (attributes, text), the way a browser splits the page."""

    def __init__(self):
        super().__init__()
        self.scripts, self._current = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._current = (dict(attrs), [])

    def handle_data(self, data):
        if self._current is not None:
            self._current[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append((self._current[0], "".join(self._current[1])))
            self._current = None


def scripts(html):
    parser = _Scripts()
    parser.feed(html)
    return parser.scripts


def json_ld(html):
    blocks = [text for attrs, text in scripts(html) if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def _lesson():
    author = make_contributor(name="Ada Writer", qualifications="RN", role="MS specialist nurse")
    reviewer = make_contributor(name="Ben Reviewer", qualifications="MD, neurologist", role="")
    article = make_article(
        sources=0,
        title="Probiotics and MS",
        summary="What the small trials found.",
        author=author,
        medical_reviewer=reviewer,
        approved=False,  # Nobody approved it: the page names its medical reviewer.
        publish_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0)),
        last_reviewed_on=datetime.date(2026, 1, 10),
    )
    cite(article, make_reference(url="https://pubmed.ncbi.nlm.nih.gov/27669638/"))
    cite(article, make_reference(url="https://clinicaltrials.gov"))
    cite(article, make_reference(url="javascript:alert(1)"))  # saved around the admin
    return article


def test_lesson_page_carries_a_medical_web_page_description(client):
    article = _lesson()

    data = json_ld(client.get(article.get_absolute_url()).content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Probiotics and MS"
    assert data["description"] == "What the small trials found."
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    assert data["datePublished"].startswith("2026-01-05T09:00:00")
    assert data["dateModified"].startswith(str(article.updated_at.date()))
    assert data["lastReviewed"] == "2026-01-10"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Ben Reviewer",
        "jobTitle": "MD, neurologist",
        "honorificSuffix": "MD, neurologist",
    }
    assert data["author"] == {
        "@type": "Person",
        "name": "Ada Writer",
        "jobTitle": "MS specialist nurse",
        "honorificSuffix": "RN",
    }
    assert data["about"] == {"@type": "MedicalCondition", "name": "Multiple sclerosis"}
    assert data["audience"] == {"@type": "Patient"}
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "msportal",
        "url": "http://testserver/",
    }
    assert data["citation"] == [
        "https://pubmed.ncbi.nlm.nih.gov/27669638/",
        "https://clinicaltrials.gov",
    ]


def test_a_lesson_without_author_or_reviewer_names_the_publisher(client):
    article = make_article(
        sources=0, author=None, medical_reviewer=None, status=Status.PUBLISHED, approved=False
    )

    data = json_ld(client.get(article.get_absolute_url()).content.decode())

    assert data["author"] == data["publisher"]
    assert "reviewedBy" not in data
    assert "citation" not in data


def test_a_hostile_title_cannot_break_out_of_the_script_element(client):
    hostile = "</script><script>alert(1)</script><!--"
    article = make_article(
        sources=0, title=hostile, summary="</SCRIPT ><img src=x onerror=alert(1)> & \u2028"
    )
    cite(article, make_reference(url="https://example.org/?a=</script><script>alert(2)"))

    html = client.get(article.get_absolute_url()).content.decode()

    data = json_ld(html)
    assert data["name"] == hostile
    assert data["description"] == "</SCRIPT ><img src=x onerror=alert(1)> & \u2028"
    assert data["citation"] == ["https://example.org/?a=</script><script>alert(2)"]
    # Every script element on the page is either a static file or the one JSON-LD block.
    for attrs, text in scripts(html):
        if attrs.get("type") == "application/ld+json":
            assert "<" not in text and ">" not in text and "&" not in text
        else:
            assert attrs["src"].startswith("/static/js/") and text == ""
    assert not any(tag == "img" for tag, _attrs in elements(html))


def test_json_ld_script_escapes_html_characters():
    html = json_ld_script({"name": "<b>&</b>", "line": "a\u2028b"})

    assert html == (
        '<script type="application/ld+json">'
        '{"name":"\\u003Cb\\u003E\\u0026\\u003C/b\\u003E","line":"a\\u2028b"}</script>'
    )


def test_a_preview_has_no_json_ld(client):
    article = make_article(status=Status.DRAFT)
    client.force_login(make_editor())

    html = client.get(article.get_absolute_url()).content.decode()

    assert "application/ld+json" not in html


def test_csp_still_forbids_inline_scripts_on_the_lesson_page(client):
    response = client.get(make_article().get_absolute_url())

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
