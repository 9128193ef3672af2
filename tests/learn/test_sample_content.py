import datetime
import io
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from learn.models import (
    FAQ,
    Article,
    Citation,
    Contributor,
    EvidenceLevel,
    Module,
    ReferenceLink,
    Topic,
)
from learn.sample_files import DEFAULT_PATH, read_sample_content
from publishing.models import Status

pytestmark = pytest.mark.django_db

SITE = """
[[topics]]
slug = "ms-basics"
name = "MS basics"
description = "What MS is."

[[topics]]
slug = "probiotics"
name = "Probiotics"

[[contributors]]
slug = "writer"
name = "A writer"
qualifications = "Writer"
conflicts_of_interest = "None declared."
conflicts_declared_on = 2026-11-01

[[contributors]]
slug = "reviewer"
name = "A reviewer"
conflicts_of_interest = "None declared."
conflicts_declared_on = 2026-11-01

[[modules]]
slug = "understanding-ms"
title = "Understanding MS"
summary = "What MS is."
position = 1

[[references]]
slug = "nmss"
title = "National MS Society"
url = "https://www.nationalmssociety.org/"
kind = "organisation"
topics = ["ms-basics"]

[[references]]
slug = "kouchaki-2017"
title = "A probiotic trial"
url = "https://pubmed.ncbi.nlm.nih.gov/27669638/"
kind = "study"
year = 2017
pmid = "27669638"
is_commercial = false
topics = ["probiotics", "ms-basics"]
"""

FRONT_MATTER = {
    "title": '"What is MS?"',
    "slug": '"what-is-ms"',
    "summary": '"MS in plain words."',
    "evidence_level": '"established"',
    "topics": '["ms-basics"]',
    "sources": '["kouchaki-2017", "nmss"]',
    "author": '"writer"',
    "reviewer": '"reviewer"',
}

FAQS = """
[[faqs]]
slug = "can-probiotics-cure-ms"
topic = "probiotics"
question = "Can probiotics cure MS?"
answer = "No. See the lesson.[^1]"
related_lessons = ["what-is-ms"]
sources = ["kouchaki-2017"]
"""


def lesson(body="MS affects the nerves.[^1] It varies.[^2]", **changes):
    fields = FRONT_MATTER | changes
    lines = [f"{key} = {value}" for key, value in fields.items() if value is not None]
    return "+++\n" + "\n".join(lines) + "\n+++\n\n" + body + "\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "site.toml").write_text(SITE)
    lessons = tmp_path / "lessons" / "understanding-ms"
    lessons.mkdir(parents=True)
    (lessons / "01-what-is-ms.md").write_text(lesson())
    (lessons / "02-symptoms.md").write_text(
        lesson(
            "Fatigue is common.", title='"Symptoms"', slug='"symptoms"', sources="[]", topics=None
        )
    )
    (tmp_path / "faqs.toml").write_text(FAQS)
    return tmp_path


def load(path):
    out = io.StringIO()
    call_command("load_sample_content", path=path, no_quizzes=True, stdout=out)
    return out.getvalue()


def counts():
    models = [Topic, Contributor, Module, ReferenceLink, Article, Citation, FAQ]
    return {model.__name__: model.objects.count() for model in models}


def test_load_creates_published_reviewed_lessons_with_ordered_sources(folder):
    output = load(folder)

    assert "Lessons: 2 created, 0 already present." in output
    assert counts() == {
        "Topic": 2,
        "Contributor": 2,
        "Module": 1,
        "ReferenceLink": 2,
        "Article": 2,
        "Citation": 2,
        "FAQ": 1,
    }
    article = Article.objects.get(slug="what-is-ms")
    today = timezone.localdate()
    assert article.module.slug == "understanding-ms"
    assert article.position == 1
    assert article.status == Status.PUBLISHED
    assert article.is_public()
    assert article.evidence_level == EvidenceLevel.ESTABLISHED
    assert article.last_reviewed_on == today
    assert article.next_review_on == today + datetime.timedelta(days=365)
    assert (article.author.slug, article.medical_reviewer.slug) == ("writer", "reviewer")
    assert [c.reference.slug for c in article.citations.order_by("position")] == [
        "kouchaki-2017",
        "nmss",
    ]
    assert list(article.topics.values_list("slug", flat=True)) == ["ms-basics"]
    assert article.body == "MS affects the nerves.[^1] It varies.[^2]\n"
    assert 'href="#source-2"' in article.body_html
    assert Article.objects.get(slug="symptoms").position == 2


