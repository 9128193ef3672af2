import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.roles import EDITORS, EDUCATORS
from learn.admin_base import PREVIEW_MAX_BYTES
from learn.models import (
    FAQ,
    Article,
    Citation,
)
from publishing.models import Status
from publishing.workflow import item_approve_review
from tests.factories import (
    cite,
    make_article,
    make_contributor,
    make_faq,
    make_module,
    make_reference,
    make_reviewer,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:learn_article_add")
CHANGELIST_URL = reverse("admin:learn_article_changelist")
PREVIEW_URL = reverse("admin:learn_article_preview")


class _FormFields(HTMLParser):
    """What a browser would submit from the page's main form: inputs, selects, textareas."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.in_form, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file"}:
                default = "on" if kind in {"checkbox", "radio"} else ""
                self.data.append((attrs["name"], attrs.get("value") or default))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.data.pop()
            self.data.append((name, text + data))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                # Browsers drop the newline that follows <textarea>.
                name, text = self.data.pop()
                self.data.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.in_form = False


def form_data(response, form_id, **changes):
    """The submitted data of a rendered form, with `changes` applied (None removes a field)."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [str(value)]
    return data


@pytest.fixture
def editor():
    return make_user(is_staff=True, groups=[EDITORS])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def review_fields(reviewer):
    today = timezone.localdate()
    return {
        "medical_reviewer": reviewer.pk,
        "last_reviewed_on": today.isoformat(),
        "next_review_on": (today + datetime.timedelta(days=365)).isoformat(),
    }


# Access -------------------------------------------------------------------------------------


def test_editor_opens_admin_index_changelist_and_add_form(editor_client):
    index = editor_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert CHANGELIST_URL in index.content.decode()

    assert editor_client.get(CHANGELIST_URL).status_code == 200
    add = editor_client.get(ADD_URL)
    assert add.status_code == 200
    assert "js/admin-preview.js" in add.content.decode()
    assert "css/admin.css" in add.content.decode()


@pytest.mark.parametrize("url", ["admin:auth_user_changelist", "admin:auth_group_changelist"])
def test_editor_may_not_open_users_or_groups(editor_client, url):
    assert editor_client.get(reverse(url)).status_code == 403


@pytest.mark.parametrize("groups", [[EDUCATORS], []])
def test_educators_and_learners_are_sent_to_the_admin_login(client, groups):
    client.force_login(make_user(groups=groups))

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Creating, editing and publishing a lesson through the admin's own forms ---------------------


def test_editor_creates_edits_and_publishes_a_lesson(editor_client):
    module, topic = make_module(), make_topic()
    author, reviewer = make_contributor(), make_contributor()
    first, second = make_reference(), make_reference()

    page = editor_client.get(ADD_URL)
    data = form_data(
        page,
        "article_form",
        module=module.pk,
        position=1,
        title="What is myelin?",
        slug="what-is-myelin",
        summary="Myelin in plain words.",
        body="Myelin protects nerve fibres.[^1] It can heal a little.[^2]",
        topics=[str(topic.pk)],
        author=author.pk,
        evidence_level="emerging",
        **{
            "citations-0-reference": first.pk,
            "citations-1-reference": second.pk,
            "citations-1-position": 2,
            "citations-TOTAL_FORMS": 2,
        },
    )
    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get(slug="what-is-myelin")
    assert article.status == Status.DRAFT
    assert list(article.topics.all()) == [topic]
    assert [(c.position, c.reference) for c in article.citations.all()] == [
        (1, first),
        (2, second),
    ]

    change_url = reverse("admin:learn_article_change", args=[article.pk])
    publish = form_data(editor_client.get(change_url), "article_form", status="published")
    refused = editor_client.post(change_url, publish)

    assert refused.status_code == 200
    assert "A published lesson needs this" in refused.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    publish.update({k: [str(v)] for k, v in review_fields(reviewer).items()})
    publish["title"] = ["What is myelin, and why does it matter?"]
    unapproved = editor_client.post(change_url, publish)

    assert unapproved.status_code == 200
    assert "A medical reviewer has not approved" in unapproved.content.decode()
    publish["status"] = ["draft"]
    assert editor_client.post(change_url, publish).status_code == 302
    item_approve_review(item=Article.objects.get(pk=article.pk), user=make_reviewer())
    publish["status"] = ["published"]
    response = editor_client.post(change_url, publish)

    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.medical_reviewer == reviewer
    assert article.title == "What is myelin, and why does it matter?"
    assert article.citations.count() == 2


def test_editor_sets_the_month_the_evidence_was_checked(editor_client):
    article = make_article()
    change_url = reverse("admin:learn_article_change", args=[article.pk])
    page = editor_client.get(change_url)

    assert "Readers see the month and year only" in page.content.decode()
    response = editor_client.post(
        change_url, form_data(page, "article_form", evidence_as_of="2026-12-15")
    )

    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.evidence_as_of == datetime.date(2026, 12, 1)


def test_duplicate_slug_gets_a_plain_message(editor_client):
    existing = make_article(slug="taken")
    data = form_data(
        editor_client.get(ADD_URL),
        "article_form",
        module=existing.module_id,
        title="Another",
        slug="taken",
        summary="S.",
        body="B.",
    )

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "Another item in this language already uses this slug. Choose a different one." in (
        response.content.decode()
    )


def test_next_review_before_last_review_is_refused(editor_client):
    article = make_article()
    url = reverse("admin:learn_article_change", args=[article.pk])
    data = form_data(
        editor_client.get(url),
        "article_form",
        last_reviewed_on="2027-05-01",
        next_review_on="2027-04-01",
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "The next review must be after the last review." in response.content.decode()


# Ordered sources ----------------------------------------------------------------------------


def post_with_sources(editor_client, article, body, positions):
    url = reverse("admin:learn_article_change", args=[article.pk])
    changes = {"body": body, "citations-TOTAL_FORMS": len(positions), "minor_edit": "on"}
    for index, position in enumerate(positions):
        changes[f"citations-{index}-position"] = position
        changes[f"citations-{index}-reference"] = make_reference().pk
    return editor_client.post(url, form_data(editor_client.get(url), "article_form", **changes))


@pytest.mark.parametrize(
    ("positions", "message"),
    [
        ([1, 3], "without gaps. The numbers now are 1, 3."),
        ([2], "without gaps. The numbers now are 2."),
        ([1, 1], "Two sources share the number 1."),
    ],
)
def test_sources_must_be_numbered_from_one_without_gaps(editor_client, positions, message):
    article = make_article(body="No citations.", sources=0)

    response = post_with_sources(editor_client, article, "No citations.", positions)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Citation.objects.filter(article=article).exists()


def test_every_citation_marker_needs_a_source(editor_client):
    article = make_article()

    response = post_with_sources(editor_client, article, "A claim.[^1] Another.[^3]", [1, 2])

    assert response.status_code == 200
    assert "The body cites [^3], but there is no source with that number." in (
        response.content.decode()
    )
    article.refresh_from_db()
    assert article.body == "Some plain words about MS."


def test_sources_matching_the_markers_are_saved(editor_client):
    article = make_article()

    response = post_with_sources(editor_client, article, "A.[^1] B.[^2]", [1, 2])

    assert response.status_code == 302
    assert list(article.citations.values_list("position", flat=True)) == [1, 2]


def test_deleting_a_cited_source_is_refused(editor_client):
    article = make_article(body="A.[^1] B.[^2]", sources=0)
    cite(article, make_reference())
    cite(article, make_reference())
    url = reverse("admin:learn_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form", **{"citations-1-DELETE": "on"})

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "The body cites [^2]" in response.content.decode()
    assert article.citations.count() == 2


def test_empty_source_rows_offer_the_next_numbers(editor_client):
    article = make_article()
    cite(article, make_reference())

    data = form_data(
        editor_client.get(reverse("admin:learn_article_change", args=[article.pk])),
        "article_form",
    )

    assert data["citations-1-position"] == ["2"]


# Preview ------------------------------------------------------------------------------------


def test_change_form_shows_the_saved_rendered_body_and_view_on_site(editor_client):
    article = make_article(status=Status.DRAFT, body="## Myelin\n\nText.")

    page = editor_client.get(reverse("admin:learn_article_change", args=[article.pk]))

    content = page.content.decode()
    assert '<h2 id="myelin">Myelin</h2>' in content
    assert f'href="{article.get_absolute_url()}"' in content
    assert f'data-preview-url="{PREVIEW_URL}"' in content


def test_live_preview_returns_sanitised_html(editor_client):
    source = "## Heading\n\nText[^1] <script>alert(1)</script> [x](javascript:alert(1))"

    response = editor_client.post(PREVIEW_URL, {"source": source})

    assert response.status_code == 200
    html = response.json()["html"]
    assert '<h2 id="heading">Heading</h2>' in html
    assert 'href="#source-1"' in html
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_live_preview_refuses_long_text(editor_client):
    response = editor_client.post(PREVIEW_URL, {"source": "a" * (PREVIEW_MAX_BYTES + 1)})

    assert response.status_code == 413
    assert "too long to preview" in response.json()["error"]


def test_live_preview_needs_post_and_csrf(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.get(PREVIEW_URL).status_code == 405
    assert client.post(PREVIEW_URL, {"source": "x"}).status_code == 403


def test_live_preview_turns_away_non_staff_and_staff_without_permission(client):
    client.force_login(make_user())
    response = client.post(PREVIEW_URL, {"source": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.post(PREVIEW_URL, {"source": "x"}).status_code == 403


def test_faq_answer_has_its_own_preview(editor_client):
    response = editor_client.post(reverse("admin:learn_faq_preview"), {"source": "*Yes*"})

    assert response.json()["html"] == "<p><em>Yes</em></p>\n"


# Changelists --------------------------------------------------------------------------------


def test_review_due_filter(editor_client):
    today = timezone.localdate()
    overdue = make_article(
        title="Overdue one",
        last_reviewed_on=today - datetime.timedelta(days=400),
        next_review_on=today - datetime.timedelta(days=1),
    )
    soon = make_article(title="Soon one", next_review_on=today + datetime.timedelta(days=10))
    later = make_article(title="Later one", next_review_on=today + datetime.timedelta(days=90))

    def titles(value):
        response = editor_client.get(CHANGELIST_URL, {"review": value})
        return {a.title for a in response.context["cl"].result_list}

    assert titles("overdue") == {overdue.title}
    assert titles("soon") == {soon.title}
    assert titles("not_due") == {later.title}
    assert "(overdue)" in editor_client.get(CHANGELIST_URL).content.decode()


def test_changelist_search_looks_in_the_body(editor_client):
    make_article(title="Gut microbes", body="Short-chain fatty acids come from fibre.")
    make_article(title="Other")

    response = editor_client.get(CHANGELIST_URL, {"q": "fatty"})

    assert [a.title for a in response.context["cl"].result_list] == ["Gut microbes"]


def test_changelist_queries_do_not_grow_with_lessons(editor_client, django_assert_max_num_queries):
    module = make_module()
    for _ in range(3):
        make_article(module=module)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(CHANGELIST_URL)
    for _ in range(12):
        make_article(module=module)

    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(CHANGELIST_URL)

    assert len(response.context["cl"].result_list) == 15


def test_module_and_faq_pages_queries_do_not_grow(editor_client, django_assert_max_num_queries):
    module, topic = make_module(), make_topic()
    module_url = reverse("admin:learn_module_change", args=[module.pk])
    faq_url = reverse("admin:learn_faq_changelist")

    def add_items(n):
        for _ in range(n):
            make_article(module=module)
            make_faq(topic=topic)

    add_items(2)
    with CaptureQueriesContext(connection) as module_few:
        editor_client.get(module_url)
    with CaptureQueriesContext(connection) as faq_few:
        editor_client.get(faq_url)
    add_items(10)

    with django_assert_max_num_queries(len(module_few)):
        assert editor_client.get(module_url).status_code == 200
    with django_assert_max_num_queries(len(faq_few)):
        assert editor_client.get(faq_url).status_code == 200


def test_lessons_are_reordered_from_the_changelist(editor_client):
    module = make_module()
    first = make_article(module=module, position=1)
    second = make_article(module=module, position=2)
    page = editor_client.get(CHANGELIST_URL, {"module__id__exact": module.pk})
    data = form_data(page, "changelist-form", _save="Save")
    order = {data[f"form-{i}-id"][0]: f"form-{i}-position" for i in range(2)}
    data[order[str(first.pk)]] = ["2"]
    data[order[str(second.pk)]] = ["1"]

    response = editor_client.post(f"{CHANGELIST_URL}?module__id__exact={module.pk}", data)

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)


def test_reordering_an_unreviewed_published_lesson_explains_instead_of_crashing(editor_client):
    # Made outside the admin (shell, API): published without a reviewer.
    article = make_article(medical_reviewer=None, position=1)
    page = editor_client.get(CHANGELIST_URL)
    data = form_data(page, "changelist-form", _save="Save", **{"form-0-position": 5})

    response = editor_client.post(CHANGELIST_URL, data)

    assert response.status_code == 200
    assert "Medical reviewer: A published lesson needs this." in response.content.decode()
    article.refresh_from_db()
    assert article.position == 1


def test_module_page_reorders_its_lessons(editor_client):
    module = make_module()
    first = make_article(module=module, position=1)
    second = make_article(module=module, position=2)
    url = reverse("admin:learn_module_change", args=[module.pk])
    data = form_data(editor_client.get(url), "module_form")
    order = {data[f"articles-{i}-id"][0]: f"articles-{i}-position" for i in range(2)}
    data[order[str(first.pk)]] = ["2"]
    data[order[str(second.pk)]] = ["1"]

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert list(module.articles.order_by("position")) == [second, first]


def test_faqs_are_reordered_from_the_changelist(editor_client):
    topic = make_topic()
    first, second = make_faq(topic=topic, position=1), make_faq(topic=topic, position=2)
    url = reverse("admin:learn_faq_changelist")
    data = form_data(editor_client.get(url), "changelist-form", _save="Save")
    order = {data[f"form-{i}-id"][0]: f"form-{i}-position" for i in range(2)}
    data[order[str(first.pk)]] = ["3"]

    assert editor_client.post(url, data).status_code == 302
    assert list(FAQ.objects.filter(topic=topic)) == [second, first]


# Actions and other admins -------------------------------------------------------------------


def test_publish_action_publishes_reviewed_lessons_only(editor_client):
    ready = make_article(status=Status.DRAFT, title="Ready")
    unreviewed = make_article(status=Status.DRAFT, medical_reviewer=None, title="Unreviewed")

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish_selected", "_selected_action": [ready.pk, unreviewed.pk]},
        follow=True,
    )

    content = response.content.decode()
    assert "“Ready” is now “Published”." in content
    assert "“Unreviewed” was not moved to “Published”. Medical reviewer: A published" in content
    ready.refresh_from_db()
    unreviewed.refresh_from_db()
    assert (ready.status, unreviewed.status) == (Status.PUBLISHED, Status.DRAFT)


def test_contributor_form_does_not_list_accounts_to_editors(editor_client):
    make_user(username="private-learner")
    contributor = make_contributor()

    page = editor_client.get(reverse("admin:learn_contributor_change", args=[contributor.pk]))

    assert page.status_code == 200
    assert "private-learner" not in page.content.decode()


def test_reference_autocomplete_finds_references_by_title(editor_client):
    make_reference(title="Kouchaki probiotic trial")
    make_reference(title="Something else")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "kouchaki",
            "app_label": "learn",
            "model_name": "citation",
            "field_name": "reference",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Kouchaki probiotic trial (2020)"]


@pytest.mark.parametrize(
    "name",
    ["topic", "contributor", "module", "article", "faq", "referencelink"],
)
def test_every_content_add_form_opens_for_editors(editor_client, name):
    assert editor_client.get(reverse(f"admin:learn_{name}_add")).status_code == 200
