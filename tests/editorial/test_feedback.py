"""Readers' feedback: the form on lessons, FAQs and site pages, its limits and what is stored."""

import pytest
from django.test import Client

from editorial.models import Feedback, FeedbackKind, SitePage
from publishing.models import Status
from tests.editorial.helpers import make_page
from tests.factories import make_article, make_faq, make_user
from tests.learn.helpers import elements

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(kind, page):
    return f"/feedback/{kind}/{page.pk}/"


def test_lesson_page_has_the_feedback_form_at_the_end(client):
    article = make_article()

    html = client.get(article.get_absolute_url()).content.decode()

    form = html[html.index('class="reader-feedback__form"') :]
    assert f'action="/feedback/lesson/{article.pk}/"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert html.index('id="feedback-lesson"') > html.index('id="people-heading"')
    assert "Was this lesson helpful?" in html
    assert "Report a problem or add a comment" in html


def test_faq_page_has_one_folded_form_per_answer(client):
    first, second = make_faq(), make_faq()

    html = client.get("/faq/").content.decode()

    for faq in (first, second):
        compact = 'class="reader-feedback reader-feedback--compact"'
        assert f'<details {compact} id="feedback-faq-{faq.slug}"' in html
        assert f'action="/feedback/faq/{faq.pk}/"' in html
        assert f'id="faq-{faq.slug}-message"' in html
    assert html.count("Was this answer helpful?") == 4  # a summary and a legend each