def test_load_reads_the_month_the_evidence_was_checked_and_leaves_it_empty_when_missing(folder):
    (folder / "lessons" / "understanding-ms" / "01-what-is-ms.md").write_text(
        lesson(evidence_as_of='"2026-11"')
    )

    load(folder)

    assert Article.objects.get(slug="what-is-ms").evidence_as_of == datetime.date(2026, 11, 1)
    assert Article.objects.get(slug="symptoms").evidence_as_of is None


def test_every_sample_lesson_says_when_its_evidence_was_checked():
    lessons = read_sample_content(DEFAULT_PATH).items["lessons"]

    assert lessons
    assert [item.source for item in lessons if "evidence_as_of" not in item.data] == []


def test_load_fills_site_items_and_faqs(folder):
    load(folder)

    reviewer = Contributor.objects.get(slug="writer")
    assert reviewer.conflicts_declared_on == datetime.date(2026, 11, 1)
    trial = ReferenceLink.objects.get(slug="kouchaki-2017")
    assert (trial.year, trial.pmid, trial.is_commercial) == (2017, "27669638", False)
    assert set(trial.topics.values_list("slug", flat=True)) == {"probiotics", "ms-basics"}
    assert Module.objects.published().get().slug == "understanding-ms"
    faq = FAQ.objects.get()
    assert faq.topic.slug == "probiotics"
    assert faq.is_public()
    assert list(faq.related_articles.values_list("slug", flat=True)) == ["what-is-ms"]
    assert list(faq.references.values_list("slug", flat=True)) == ["kouchaki-2017"]


def test_second_load_changes_nothing(folder):
    load(folder)
    before = counts()
    stamps = {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in (Module, Article, FAQ, ReferenceLink)
    }

    output = load(folder)

    assert "Lessons: 0 created, 2 already present." in output
    assert "Topics: 0 created, 2 already present." in output
    assert counts() == before
    assert stamps == {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in (Module, Article, FAQ, ReferenceLink)
    }


def test_load_never_overwrites_an_editors_changes(folder):
    load(folder)
    article = Article.objects.get(slug="what-is-ms")
    article.title = "Edited by an editor"
    article.status = Status.DRAFT
    article.save()
    article.citations.filter(position=2).delete()
    Topic.objects.filter(slug="probiotics").update(name="Renamed")

    load(folder)

    article.refresh_from_db()
    assert article.title == "Edited by an editor"
    assert article.status == Status.DRAFT
    assert article.citations.count() == 1
    assert Topic.objects.get(slug="probiotics").name == "Renamed"


def test_load_adds_only_what_is_missing(folder):
    load(folder)
    (folder / "lessons" / "understanding-ms" / "03-treatment.md").write_text(
        lesson("Treatment helps.", title='"Treatment"', slug='"treatment"', sources="[]")
    )

    output = load(folder)

    assert "Lessons: 1 created, 2 already present." in output
    assert Article.objects.get(slug="treatment").position == 3


@pytest.mark.parametrize(
    ("file_name", "content", "problem"),
    [
        (
            "01-what-is-ms.md",
            lesson(topics='["no-such-topic"]'),
            "lessons/understanding-ms/01-what-is-ms.md: there is no topic with the slug "
            "'no-such-topic'.",
        ),
        (
            "01-what-is-ms.md",
            lesson(evidence_level='"proven"'),
            "evidence_level 'proven' is not one of established, emerging",
        ),
        (
            "01-what-is-ms.md",
            lesson(reviewer=None),
            "lessons/understanding-ms/01-what-is-ms.md: the field 'reviewer' is missing.",
        ),
        ("01-what-is-ms.md", lesson(sources='["nmss"]'), "the body cites [^2] but 'sources'"),
        ("01-what-is-ms.md", lesson(reviwer='"x"'), "unknown field 'reviwer'"),
        (
            "01-what-is-ms.md",
            lesson(evidence_as_of='"November 2026"'),
            "'evidence_as_of' must be a month written as a quoted YYYY-MM",
        ),
        ("01-what-is-ms.md", lesson(evidence_as_of='"2026-13"'), "'evidence_as_of' must be"),
        ("01-what-is-ms.md", lesson(slug='"other"'), "the file name says 'what-is-ms'"),
        ("01-what-is-ms.md", "No front matter.", "front matter between +++ lines"),
        ("01-what-is-ms.md", "+++\ntitle = \n+++\nBody", "front matter is not valid TOML"),
        ("what-is-ms.md", lesson(), "lessons go in lessons/<module-slug>/<NN>-<lesson-slug>.md"),
    ],
)
def test_bad_lesson_file_is_named_and_nothing_is_loaded(folder, file_name, content, problem):
    lessons = folder / "lessons" / "understanding-ms"
    (lessons / "01-what-is-ms.md").unlink()
    (lessons / file_name).write_text(content)

    with pytest.raises(CommandError) as error:
        load(folder)

    assert problem in str(error.value)
    assert "nothing was loaded" in str(error.value)
    assert set(counts().values()) == {0}


