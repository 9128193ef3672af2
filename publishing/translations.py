"""Translations of published content: the one place their rules live.

An item and its translations share a `translation_key`; the item in settings.LANGUAGE_CODE
is the source, and each other language has at most one translation (a database constraint).
A translation is an item of its own, with its own workflow, medical review and revisions;
readers see it only once it is published (`translation_of(..., public_only=True)`), and see
the source with a notice until then (`localized`). Lists are made of sources
(`PublishableQuerySet.published()`), then localized in one query (`localize_many`).

A translation keeps a snapshot of its source's reviewed text from when it was made or last
confirmed up to date, so editors see when, and how, the source changed since
(`source_changed`, `source_diff`, `confirm_up_to_date`). This module names no content app:
models add their related rows through `copy_related_for_translation`.
"""

import difflib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from publishing.models import Publishable, Status, StatusChangeKind
from publishing.workflow import status_change_record, text_digest


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def is_source(item) -> bool:
    return item.locale == settings.LANGUAGE_CODE


def source_of(item):
    """The source of `item` (same translation key, default language); itself for a source."""
    if is_source(item):
        return item
    return type(item)._default_manager.get(
        translation_key=item.translation_key, locale=settings.LANGUAGE_CODE
    )


def translation_of(item, language: str, *, public_only: bool = True, now=None):
    """The item in `language` (only a published one when `public_only`), or None."""
    if language == item.locale:
        return item if not public_only or item.is_public(now) else None
    items = type(item)._default_manager.all()
    if public_only:
        items = items.published_any_locale(now)
    return items.filter(translation_key=item.translation_key, locale=language).first()


def reverse_in_own_language(item, viewname: str, args=()) -> str:
    """An item's address in its own language, for get_absolute_url: a Spanish translation's
    is under /es/ whatever page asks (the admin's "View on site" opens the Spanish); a
    source's follows the active language, so an English item shown on a Spanish page keeps
    the reader under /es/. Translations carry their source's slug, so the address is the
    source's in that language."""
    if item.locale == settings.LANGUAGE_CODE:
        return reverse(viewname, args=args)
    with override(item.locale):
        return reverse(viewname, args=args)


def localized(item, language: str):
    """(what a reader in `language` sees, falling_back): the published translation and False,
    else `item` itself and True (the page then says it is not translated yet). A page in the
    item's own language never falls back."""
    if not language or language == item.locale:
        return item, False
    translation = translation_of(item, language)
    return (translation, False) if translation is not None else (item, True)


def localize_many(items, language: str) -> list:
    """[(shown, falling_back)] for `items` (of one model), like `localized`, in one query
    whatever their number (none when the language is the items' own). A translation shares
    its source's loaded foreign keys (a lesson's module…), so showing it asks no more."""
    items = list(items)
    pending = [item for item in items if language and item.locale != language]
    if not pending:
        return [(item, False) for item in items]
    model = type(pending[0])
    found = {
        translation.translation_key: translation
        for translation in model._default_manager.published_any_locale().filter(
            translation_key__in={item.translation_key for item in pending}, locale=language
        )
    }
    result = []
    for item in items:
        if not language or item.locale == language:
            result.append((item, False))
        elif (translation := found.get(item.translation_key)) is not None:
            result.append((carry_over(item, translation), False))
        else:
            result.append((item, True))
    return result


def carry_over(source, shown, keep=()):
    """`shown` (a translation of `source`, or `source` itself) with what a page loaded on
    the source: `source_pk`, the attributes named in `keep` (annotations such as a done
    count, `_prefetched_objects_cache`) and the foreign keys both point to."""
    shown.source_pk = source.pk
    if shown is source:
        return shown
    for name in keep:
        if hasattr(source, name):
            setattr(shown, name, getattr(source, name))
    for field_ in source._meta.concrete_fields:
        if (
            field_.many_to_one
            and field_.is_cached(source)
            and getattr(source, field_.attname) == getattr(shown, field_.attname)
        ):
            field_.set_cached_value(shown, field_.get_cached_value(source))
    return shown


