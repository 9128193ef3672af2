"""Load the sample learning content (learn/sample_content/) into the database.

Items are matched by slug: a missing one is created, an existing one is left exactly as it
is, so the load can run on every start and never overwrites an editor's later edits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from learn.models import (
    FAQ,
    Article,
    Citation,
    Contributor,
    Module,
    ReferenceLink,
    Topic,
)
from learn.sample_files import DEFAULT_PATH, SCHEMAS, SampleContentError, read_sample_content
from learn.sample_objectives import load_sample_objectives
from publishing.models import Status

__all__ = ["DEFAULT_PATH", "SampleContentError", "load_sample_content"]

REVIEW_INTERVAL = datetime.timedelta(days=365)


def _fields(item, *names):
    return {name: item.data[name] for name in names if name in item.data}


def _by_slug(model, slugs):
    """Objects in the order of `slugs` (all known to exist: checked before loading)."""
    items = model.objects.filter(slug__in=slugs)
    if hasattr(items, "sources"):  # a translation shares its source's slug
        items = items.sources()
    found = {item.slug: item for item in items}
    return [found[slug] for slug in slugs]


def _build_topic(item, now):
    return Topic(**_fields(item, "slug", "name", "description"), position=item.position)


def _build_contributor(item, now):
    return Contributor(**_fields(item, "slug", "name", *SCHEMAS["contributors"][1]))


def _build_module(item, now):
    return Module(
        **_fields(item, "slug", "title", "summary"),
        position=item.position,
        status=Status.PUBLISHED,
        publish_at=now,
    )


def _build_reference(item, now):
    names = [name for name in sum(SCHEMAS["references"], ()) if name != "topics"]
    return ReferenceLink(**_fields(item, *names))


def _link_reference(reference, item):
    reference.topics.set(_by_slug(Topic, item.data.get("topics", [])))


def _month(text):
    """The first day of a "YYYY-MM" month (checked when the files were read), or None."""
    return datetime.date.fromisoformat(f"{text}-01") if text else None


def _build_lesson(item, now):
    today = timezone.localdate(now)
    people = Contributor.objects.in_bulk(
        [item.data["author"], item.data["reviewer"]], field_name="slug"
    )
    return Article(
        **_fields(item, "slug", "title", "summary", "evidence_level"),
        evidence_as_of=_month(item.data.get("evidence_as_of")),
        module=Module.objects.sources().get(slug=item.module),
        position=item.position,
        body=item.body,
        author=people[item.data["author"]],
        medical_reviewer=people[item.data["reviewer"]],
        status=Status.PUBLISHED,
        publish_at=now,
        last_reviewed_on=today,
        next_review_on=today + REVIEW_INTERVAL,
    )


def _link_lesson(article, item):
    article.topics.set(_by_slug(Topic, item.data.get("topics", [])))
    sources = _by_slug(ReferenceLink, item.data.get("sources", []))
    Citation.objects.bulk_create(
        Citation(article=article, reference=reference, position=number)
        for number, reference in enumerate(sources, start=1)
    )


def _build_faq(item, now):
    return FAQ(
        **_fields(item, "slug", "question", "answer"),
        topic=Topic.objects.get(slug=item.data["topic"]),
        position=item.position,
        status=Status.PUBLISHED,
        publish_at=now,
    )


def _link_faq(faq, item):
    faq.related_articles.set(_by_slug(Article, item.data.get("related_lessons", [])))
    faq.references.set(_by_slug(ReferenceLink, item.data.get("sources", [])))


# In dependency order: each kind may point to the kinds above it.
# kind, model, build (an unsaved object), link (relations, once it is saved).
STEPS = [
    ("topics", Topic, _build_topic, None),
    ("contributors", Contributor, _build_contributor, None),
    ("modules", Module, _build_module, None),
    ("references", ReferenceLink, _build_reference, _link_reference),
    ("lessons", Article, _build_lesson, _link_lesson),
    ("faqs", FAQ, _build_faq, _link_faq),
]


@transaction.atomic
def load_sample_content(*, path=DEFAULT_PATH, now=None):
    """Create the sample items that do not exist yet; return {kind: (created, already present)}.

    Raises SampleContentError, having written nothing, when a file has a problem.
    """
    content = read_sample_content(path)
    if content.problems:
        raise SampleContentError(content.problems)
    now = now or timezone.now()
    summary = {}
    for kind, model, build, link in STEPS:
        items = content.items[kind]
        existing = set(
            model.objects.filter(slug__in=content.slugs(kind)).values_list("slug", flat=True)
        )
        created = 0
        for item in items:
            if item.data["slug"] in existing:
                continue  # Never touch what is there: an editor may have changed it.
            obj = build(item, now)
            try:
                obj.full_clean()
            except ValidationError as error:
                raise SampleContentError(
                    [
                        f"{item.source}: {name}: {' '.join(messages)}"
                        for name, messages in error.message_dict.items()
                    ]
                ) from error
            obj.save()
            if link:
                link(obj, item)
            created += 1
        summary[kind] = (created, len(items) - created)
    summary["objectives"], problems = load_sample_objectives(path)
    if problems:
        raise SampleContentError(problems)
    return summary
