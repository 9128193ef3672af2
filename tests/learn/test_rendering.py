"""Lesson and FAQ text is sanitised on save and stays inert on the page."""

import pytest

from learn.models import FAQ, Article
from tests.factories import cite, make_article, make_faq, make_reference
from tests.learn.helpers import elements, executable_parts

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#x3A;alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pic](javascript:alert(1))",
    "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![pic](https://example.org/a.png "a\\" onerror=\\"alert(1)")',
    "[ref]: javascript:alert(1)\n\nSee [the note][ref].",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<svg onload=alert(1)><circle r=5 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    "<style>body { display: none }</style>",
    '<a href="jav&#x0A;ascript:alert(1)">entity newline</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<div>\n<script>alert(1)</script>\n</div>",
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<base href="javascript:alert(1)//">',
    '[x](" onmouseover="alert(1))',
]


def test_there_are_at_least_fifteen_payloads():
    assert len(XSS_PAYLOADS) >= 15


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_article_save_renders_payload_without_executable_html(payload):
    article = make_article(body=f"Before.\n\n{payload}\n\nAfter.")

    stored = Article.objects.get(pk=article.pk).body_html
    assert executable_parts(stored) == []
    assert "Before." in stored and "After." in stored


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_faq_save_renders_payload_without_executable_html(payload):
    faq = make_faq(answer=payload)

    assert executable_parts(FAQ.objects.get(pk=faq.pk).answer_html) == []


def test_lesson_page_with_every_payload_has_no_executable_html(client):
    article = make_article(
        title="<script>alert('title')</script>",
        summary='<img src=x onerror="alert(1)">',
        body="\n\n".join(XSS_PAYLOADS),
    )
    cite(article, make_reference(title="<svg onload=alert(1)>", url="javascript:alert(1)"))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    # The page's own scripts are the static files in base.html, nothing else (the JSON-LD
    # data block is never run; tests/editorial/test_json_ld.py checks it cannot break out).
    scripts = [
        attrs.get("src")
        for tag, attrs in elements(html)
        if tag == "script" and attrs.get("type") != "application/ld+json"
    ]
    assert all(src.startswith("/static/js/") for src in scripts)
    assert executable_parts(html, allowed_tags={"script", "form"}) == []
    forms = [attrs["action"] for tag, attrs in elements(html) if tag == "form"]
    assert all(action.startswith("/") for action in forms)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html


def test_markdown_formatting_survives_sanitising():
    article = make_article(
        body="## What is myelin?\n\n**Bold** and *soft* text with [a link](https://example.org).\n\n"
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    )

    html = article.body_html
    assert '<h2 id="what-is-myelin">What is myelin?</h2>' in html
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.org"' in html
    assert "<table>" in html


def test_citation_marker_links_to_the_numbered_source_on_the_page(client):
    article = make_article(
        body="Probiotics were tested in small trials.[^1] And mice.[^2]", sources=0
    )
    cite(article, make_reference(title="Small trial"), position=1)
    cite(article, make_reference(title="Mouse study", is_commercial=True), position=2)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="#source-1"' in html and '<a href="#source-2"' in html
    assert 'id="source-1"' in html and 'id="source-2"' in html
    source_2 = html[html.index('id="source-2"') :]
    assert "Mouse study" in source_2 and "Commercial source" in source_2
    assert (
        "Commercial source" not in html[html.index('id="source-1"') : html.index('id="source-2"')]
    )


def test_citation_numbers_keep_their_position_when_numbers_skip(client):
    article = make_article(body="A claim.[^3]", sources=0)
    cite(article, make_reference(title="Third source"), position=3)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<li id="source-3" value="3"' in html
    assert '<a href="#source-3"' in html


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<img src="data:image/png;base64,AAAA">',
        '<p onclick="x()">x</p>',
        '<p style="color: red">x</p>',
    ],
)
def test_the_checker_itself_spots_executable_html(html):
    # Guards the guard: if executable_parts went blind, every test above would pass.
    assert executable_parts(html) != []