def localize_list(items, language: str, *, keep=()) -> list:
    """What a list page shows for `items`: each one's published translation in `language`,
    else the item itself, with `carry_over(source, shown, keep)` done (one query)."""
    items = list(items)
    return [
        carry_over(source, shown, keep)
        for source, (shown, _falling_back) in zip(
            items, localize_many(items, language), strict=True
        )
    ]


# Editors' side -------------------------------------------------------------------------------

# Fields a translation never copies from its source: its identity, workflow and dates.
_NOT_COPIED = {
    "id",
    "status",
    "publish_at",
    "expires_at",
    "created_at",
    "updated_at",
    "locale",
    "translated_from_digest",
    "translated_from_text",
}


def translation_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages an item may be translated into."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@transaction.atomic
def create_translation(item, language: str, *, user=None):
    """A new draft of `item` (a source) in `language`: a copy with the same translation key
    and slug, the source's text to translate, a snapshot of it, and the related rows the
    model copies (`copy_related_for_translation`). Logged in the translation's status log.

    Refused (ValidationError, nothing written) for the default language, a language the site
    does not offer, a translation of a translation, and a language already translated.
    """
    if language not in dict(translation_languages()):
        if language == settings.LANGUAGE_CODE:
            raise ValidationError(
                _("“%(item)s” is already in %(language)s: it is the source.")
                % {"item": item, "language": _language_name(language)}
            )
        raise ValidationError(
            _("The site has no language “%(language)s”.") % {"language": language}
        )
    if not is_source(item):
        raise ValidationError(
            _("“%(item)s” is a translation: translate its source instead.") % {"item": item}
        )
    model = type(item)
    source = model._default_manager.select_for_update().get(pk=item.pk)
    if model._default_manager.filter(
        translation_key=source.translation_key, locale=language
    ).exists():
        raise ValidationError(
            _("“%(item)s” already has a %(language)s translation.")
            % {"item": item, "language": _language_name(language)}
        )
    translation = model(
        **{
            f.attname: getattr(source, f.attname)
            for f in model._meta.concrete_fields
            if f.name not in _NOT_COPIED and not f.primary_key
        }
    )
    translation.locale = language
    translation.status = Status.DRAFT
    translation.publish_at = timezone.now()
    snapshot = source.reviewed_text()
    translation.translated_from_text = snapshot
    translation.translated_from_digest = text_digest(snapshot)
    translation.full_clean()
    if user is not None and user.is_authenticated:
        translation._history_user = user  # the revision names who made the translation
    try:
        with transaction.atomic():
            translation.save()
    except IntegrityError as error:  # a second request made it first
        raise ValidationError(
            _("“%(item)s” already has a %(language)s translation.")
            % {"item": item, "language": _language_name(language)}
        ) from error
    source.copy_related_for_translation(translation)
    status_change_record(
        item=translation,
        from_status="",
        to_status=Status.DRAFT,
        user=user,
        kind=StatusChangeKind.TRANSLATED,
        note=_("%(language)s translation of “%(item)s” created.")
        % {"language": _language_name(language), "item": source},
    )
    return translation


def _source_text(translation) -> tuple[object, str]:
    source = source_of(translation)
    return source, source.reviewed_text()


def source_changed(translation) -> bool:
    """Whether the source's reviewed text changed since the translation was made or last
    confirmed up to date (False for a source)."""
    if is_source(translation):
        return False
    _source, text = _source_text(translation)
    return text_digest(text) != translation.translated_from_digest


def source_diff(translation) -> str:
    """What changed in the source since the translation's snapshot, as a unified diff in
    plain text ("" when nothing did)."""
    if is_source(translation):
        return ""
    _source, text = _source_text(translation)
    lines = difflib.unified_diff(
        translation.translated_from_text.splitlines(),
        text.splitlines(),
        fromfile=_("source when translated"),
        tofile=_("source now"),
        lineterm="",
    )
    return "\n".join(lines)


