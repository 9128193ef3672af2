"""Learner accounts: a profile beside Django's User for settings that follow the person."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import ExtraTime


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    extra_time = models.CharField(
        _("standing extra time"),
        max_length=10,
        choices=ExtraTime.choices,
        blank=True,
        help_text=_(
            "Applies to every timed quiz, unless an educator has set more for an assignment."
        ),
    )
    display = models.JSONField(
        _("display settings"),
        default=dict,
        blank=True,
        help_text=_("Text size, spacing, contrast and theme chosen on the Display panel."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_(
            "An IANA name such as Europe/Madrid. Pages show dates in it. "
            "Empty: the site's time zone."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the emails we send this person. Set at sign-up, by the language "
            "switcher and on the settings page. Empty: not chosen yet (the site's language)."
        ),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)


class TokenScope(models.TextChoices):
    """What a token may do: read only (GET), or read and change data (start, answer, assign)."""

    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A personal API token, sent as `Authorization: Bearer msp_<prefix>_<secret>`.

    Only a SHA-256 hash of the secret is stored; the full token is shown once, when it is
    created (accounts/api_tokens.py). The prefix is not secret: it finds the row. A token
    expires, has a scope, and dies with the password it was made under: `password_fingerprint`
    is a keyed hash of the account's password hash at creation, so a changed password (by any
    path) no longer matches it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=60, help_text=_("What the token is for, e.g. 'my reading app'.")
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    password_fingerprint = models.CharField(max_length=64, editable=False)
    scope = models.CharField(
        _("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    last_used_ip = models.GenericIPAddressField(
        _("last used from"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} (msp_{self.prefix}_…)"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_read_only(self):
        return self.scope != TokenScope.WRITE
