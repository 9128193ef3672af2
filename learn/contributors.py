"""Contributors: the named authors and medical reviewers readers are shown on each lesson.

Part of the learn app's models (learn/models.py imports it at its end).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from publishing.models import Status


class Contributor(models.Model):
    """A person who writes or medically reviews content, shown on every page they touched."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    qualifications = models.CharField(
        _("qualifications"),
        max_length=200,
        blank=True,
        help_text=_("For example: 'RN, MS specialist nurse' or 'MD, neurologist'."),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    conflicts_of_interest = models.TextField(
        _("conflicts of interest and funding"),
        blank=True,
        help_text=_(
            "A dated statement of any funding or conflicts. Write 'None declared' if none."
        ),
    )
    conflicts_declared_on = models.DateField(_("statement dated"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor_profile",
        verbose_name=_("site account"),
        help_text=_(
            "Optional: this person's site account. A medical reviewer's approvals show this "
            "profile's name and qualifications on the lesson page; a lesson's author cannot "
            "approve it."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return f"{self.name}, {self.qualifications}" if self.qualifications else self.name

    @property
    def has_dated_statement(self):
        """A conflicts-of-interest statement with its date, as reviewers of public pages need."""
        return bool(self.conflicts_of_interest.strip() and self.conflicts_declared_on)

    def clean(self):
        super().clean()
        if (
            self.pk
            and not self.has_dated_statement
            and self.reviewed_articles.filter(status=Status.PUBLISHED).exists()
        ):
            raise ValidationError(
                {
                    "conflicts_declared_on": _(
                        "This person is the medical reviewer of published lessons, so readers "
                        "must see a dated conflicts-of-interest statement. Fill in both the "
                        "statement and its date."
                    )
                }
            )


class ApprovedByContributor:
    """Mixin for content whose medical-review approver is named to readers (lessons, FAQs,
    quizzes): the approving account needs a contributor profile with a dated statement."""

    def review_approver_problems(self, user) -> list[str]:
        profile = Contributor.objects.filter(user_id=user.pk).first()
        if profile is None:
            return [
                _(
                    "Your account is not linked to a contributor profile, so readers could not "
                    "be told who reviewed this. Ask an administrator to link it, then approve."
                )
            ]
        if not profile.has_dated_statement:
            return [
                _(
                    "Your contributor profile (%(name)s) has no dated conflicts-of-interest "
                    "statement. Add it, then approve."
                )
                % {"name": profile.name}
            ]
        return []
