"""The reference library (studies, reviews, guidelines) and the numbered sources of lessons.

Part of the learn app's models (learn/models.py imports them at its end). Relations to
lessons use the "learn.Article" label, so this module needs nothing from learn.models.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceKind(models.TextChoices):
    STUDY = "study", _("Study")
    REVIEW = "review", _("Review")
    GUIDELINE = "guideline", _("Guideline or consensus")
    ORGANISATION = "organisation", _("Patient organisation")
    REGISTRY = "registry", _("Trial registry")
    DATABASE = "database", _("Research database")
    WEBSITE = "website", _("Information website")


class ReferenceLink(models.Model):
    """A source in the reference library. References are public once saved."""

    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("key"), max_length=120, unique=True)
    url = models.URLField(_("address"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=ReferenceKind.choices)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    publisher = models.CharField(
        _("publisher or journal"),
        max_length=200,
        blank=True,
        help_text=_("For a study: the journal, volume and pages."),
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    pmid = models.CharField(_("PubMed ID"), max_length=20, blank=True)
    summary = models.TextField(_("what it is"), blank=True)
    is_commercial = models.BooleanField(
        _("commercial source"),
        default=False,
        help_text=_("Tick for companies that sell products or services. Readers see a label."),
    )
    topics = models.ManyToManyField(
        "learn.Topic", blank=True, related_name="references", verbose_name=_("topics")
    )
    last_checked_at = models.DateTimeField(
        _("link last checked"), null=True, blank=True, editable=False
    )
    last_status = models.PositiveIntegerField(
        _("last HTTP status"), null=True, blank=True, editable=False
    )
    last_final_url = models.URLField(_("redirects to"), max_length=500, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Filled by a PostgreSQL trigger (learn/migrations/0004_search_vectors.py); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def link_state(self):
        """How the last link check went: "ok", "redirected", "broken" or "unchecked".

        Only a 2xx answer without an error counts as working; learn.linkcheck.LINK_STATES
        is the same rule as database filters.
        """
        if self.last_checked_at is None:
            return "unchecked"
        if self.last_error or self.last_status is None or not 200 <= self.last_status < 300:
            return "broken"
        return "redirected" if self.last_final_url else "ok"


class Citation(models.Model):
    """An article's numbered source: position N is what [^N] in the body points to."""

    article = models.ForeignKey("learn.Article", on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(ReferenceLink, on_delete=models.PROTECT, related_name="citations")
    position = models.PositiveIntegerField(_("number"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="citation_unique_position"
            ),
            models.UniqueConstraint(
                fields=["article", "reference"], name="citation_unique_reference"
            ),
        ]

    def __str__(self):
        return f"[{self.position}] {self.reference}"
