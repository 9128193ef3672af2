"""An account's language: the one the emails we send it are written in.

Pages follow their address (/es/… is Spanish, core/languages.py), whoever reads them; an email
has no address to follow, so the account keeps a language. It is stored here and only here:
at sign-up (the language the form was shown in), when a signed-in person uses the header's
switcher (core.languages.set_language calls `profile_save_language` through the hook this
app registers) and on the settings page. Empty means not chosen yet: the site's language.
"""

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language_info, gettext_lazy, override

from accounts.models import Profile


def known(code) -> bool:
    return code in dict(settings.LANGUAGES)


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself ("español"), so a reader finds theirs in any page."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def language_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Language of our emails"),
        choices=language_choices,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the languages listed.")},
        **kwargs,
    )


def profile_language(user) -> str:
    """The language stored on this account ("" when none, or when the site no longer has it)."""
    stored = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    return stored if known(stored) else ""


def in_language_of(user):
    """Write in the language an account chose, outside its requests (a message to it):
    `with in_language_of(user): ...`; the site's language when it chose none."""
    return override(profile_language(user) or settings.LANGUAGE_CODE)


@transaction.atomic
def profile_save_language(*, user, language: str) -> Profile:
    """Store a language of settings.LANGUAGES on the user's profile (made if needed)."""
    if not known(language):
        raise ValueError(f"unknown language {language[:10]!r}")
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])
    return profile


def remember_switcher_choice(user, code: str) -> None:
    """The hook core.languages.set_language calls after the switcher set a language."""
    profile_save_language(user=user, language=code)