def test_feedback_without_javascript_is_stored_and_redirects_to_a_thank_you_page(client):
    article = make_article(title="Gut and brain")

    response = client.post(
        url("lesson", article),
        {"helpful": "no", "kind": "mistake", "message": "The date in paragraph 2 is wrong."},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/feedback/lesson/{article.pk}/thanks/"
    feedback = Feedback.objects.get()
    assert feedback.article == article
    assert feedback.page_title == "Gut and brain"
    assert feedback.helpful is False
    assert feedback.kind == FeedbackKind.MISTAKE
    assert feedback.message == "The date in paragraph 2 is wrong."
    assert feedback.status == "new"
    assert feedback.user is None
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in thanks.content.decode()
    assert f'href="{article.get_absolute_url()}"' in thanks.content.decode()


def test_feedback_with_htmx_gets_a_thank_you_fragment(client):
    faq = make_faq()

    response = client.post(url("faq", faq), {"helpful": "yes"}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Thank you." in html and "data-announce" in html and "data-focus" in html
    assert Feedback.objects.get().faq == faq


def test_a_yes_alone_is_enough(client):
    page = make_page()

    client.post(url("page", page), {"helpful": "yes"})

    feedback = Feedback.objects.get()
    assert (feedback.site_page, feedback.helpful, feedback.kind, feedback.message) == (
        page,
        True,
        "",
        "",
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose Yes or No, or tell us about a problem"),
        ({"message": "   "}, "Choose Yes or No, or tell us about a problem"),
        ({"helpful": "maybe"}, "Choose Yes or No."),
        ({"kind": "spam"}, "Choose one of the kinds of problem listed."),
        ({"message": "x" * 1001}, "Please keep your message to 1000 characters or fewer"),
        ({"message": "null \x00 byte"}, "a character we cannot store"),
    ],
    ids=["empty", "blank-message", "bad-helpful", "bad-kind", "too-long", "nul"],
)
def test_bad_input_is_explained_and_nothing_is_stored(client, data, error):
    article = make_article()

    page = client.post(url("lesson", article), data)
    fragment = client.post(url("lesson", article), data, headers=HTMX)

    assert page.status_code == 400
    assert error in page.content.decode()
    assert "Please check your feedback" in page.content.decode()
    assert fragment.status_code == 200  # htmx swaps 2xx answers only
    assert error in fragment.content.decode()
    assert "Your feedback was not sent yet." in fragment.content.decode()
    assert Feedback.objects.count() == 0


def test_a_bad_post_keeps_what_the_reader_wrote(client):
    article = make_article()

    response = client.post(
        url("lesson", article), {"helpful": "yes", "kind": "spam", "message": "Keep <this>"}
    )

    html = response.content.decode()
    assert "Keep &lt;this&gt;</textarea>" in html
    assert 'value="yes" checked' in html


def test_a_1000_character_message_with_windows_line_breaks_is_accepted(client):
    article = make_article()
    message = ("a" * 99 + "\r\n") * 10  # 1,000 characters as the text box counts them

    response = client.post(url("lesson", article), {"message": message})

    assert response.status_code == 302
    assert len(Feedback.objects.get().message) == 999  # stripped of the last line break


def test_the_honeypot_looks_accepted_but_stores_nothing(client):
    article = make_article()

    response = client.post(
        url("lesson", article), {"helpful": "yes", "website": "https://spam.example"}
    )
    fragment = client.post(url("lesson", article), {"helpful": "yes", "website": "x"}, headers=HTMX)

    assert response.status_code == 302
    assert "Thank you." in fragment.content.decode()
    assert Feedback.objects.count() == 0


def test_the_honeypot_is_hidden_from_people(client):
    html = client.get(make_article().get_absolute_url()).content.decode()

    honeypot = html[html.index('class="reader-feedback__hp"') - 5 :][:400]
    assert 'aria-hidden="true"' in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_feedback_needs_a_csrf_token():
    article = make_article()
    client = Client(enforce_csrf_checks=True)

    response = client.post(url("lesson", article), {"helpful": "yes"})

    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_feedback_with_the_pages_csrf_token_is_accepted():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    html = client.get(article.get_absolute_url()).content.decode()
    token = next(
        attrs["value"]
        for tag, attrs in elements(html)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken"
    )

    response = client.post(url("lesson", article), {"helpful": "yes", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Feedback.objects.count() == 1


def test_no_address_or_session_is_stored(client):
    article = make_article()

    client.post(
        url("lesson", article),
        {"helpful": "yes", "message": "Nice."},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Agent/1.0",
    )

    feedback = Feedback.objects.values().get()
    stored = " ".join(str(value) for value in feedback.values())
    assert "203.0.113.7" not in stored and "Agent" not in stored
    assert feedback["user_id"] is None


def test_a_signed_in_reader_is_linked_only_when_they_may_be_contacted(client):
    user = make_user()
    client.force_login(user)
    article = make_article()

    client.post(url("lesson", article), {"helpful": "no", "message": "Please call me back"})
    client.post(
        url("lesson", article),
        {"helpful": "no", "message": "You may write to me", "contact_ok": "on"},
    )

    first, second = Feedback.objects.order_by("pk")
    assert first.user is None
    assert second.user == user


def test_an_anonymous_readers_contact_tick_links_nobody(client):
    client.post(url("lesson", make_article()), {"helpful": "yes", "contact_ok": "on"})

    assert Feedback.objects.get().user is None


def test_only_signed_in_readers_see_the_contact_choice(client):
    article = make_article()
    anonymous = client.get(article.get_absolute_url()).content.decode()
    client.force_login(make_user())
    signed_in = client.get(article.get_absolute_url()).content.decode()

    assert 'name="contact_ok"' not in anonymous
    assert "You do not need an account." in anonymous
    assert 'name="contact_ok"' in signed_in


@pytest.mark.parametrize(
    "make_hidden",
    [
        lambda: ("lesson", make_article(status=Status.DRAFT)),
        lambda: ("faq", make_faq(status=Status.DRAFT)),
        lambda: ("page", make_page(status=Status.DRAFT)),
        lambda: ("module", make_article()),
    ],
    ids=["draft-lesson", "draft-faq", "draft-page", "unknown-kind"],
)
def test_feedback_about_a_page_the_public_cannot_see_is_404(client, make_hidden):
    kind, page = make_hidden()

    response = client.post(url(kind, page), {"helpful": "yes"})

    assert response.status_code == 404
    assert client.get(f"/feedback/{kind}/{page.pk}/thanks/").status_code == 404
    assert Feedback.objects.count() == 0


def test_feedback_is_post_only(client):
    assert client.get(url("lesson", make_article())).status_code == 405


def test_more_than_five_posts_in_ten_minutes_are_refused_with_429(client):
    article = make_article()
    for _ in range(5):
        assert client.post(url("lesson", article), {"helpful": "yes"}).status_code == 302

    response = client.post(url("lesson", article), {"helpful": "no", "message": "Sixth"})

    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "You sent several messages in a short time." in html
    assert "Sixth</textarea>" in html
    assert Feedback.objects.count() == 5


def test_the_limit_with_htmx_is_shown_in_place(client):
    faq = make_faq()
    for _ in range(5):
        client.post(url("faq", faq), {"helpful": "yes"}, headers=HTMX)

    response = client.post(url("faq", faq), {"helpful": "yes"}, headers=HTMX)

    assert response.status_code == 200
    assert "Retry-After" in response
    assert "Please wait" in response.content.decode()
    assert Feedback.objects.count() == 5


def test_the_limit_counts_per_address(client):
    article = make_article()
    for _ in range(5):
        client.post(url("lesson", article), {"helpful": "yes"}, REMOTE_ADDR="198.51.100.1")

    other = Client()
    blocked = other.post(url("lesson", article), {"helpful": "yes"}, REMOTE_ADDR="198.51.100.1")
    allowed = other.post(url("lesson", article), {"helpful": "yes"}, REMOTE_ADDR="198.51.100.2")

    assert blocked.status_code == 429
    assert allowed.status_code == 302


def test_the_limit_counts_per_session_across_addresses(client):
    client.force_login(make_user())  # a browser with a session
    article = make_article()
    for i in range(5):
        client.post(url("lesson", article), {"helpful": "yes"}, REMOTE_ADDR=f"192.0.2.{i}")

    response = client.post(url("lesson", article), {"helpful": "yes"}, REMOTE_ADDR="192.0.2.99")

    assert response.status_code == 429


def test_the_rate_limit_can_be_changed_in_settings(client, settings):
    settings.FEEDBACK_RATE_LIMIT = (1, 60)
    article = make_article()

    assert client.post(url("lesson", article), {"helpful": "yes"}).status_code == 302
    assert client.post(url("lesson", article), {"helpful": "yes"}).status_code == 429


def test_the_contact_page_has_a_message_form(client):
    html = client.get("/contact/").content.decode()
    contact = SitePage.objects.get(slug="contact")

    assert "Send us a message" in html
    assert f'action="/feedback/page/{contact.pk}/"' in html
