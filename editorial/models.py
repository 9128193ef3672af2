"""Editorial governance, public side: site pages, readers' feedback and the glossary.

Site pages and glossary terms are published like lessons (learn.models.Publishable). Feedback
is written by readers without an account and holds no personal data: no address, no session,
and a user only when a signed-in reader asked to be contacted.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from publishing.models import Publishable, translation_constraints
from publishing.rendering import render_markdown
from publishing.translations import reverse_in_own_language

# Pages with their own short address (editorial/urls.py); any other slug lives at /pages/<slug>/.
NAMED_PAGES = {
    "about": "editorial:about",
    "editorial-policy": "editorial:editorial-policy",
    "privacy": "editorial:privacy",
    "contact": "editorial:contact",
}


class SitePage(Publishable):
    """A page about the site itself (about us, editorial policy, privacy, contact)."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "The page's web address. 'about', 'editorial-policy', 'privacy' and 'contact' have "
            "short addresses (/about/ …); any other page is at /pages/<slug>/."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One plain sentence. Search engines show it under the title."),
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown. HTML is cleaned before it reaches the page.")
    )
    body_html = models.TextField(_("rendered body"), blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        constraints = translation_constraints("editorial_sitepage", "slug")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug in NAMED_PAGES:
            return reverse_in_own_language(self, NAMED_PAGES[self.slug])
        return reverse_in_own_language(self, "editorial:page", [self.slug])


_VARIANT_SPLIT = re.compile(r"\s*,\s*")


class GlossaryTerm(Publishable):
    """A word readers may not know, explained in plain words.

    Lesson pages turn the first use of each published term into a definition readers can
    open (editorial.glossary), so a new term needs no lesson to be saved again.
    """

    term = models.CharField(_("term"), max_length=100, validators=[MinLengthValidator(2)])
    slug = models.SlugField(
        _("anchor"),
        max_length=100,
        help_text=_("The term's place on the glossary page: /glossary/#anchor."),
    )
    also_matches = models.CharField(
        _("also matches"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other forms of the word in lessons, separated by commas, for example "
            "'microglial, microglia cells'. Matching ignores upper and lower case."
        ),
    )
    short_definition = models.CharField(
        _("short definition"),
        max_length=300,
        help_text=_(
            "Plain text, one or two short sentences (at most 300 characters). Readers see it "
            "next to the word in lessons."
        ),
    )
    body = models.TextField(
        _("more detail"),
        blank=True,
        help_text=_("Optional. Markdown, shown on the glossary page under the definition."),
    )
    body_html = models.TextField(_("rendered detail"), blank=True, editable=False)
    # Filled by a PostgreSQL trigger (editorial/migrations/0004_glossary_search.py); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = [Lower("term")]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = translation_constraints("editorial_glossaryterm", "term", "slug")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body) if self.body.strip() else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_in_own_language(self, "editorial:glossary") + f"#{self.slug}"

    @property
    def variants(self):
        """The term and its other forms, without blanks or repeats (case-insensitive)."""
        seen, result = set(), []
        for variant in [self.term, *_VARIANT_SPLIT.split(self.also_matches or "")]:
            variant = " ".join(variant.split())
            if len(variant) >= 2 and variant.lower() not in seen:
                seen.add(variant.lower())
                result.append(variant)
        return result

    def clean(self):
        super().clean()
        # Two terms claiming the same word would make lesson links depend on chance.
        mine = {variant.lower(): variant for variant in self.variants}
        others = (
            GlossaryTerm.objects.filter(locale=self.locale)
            .exclude(pk=self.pk)
            .only("term", "also_matches")
        )
        for other in others:
            clash = sorted(mine[v.lower()] for v in other.variants if v.lower() in mine)
            if clash:
                raise ValidationError(
                    {
                        "also_matches": _(
                            "“%(words)s” already belongs to the term “%(other)s”. "
                            "Each word can link to one term only."
                        )
                        % {"words": ", ".join(clash), "other": other.term}
                    }
                )


class FeedbackKind(models.TextChoices):
    MISTAKE = "mistake", _("A mistake")
    BROKEN_LINK = "broken_link", _("A broken link")
    HARD_TO_UNDERSTAND = "hard", _("Hard to understand")
    OTHER = "other", _("Something else")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


MESSAGE_MAX_LENGTH = 1000


class Feedback(models.Model):
    """What a reader told us about a lesson, an FAQ answer or a site page.

    The page is kept as a link and as its title at the time, so the queue still makes sense
    after a page is renamed or deleted.
    """

    article = models.ForeignKey(
        "learn.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("lesson"),
    )
    faq = models.ForeignKey(
        "learn.FAQ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("FAQ"),
    )
    site_page = models.ForeignKey(
        SitePage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("site page"),
    )
    page_title = models.CharField(_("page"), max_length=300)
    helpful = models.BooleanField(_("helpful"), null=True, blank=True)
    kind = models.CharField(
        _("problem"), max_length=20, choices=FeedbackKind.choices, blank=True, db_index=True
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("may contact"),
        help_text=_("Set only when a signed-in reader agreed to be contacted about this."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.NEW,
        db_index=True,
    )
    note = models.TextField(
        _("editors' note"), blank=True, help_text=_("For editors only: what was done.")
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            # An empty message (no answer, no problem, no words) is never stored.
            models.CheckConstraint(
                condition=Q(helpful__isnull=False) | ~Q(kind="") | ~Q(message=""),
                name="feedback_says_something",
            ),
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=True, faq__isnull=True)
                    | Q(article__isnull=True, site_page__isnull=True)
                    | Q(faq__isnull=True, site_page__isnull=True)
                ),
                name="feedback_one_page_at_most",
            ),
        ]

    def __str__(self):
        return f"{self.page_title} ({self.created_at:%Y-%m-%d})" if self.created_at else ""

    @property
    def page(self):
        return self.article or self.faq or self.site_page
