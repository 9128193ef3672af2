"""What the public may read, and each learner's reading progress.

Reads take an ``owner`` filter from ``core.visitors.owner_filter`` (an account or an
anonymous visitor id; None when the visitor owns nothing yet), so every page asks the same
fixed number of queries however many modules, lessons or progress rows there are.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.visitors import owned_by
from learn.models import (
    Article,
    Contributor,
    LessonProgress,
    Module,
)
from publishing.models import ReviewApproval, Status

# The approver's contributor profile, as readers see it on a lesson page.
APPROVER_FIELDS = (
    "name",
    "qualifications",
    "role",
    "conflicts_of_interest",
    "conflicts_declared_on",
)


def published_lessons(now=None, *, any_locale=False) -> QuerySet[Article]:
    """Lessons the public may read: published themselves, in a published module. The
    sources, or with `any_locale` their published translations too (a translation stays
    in its source's module)."""
    now = now or timezone.now()
    lessons = Article.objects.all()
    lessons = lessons.published_any_locale(now) if any_locale else lessons.published(now)
    return lessons.filter(module__in=Module.objects.published(now))


def with_approver(lessons: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate each lesson with its latest medical-review approval and the approver's
    contributor profile, in the same query (a lesson page's query budget does not grow)."""
    latest = ReviewApproval.objects.filter(
        content_type__app_label=Article._meta.app_label,
        content_type__model=Article._meta.model_name,
        object_id=OuterRef("pk"),
    ).order_by("-approved_at", "-pk")
    profile = Contributor.objects.filter(user_id=OuterRef("approver_user_id"))
    return lessons.annotate(
        approver_user_id=Subquery(latest.values("approved_by_id")[:1]),
        approved_at=Subquery(latest.values("approved_at")[:1]),
        **{f"approver_{name}": Subquery(profile.values(name)[:1]) for name in APPROVER_FIELDS},
    )


def approving_reviewer(lesson) -> Contributor | None:
    """The approver of a lesson annotated by `with_approver`, as an (unsaved) Contributor to
    show; None when nobody approved it yet (legacy and sample content name their
    `medical_reviewer` instead)."""
    if getattr(lesson, "approver_name", None) is None:
        return None
    return Contributor(**{name: getattr(lesson, f"approver_{name}") for name in APPROVER_FIELDS})


def can_preview(user) -> bool:
    """Editors (staff who may view lessons in the admin) may see unpublished content."""
    return user.is_active and user.is_staff and user.has_perm("learn.view_article")


def unpublished_reason(item, now=None) -> str:
    """Why a module or lesson is hidden from the public, in words an editor understands."""
    now = now or timezone.now()
    if item.status != Status.PUBLISHED:
        return _("Its status is “%(status)s”.") % {"status": item.get_status_display()}
    if item.publish_at > now:
        return _("It is scheduled to appear on %(date)s.") % {
            "date": formats.date_format(timezone.localtime(item.publish_at), "DATETIME_FORMAT")
        }
    if item.expires_at and item.expires_at <= now:
        return _("It expired on %(date)s.") % {
            "date": formats.date_format(timezone.localtime(item.expires_at), "DATETIME_FORMAT")
        }
    if isinstance(item, Article) and not item.module.is_public(now):
        return _("Its module “%(module)s” is not published.") % {"module": item.module.title}
    return ""


def done_lesson_ids(
    *, owner: dict | None, module: Module | None = None, lessons: list[int] | None = None
) -> set[int]:
    """Ids of the lessons this learner has marked as done (in ``module``, or among the lesson
    ids in ``lessons``, if given)."""
    if owner is None:
        return set()
    if lessons is not None:
        return _done_among(owner, lessons)
    progress = LessonProgress.objects.filter(**owner)
    if module is not None:
        progress = progress.filter(article__module=module)
    return set(progress.values_list("article_id", flat=True))


# The SQL of `_done_among` per kind of owner and number of lessons, compiled once per process.
_DONE_AMONG: dict[tuple[bool, int], tuple[str, list]] = {}


def _done_among(owner, lessons):
    """`done_lesson_ids` among `lessons`, asked on every lesson page: the ORM's own SQL for
    it is compiled once per shape and run with this learner's values (building the query
    cost three times as much as running it)."""
    if not lessons:
        return set()
    visitor = owner["user"] is None
    shape = (visitor, len(lessons))
    compiled = _DONE_AMONG.get(shape)
    if compiled is None:
        compiled = _DONE_AMONG[shape] = _compile_done_among(visitor, len(lessons))
    sql, slots = compiled
    values = {"owner": owner["visitor_id"] if visitor else owner["user"].pk}
    values.update(enumerate(lessons))
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[slot] for slot in slots])
        return {row[0] for row in cursor.fetchall()}


def _compile_done_among(visitor, count):
    """(SQL, which value goes in each parameter): the query made with stand-in values that no
    row has, each parameter then named by the stand-in found in it."""
    owner = "\x00visitor" if visitor else -1
    stand_ins = {owner: "owner", **{-2 - i: i for i in range(count)}}
    who = owned_by(visitor_id=owner) if visitor else owned_by(user=get_user_model()(pk=owner))
    progress = LessonProgress.objects.filter(**who, article_id__in=list(stand_ins)[1:])
    sql, params = progress.values_list("article_id", flat=True).query.sql_with_params()
    return sql, [stand_ins[param] for param in params]


def published_modules(now=None):
    """Published modules in order, each annotated with ``lesson_count`` (one query)."""
    now = now or timezone.now()
    lesson_counts = (
        Article.objects.published(now)
        .filter(module=OuterRef("pk"))
        .order_by()
        .values("module")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Module.objects.published(now).annotate(
        lesson_count=Coalesce(Subquery(lesson_counts, output_field=IntegerField()), 0)
    )


def modules_with_progress(*, owner: dict | None, modules=None) -> list[Module]:
    """`modules` (default: every published module), each with ``lesson_count`` and ``done_count``.

    Two queries whatever the number of modules: one for the modules with a counting
    subquery of their published lessons, one for this learner's done lessons in them. Pass a
    slice or a page of `published_modules()` to show part of the list.
    """
    now = timezone.now()
    modules = list(published_modules(now) if modules is None else modules)
    done_by_module = {}
    if owner is not None and modules:
        done_by_module = dict(
            LessonProgress.objects.filter(
                **owner,
                article__in=published_lessons(now)
                .filter(module__in=[module.pk for module in modules])
                .values("pk"),
            )
            .order_by()
            .values("article__module")
            .annotate(n=Count("pk"))
            .values_list("article__module", "n")
        )
    for module in modules:
        module.done_count = done_by_module.get(module.pk, 0)
    return modules


def continue_lesson(*, owner: dict | None) -> tuple[Article | None, bool]:
    """The lesson to carry on with, and whether the learner has started at all.

    That is the first not-done lesson of the module the learner last marked a lesson in,
    or else the first not-done lesson in module order. (None, True) means all done.
    """
    now = timezone.now()
    lessons = published_lessons(now).select_related("module").defer("body", "body_html")
    last_module_id = None
    if owner is not None:
        progress = LessonProgress.objects.filter(**owner)
        last_module_id = (
            progress.filter(article__in=published_lessons(now).values("pk"))
            .order_by("-completed_at", "-pk")
            .values_list("article__module_id", flat=True)
            .first()
        )
        lessons = lessons.exclude(pk__in=progress.values("article_id"))
    order = ["module__position", "module__title", "module_id", "position", "pk"]
    if last_module_id is not None:
        order.insert(
            0,
            Case(
                When(module_id=last_module_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
    return lessons.order_by(*order).first(), last_module_id is not None


def _owner_kwargs(user, visitor_id: str) -> dict:
    if lookup := owned_by(user=user, visitor_id=visitor_id):
        return lookup
    raise ValidationError(_("We could not tell whose progress this is."))


@transaction.atomic
def lesson_mark_done(*, article: Article, user=None, visitor_id: str = "") -> LessonProgress:
    """Record that a learner finished a published lesson. Marking twice keeps one row.

    get_or_create retries the read when a parallel request (a double click) wins the race
    for the unique constraint, so the second request neither fails nor adds a row.
    """
    if not article.is_public() or not article.module.is_public():
        raise ValidationError(_("Only published lessons can be marked as done."))
    progress, _created = LessonProgress.objects.get_or_create(
        article=article, **_owner_kwargs(user, visitor_id)
    )
    return progress


@transaction.atomic
def lesson_mark_not_done(*, article: Article, user=None, visitor_id: str = "") -> int:
    """Forget that a learner finished a lesson; returns how many rows went (0 or 1)."""
    deleted, _by_model = LessonProgress.objects.filter(
        article=article, **_owner_kwargs(user, visitor_id)
    ).delete()
    return deleted