@transaction.atomic
def confirm_up_to_date(translation, *, user):
    """Record that `translation` now follows its source's current text (the editor updated
    it, or checked that the change needs none): a new snapshot, logged in its status log."""
    if is_source(translation):
        raise ValidationError(
            _("“%(item)s” is a source, not a translation.") % {"item": translation}
        )
    translation = type(translation)._default_manager.select_for_update().get(pk=translation.pk)
    _source, text = _source_text(translation)
    translation.translated_from_text = text
    translation.translated_from_digest = text_digest(text)
    if user is not None and user.is_authenticated:
        translation._history_user = user
    translation._change_reason = _("Translation marked up to date")
    translation.save(update_fields=["translated_from_text", "translated_from_digest"])
    status_change_record(
        item=translation,
        from_status=translation.status,
        to_status=translation.status,
        user=user,
        kind=StatusChangeKind.UP_TO_DATE,
        note=_("Marked up to date with the source’s current text."),
    )
    return translation


# The overview ---------------------------------------------------------------------------------


@dataclass
class LanguageState:
    """One language version of an item, for the overview: the item, whether readers see it,
    and (for a translation) whether its source changed since."""

    language: str
    item: object
    public: bool
    out_of_date: bool = False


@dataclass
class OverviewRow:
    """An item with translations: its source (None if deleted) and each language's state."""

    model: type
    source: object
    languages: dict = field(default_factory=dict)  # code -> LanguageState
    source_digest: str = ""


def translatable_models() -> list[type]:
    """Every concrete publishable model, in app order."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def _sources_by_key(model, keys) -> dict:
    """The sources with these translation keys, ready for `reviewed_text()` (its related rows
    prefetched): a fixed number of queries whatever their number."""
    if not keys:
        return {}
    sources = model._default_manager.filter(
        locale=settings.LANGUAGE_CODE, translation_key__in=set(keys)
    ).prefetch_related(*model.reviewed_text_prefetches())
    return {source.translation_key: source for source in sources}


def changed_sources(translations) -> set:
    """The pks of those `translations` (of one model) whose source's reviewed text changed
    since they were made or last confirmed up to date: `source_changed` for many, in a fixed
    number of queries. Sources among them are never changed."""
    pending = [item for item in translations if not is_source(item)]
    if not pending:
        return set()
    sources = _sources_by_key(type(pending[0]), {item.translation_key for item in pending})
    digests = {key: text_digest(source.reviewed_text()) for key, source in sources.items()}
    return {
        item.pk
        for item in pending
        if item.translation_key in digests
        and digests[item.translation_key] != item.translated_from_digest
    }


def translation_overview(now=None) -> list[OverviewRow]:
    """A row per translated item (per translation key with at least one translation), with
    each language's status and out-of-date flag; a fixed number of queries per model (the
    translations, their sources and what the sources' `reviewed_text()` reads), whatever the
    number of items."""
    now = now or timezone.now()
    rows = []
    for model in translatable_models():
        translations = list(
            model._default_manager.exclude(locale=settings.LANGUAGE_CODE).order_by("pk")
        )
        if not translations:
            continue
        sources = _sources_by_key(model, {t.translation_key for t in translations})
        by_key = {}
        for translation in translations:
            source = sources.get(translation.translation_key)
            row = by_key.get(translation.translation_key)
            if row is None:
                row = by_key[translation.translation_key] = OverviewRow(model, source)
                if source is not None:
                    row.source_digest = text_digest(source.reviewed_text())
                    row.languages[source.locale] = LanguageState(
                        source.locale, source, source.is_public(now)
                    )
            row.languages[translation.locale] = LanguageState(
                translation.locale,
                translation,
                translation.is_public(now),
                out_of_date=source is not None
                and translation.translated_from_digest != row.source_digest,
            )
        rows.extend(by_key.values())
    return rows