def test_unknown_module_folder_is_reported(folder):
    other = folder / "lessons" / "no-such-module"
    other.mkdir()
    (other / "01-x.md").write_text(lesson(slug='"x"'))

    with pytest.raises(CommandError, match="there is no module with the slug 'no-such-module'"):
        load(folder)


def test_bad_faq_and_site_entries_are_reported_together(folder):
    (folder / "faqs.toml").write_text(FAQS.replace('"probiotics"', '"nowhere"'))
    (folder / "site.toml").write_text(SITE.replace('kind = "study"', 'kind = "blog"'))

    with pytest.raises(CommandError) as error:
        load(folder)

    message = str(error.value)
    assert "faqs.toml, faqs entry 1 ('can-probiotics-cure-ms'): there is no topic" in message
    assert "site.toml, references entry 2 ('kouchaki-2017'): kind 'blog' is not one of" in message


def test_unknown_section_is_reported(folder):
    (folder / "faqs.toml").write_text(FAQS.replace("[[faqs]]", "[[faq]]"))

    with pytest.raises(CommandError, match="faqs.toml: unknown section 'faq'"):
        load(folder)


def test_model_validation_problem_names_the_item_and_rolls_back(folder):
    (folder / "site.toml").write_text(SITE.replace("https://www.nationalmssociety.org/", "nope"))

    with pytest.raises(
        CommandError, match=r"references entry 1 \('nmss'\): url: Enter a valid URL"
    ):
        load(folder)

    assert set(counts().values()) == {0}


def test_slugs_already_in_the_database_can_be_referenced(folder):
    Topic.objects.create(name="Safety", slug="safety")
    (folder / "lessons" / "understanding-ms" / "01-what-is-ms.md").write_text(
        lesson(topics='["safety", "ms-basics"]')
    )

    load(folder)

    assert set(Article.objects.get(slug="what-is-ms").topics.values_list("slug", flat=True)) == {
        "safety",
        "ms-basics",
    }


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        load(tmp_path / "nowhere")


def test_the_projects_own_sample_content_is_valid_and_loads_twice():
    assert read_sample_content(DEFAULT_PATH).problems == []

    call_command("load_sample_content", stdout=io.StringIO())
    before = counts()
    output = io.StringIO()
    call_command("load_sample_content", stdout=output)

    assert before["Module"] >= 4
    assert counts() == before
    assert "Modules: 0 created" in output.getvalue()


def test_lesson_file_format_in_the_readme_loads(tmp_path):
    """The example in learn/sample_content/README.md is a lesson the loader accepts."""
    readme = (DEFAULT_PATH / "README.md").read_text()
    example = readme.split("```\n", 2)[1].split("```")[0]
    (tmp_path / "site.toml").write_text(
        textwrap.dedent("""
        [[topics]]
        slug = "ms-basics"
        name = "MS basics"
        [[contributors]]
        slug = "editorial-team"
        name = "Team"
        [[contributors]]
        slug = "sample-reviewer"
        name = "Reviewer"
        conflicts_of_interest = "None declared."
        conflicts_declared_on = 2026-11-01
        [[modules]]
        slug = "understanding-ms"
        title = "Understanding MS"
        summary = "S."
        [[references]]
        slug = "nmss"
        title = "NMSS"
        url = "https://www.nationalmssociety.org/"
        kind = "organisation"
        [[references]]
        slug = "pubmed"
        title = "PubMed"
        url = "https://pubmed.ncbi.nlm.nih.gov/"
        kind = "database"
        """)
    )
    lessons = tmp_path / "lessons" / "understanding-ms"
    lessons.mkdir(parents=True)
    (lessons / "01-what-is-ms.md").write_text(example)

    load(tmp_path)

    article = Article.objects.get(slug="what-is-ms")
    assert article.citations.count() == 2
    assert article.evidence_as_of == datetime.date(2026, 11, 1)
