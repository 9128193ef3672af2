"""Learning content: topics, modules, lessons (articles), FAQs and the reference library."""

from datetime import timedelta

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from learn.contributors import ApprovedByContributor, Contributor
from learn.writing_aids import reading_grade
from publishing.models import (
    Publishable,
    PublishableQuerySet,
    Status,
    translation_constraints,
)
from publishing.rendering import reading_stats, render_markdown
from publishing.translations import reverse_in_own_language


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Module(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    summary = models.TextField(_("summary"), help_text=_("One or two plain sentences."))
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = translation_constraints("learn_module", "slug")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_in_own_language(self, "learn:module-detail", [self.slug])

    def copy_related_for_translation(self, translation):
        """A translated module gets its own copy of each learning objective, tied to the
        source objective (tags and mastery stay on the source's)."""
        LearningObjective.objects.bulk_create(
            LearningObjective(
                module=translation,
                position=objective.position,
                code=objective.code,
                text=objective.text,
                source_objective=objective,
            )
            for objective in self.objectives.order_by("position", "pk")
        )

    def next_module(self, now=None):
        """The published module after this one in the modules list, or None after the last.

        The one rule for "what comes next" after a module's last lesson and after its quiz."""
        later = models.Q(position__gt=self.position) | models.Q(
            position=self.position, title__gt=self.title
        )
        return (
            Module.objects.published(now)
            .filter(later)
            .exclude(pk=self.pk)
            .order_by("position", "title")
            .only("slug", "title", "locale", "translation_key")  # and shown in any language
            .first()
        )


class EvidenceLevel(models.TextChoices):
    ESTABLISHED = "established", _("Established")
    EMERGING_HUMAN = "emerging", _("Emerging human evidence")
    EARLY_TRIALS = "early_trials", _("Early human trials")
    ANIMAL_LAB = "animal_lab", _("Animal and lab studies only")


EVIDENCE_EXPLANATIONS = {
    EvidenceLevel.ESTABLISHED: _(
        "Backed by many studies in people and accepted by medical guidelines."
    ),
    EvidenceLevel.EMERGING_HUMAN: _(
        "Several studies in people point the same way, but larger trials are still needed."
    ),
    EvidenceLevel.EARLY_TRIALS: _(
        "Based on a few small, short studies in people. Results are mixed and not yet confirmed."
    ),
    EvidenceLevel.ANIMAL_LAB: _(
        "Seen only in animals or in the lab. It may not work the same way in people."
    ),
}


REVIEW_DUE_SOON_DAYS = 30
REVIEW_MAX_YEARS = 3  # The longest a lesson may go between medical reviews.


def years_after(day, years):
    """The same date `years` later (28 February for a 29 February without a match)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class ArticleRevision(models.Model):
    """Extra columns of each lesson revision (django-simple-history's HistoricalArticle).

    `sources` is the numbered sources list as text, filled in after the sources are saved
    (learn.workflow.revision_record_sources), so a revision shows what it cited.
    """

    sources = models.TextField(_("sources at this revision"), blank=True)

    class Meta:
        abstract = True


class ArticleQuerySet(PublishableQuerySet):
    def review_overdue(self, today=None):
        """Lessons whose next medical review date has passed."""
        today = today or timezone.localdate()
        return self.filter(next_review_on__lt=today)

    def review_due_soon(self, today=None, days=REVIEW_DUE_SOON_DAYS):
        """Lessons due for medical review from today up to `days` days ahead."""
        today = today or timezone.localdate()
        return self.filter(
            next_review_on__gte=today, next_review_on__lte=today + timedelta(days=days)
        )

    def review_not_due(self, today=None, days=REVIEW_DUE_SOON_DAYS):
        """Lessons with a next review date more than `days` days away."""
        today = today or timezone.localdate()
        return self.filter(next_review_on__gt=today + timedelta(days=days))


class Article(ApprovedByContributor, Publishable):
    """A lesson: one page of a module, read in order."""

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="articles", verbose_name=_("module")
    )
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        help_text=_(
            "The last part of the lesson's web address. Unique across the site (a "
            "translation keeps its source's)."
        ),
    )
    summary = models.TextField(_("summary"), help_text=_("One or two plain sentences."))
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown. Cite a source with [^N], where N is the source's number in the "
            "sources list below. HTML is cleaned before it reaches the page."
        ),
    )
    body_html = models.TextField(_("rendered body"), blank=True, editable=False)
    word_count = models.PositiveIntegerField(_("words"), default=0, editable=False)
    reading_minutes = models.PositiveIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )
    reading_grade = models.FloatField(
        _("reading level (US school grade)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Flesch-Kincaid grade of the body. Aim for 8 or lower."),
    )
    author = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        related_name="authored_articles",
        null=True,
        blank=True,
        verbose_name=_("author"),
    )
    medical_reviewer = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        related_name="reviewed_articles",
        null=True,
        blank=True,
        verbose_name=_("medical reviewer"),
        help_text=_("Required before publishing."),
    )
    last_reviewed_on = models.DateField(
        _("last medically reviewed"),
        null=True,
        blank=True,
        help_text=_("Required before publishing."),
    )
    next_review_on = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_("Required before publishing. Must be after the last review."),
    )
    evidence_level = models.CharField(
        _("evidence level"),
        max_length=20,
        choices=EvidenceLevel.choices,
        help_text=_(
            "How strong the evidence behind this lesson's main claims is. Choose one: there "
            "is no default."
        ),
    )
    evidence_as_of = models.DateField(
        _("evidence as of"),
        null=True,
        blank=True,
        help_text=_(
            "The month an editor last checked the research behind this lesson. Readers see "
            "the month and year only; the day is ignored. Leave empty to show nothing."
        ),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name=_("topics")
    )
    references = models.ManyToManyField(
        "ReferenceLink",
        through="Citation",
        blank=True,
        related_name="articles",
        verbose_name=_("sources"),
    )
    # Filled by a PostgreSQL trigger (learn/migrations/0004_search_vectors.py); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()
    # The rendered body is derived, so revisions keep only the Markdown.
    history = HistoricalRecords(
        bases=[ArticleRevision], excluded_fields=["body_html", "search_vector"]
    )

    # Set by the admin form, whose sources formset counts the sources as submitted: in that
    # POST the saved sources are about to change, so counting them here would be wrong.
    sources_checked_by_form = False
    reviewed_fields = ("title", "summary", "body")  # Approved by a medical reviewer, + sources.

    class Meta:
        ordering = ["module__position", "position", "title"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [models.Index(fields=["module", "position"])]
        constraints = translation_constraints("learn_article", "slug")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered HTML and reading figures are stored so pages never re-render Markdown.
        self.body_html = render_markdown(self.body)
        self.word_count, self.reading_minutes = reading_stats(self.body)
        self.reading_grade = reading_grade(self.body)
        if self.evidence_as_of:  # A month: stored as its first day.
            self.evidence_as_of = self.evidence_as_of.replace(day=1)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_in_own_language(self, "learn:article-detail", [self.module.slug, self.slug])

    def copy_related_for_translation(self, translation):
        """A translated lesson cites the same sources, in the same order, under the same
        topics (it stays in the source's module)."""
        Citation.objects.bulk_create(
            Citation(
                article=translation,
                reference_id=citation.reference_id,
                position=citation.position,
                note=citation.note,
            )
            for citation in self.citations.order_by("position")
        )
        translation.topics.set(self.topics.all())

    @property
    def evidence_explanation(self):
        return EVIDENCE_EXPLANATIONS.get(self.evidence_level, "")

    @classmethod
    def reviewed_text_prefetches(cls) -> list:
        return [
            models.Prefetch(
                "citations",
                queryset=Citation.objects.select_related("reference").order_by("position"),
            )
        ]

    def reviewed_text(self) -> str:
        """Title, summary, body and the saved numbered sources: what the reviewer approved."""
        if "citations" in getattr(self, "_prefetched_objects_cache", {}):
            sources = self.citations.all()  # as reviewed_text_prefetches() loaded them
        else:
            sources = self.citations.select_related("reference").order_by("position")
        lines = [f"[{c.position}] {c.reference_id} {c.reference.url} {c.note}" for c in sources]
        return "\n".join([super().reviewed_text(), "sources:", *lines])

    def review_author_user_ids(self) -> set[int]:
        """The latest revision's editor and, if linked to an account, the named author."""
        ids = super().review_author_user_ids()
        if self.author_id and (user_id := self.author.user_id):
            ids.add(user_id)
        return ids

    def review_state(self, today=None):
        """'overdue', 'due_soon', 'not_due', or '' when no next review date is set."""
        if not self.next_review_on:
            return ""
        today = today or timezone.localdate()
        if self.next_review_on < today:
            return "overdue"
        if self.next_review_on <= today + timedelta(days=REVIEW_DUE_SOON_DAYS):
            return "due_soon"
        return "not_due"

    def clean(self):
        super().clean()
        errors = {}
        if self.last_reviewed_on and self.next_review_on:
            if self.next_review_on <= self.last_reviewed_on:
                errors["next_review_on"] = _("The next review must be after the last review.")
            elif self.next_review_on > years_after(self.last_reviewed_on, REVIEW_MAX_YEARS):
                errors["next_review_on"] = _(
                    "The next review must be at most %(years)d years after the last review."
                ) % {"years": REVIEW_MAX_YEARS}
        if self.status == Status.PUBLISHED:
            errors = self.publish_problems() | errors
        if errors:
            raise ValidationError(errors)

    def publish_problems(self):
        """{field: message} of what stops this lesson, as it is, from being published.

        Sources are counted in the database unless the admin form counts the submitted ones
        (`sources_checked_by_form`); an unsaved lesson has none yet (the sample loader adds
        them in the same transaction). The approval is publishing.workflow's check.
        """
        problems = {}
        required = {
            "medical_reviewer": self.medical_reviewer_id,
            "last_reviewed_on": self.last_reviewed_on,
            "next_review_on": self.next_review_on,
        }
        for field, value in required.items():
            if not value:
                problems[field] = _(
                    "A published lesson needs this. Fill it in or keep it as a draft."
                )
        reviewer = self.medical_reviewer if self.medical_reviewer_id else None
        if reviewer and not reviewer.has_dated_statement:
            problems["medical_reviewer"] = _(
                "%(name)s has no dated conflicts-of-interest statement. Add the statement "
                "and its date on their contributor page, then publish."
            ) % {"name": reviewer.name}
        if not self.sources_checked_by_form and self.pk and not self.citations.exists():
            problems[NON_FIELD_ERRORS] = _(
                "A published lesson needs at least one source. Add one in the sources list."
            )
        return problems


class FAQ(ApprovedByContributor, Publishable):
    question = models.CharField(_("question"), max_length=300)
    slug = models.SlugField(_("anchor"), max_length=120)
    answer = models.TextField(
        _("answer"), help_text=_("Markdown. HTML is cleaned before it reaches the page.")
    )
    answer_html = models.TextField(_("rendered answer"), blank=True, editable=False)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="faqs", verbose_name=_("topic")
    )
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    related_articles = models.ManyToManyField(
        Article, blank=True, related_name="faqs", verbose_name=_("related lessons")
    )
    references = models.ManyToManyField(
        "learn.ReferenceLink", blank=True, related_name="faqs", verbose_name=_("sources")
    )
    # Filled by a PostgreSQL trigger (learn/migrations/0004_search_vectors.py); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["answer_html", "search_vector"])

    reviewed_fields = ("question", "answer")  # Approved by a medical reviewer before publishing.

    class Meta:
        ordering = ["topic__position", "position", "question"]
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQs")
        constraints = translation_constraints("learn_faq", "slug")

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self.answer_html = render_markdown(self.answer)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_in_own_language(self, "learn:faq-detail", [self.slug])

    def copy_related_for_translation(self, translation):
        """A translated answer keeps its source's sources and related lessons (readers
        reach each lesson in their language from its source)."""
        translation.references.set(self.references.all())
        translation.related_articles.set(self.related_articles.all())


# The reference library and lessons' numbered sources, and the governance models (review
# records, update notes, flagged phrases), live in modules of their own; importing them here
# makes them part of the learn app.
from learn.governance import (  # noqa: E402, F401
    ArticleUpdateNote,
    FlaggedPhrase,
    ReviewRecord,
)
from learn.objectives import LearningObjective  # noqa: E402, F401
from learn.progress import LessonProgress  # noqa: E402, F401
from learn.references import Citation, ReferenceKind, ReferenceLink  # noqa: E402, F401
