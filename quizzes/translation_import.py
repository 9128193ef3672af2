"""Write a module's translated texts into its translations: never into the sources, all or nothing.

`import_translation` reads a PO or XLIFF file exported by quizzes/translation_export.py;
`apply_translation` is the writer it shares with the sample loader. Missing translations are
created as drafts first (publishing.translations.create_translation, which copies the source
with its objectives, sources, questions and choices); then every text with a target is set on
the translated row, each changed row is checked with `full_clean()`, and only when all pass is
anything saved. A published translation whose text changes goes back to "in review", so no
unreviewed medical text stays public. Any problem raises TranslationFileError and, inside the
one transaction, leaves the database as it was.
"""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learn.models import Module
from publishing.models import Status
from publishing.translation_files import TranslationFileError, check_ids, read_file
from publishing.translations import create_translation
from publishing.workflow import item_move
from quizzes.translation_export import module_texts


@dataclass
class ImportSummary:
    module: Module
    language: str
    created: list = field(default_factory=list)  # translations created as drafts
    changed: int = 0  # texts written
    sent_to_review: list = field(default_factory=list)  # published translations now in review


def _checked_language(language):
    languages = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    if language not in languages:
        raise TranslationFileError(
            _("The file's language (“%(language)s”) is not one this site translates into.")
            % {"language": language}
        )
    return language


def _module_of(units):
    keys = {unit.id.split(":")[1] for unit in units if unit.id.startswith("learn.module:")}
    try:
        key = uuid.UUID(keys.pop()) if len(keys) == 1 else None
    except ValueError:
        key = None
    module = key and Module.objects.sources().filter(translation_key=key).first()
    if not module:
        raise TranslationFileError(
            _("The file does not name a module of this site. Export the file again.")
        )
    return module


def _lines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _stale(texts, sources):
    """Ids of texts whose English changed since the file was exported (files keep "\n" only)."""
    return [
        t.unit_id
        for t in texts
        if t.unit_id in sources and _lines(sources[t.unit_id]) != _lines(t.source_text)
    ]


def _owners_to_create(texts, targets):
    owners = {}
    for text in texts:
        if text.unit_id in targets and text.translation is None:
            owners.setdefault((type(text.owner), text.owner.pk), text.owner)
    # The module first: creating it copies the objectives the other texts may need.
    return sorted(owners.values(), key=lambda owner: not isinstance(owner, Module))


def _changed_rows(texts, targets):
    rows = {}
    for text in texts:
        if text.unit_id not in targets:
            continue
        if text.translation is None:
            raise TranslationFileError(
                _(
                    "The translation of “%(item)s” lacks parts the source has now (questions, "
                    "choices or objectives added later). Add them to it, then import again."
                )
                % {"item": text.owner}
            )
        if getattr(text.translation, text.field) != targets[text.unit_id]:
            setattr(text.translation, text.field, targets[text.unit_id])
            rows.setdefault(id(text.translation), (text.translation, text, []))
            rows[id(text.translation)][2].append(text.unit_id)
    return list(rows.values())


def _check(rows):
    problems = []
    for row, _owner, unit_ids in rows:
        try:
            row.full_clean()
        except ValidationError as error:
            messages = [" ".join(m) for m in getattr(error, "message_dict", {}).values()]
            problems.append(f"{unit_ids[0]}: {' '.join(messages or error.messages)}")
    if problems:
        raise TranslationFileError(
            _("Nothing was imported: %(problems)s") % {"problems": " | ".join(problems[:10])}
        )


@transaction.atomic
def apply_translation(module, language, targets, *, user=None, sources=None, only_new=False):
    """Set `targets` ({unit id: text}) on the module's translations into `language`.

    `sources` ({unit id: English text as exported}) refuses a file made from older English.
    `only_new` writes only into translations this call creates (the sample loader, which
    never changes what an editor may have edited).
    """
    summary = ImportSummary(module, language)
    texts = module_texts(module, language)
    if stale := _stale(texts, sources or {}):
        raise TranslationFileError(
            _(
                "The English text changed since this file was exported: %(ids)s. Export the "
                "file again and translate the changes."
            )
            % {"ids": ", ".join(stale[:5])}
        )
    for owner in _owners_to_create(texts, targets):
        try:
            summary.created.append(create_translation(owner, language, user=user))
        except ValidationError as error:
            raise TranslationFileError(f"{owner}: {' '.join(error.messages)}") from error
    texts = module_texts(module, language)  # again, now with the new translations
    if only_new:
        new = {(type(t), t.translation_key) for t in summary.created}
        texts = [t for t in texts if (type(t.owner), t.owner.translation_key) in new]
    rows = _changed_rows(texts, targets)
    _check(rows)
    reason = _("Translation imported")
    for row, _owner, unit_ids in rows:
        row._change_reason = reason
        row.save()
        summary.changed += len(unit_ids)
    for translation in summary.created:
        translation.refresh_from_db()  # it was saved again above, through another instance
    published = {}
    for row, text, _ids in rows:
        owner = _translated_owner(text, row)
        if owner.status == Status.PUBLISHED:
            published[(type(owner), owner.pk)] = owner
    for owner in published.values():
        item_move(
            item=owner,
            to_status=Status.IN_REVIEW,
            user=user,
            note=_("Text changed by a translation import: needs a new medical review."),
        )
        summary.sent_to_review.append(owner)
    return summary


def _translated_owner(text, row):
    """The translated item `row` belongs to (the row itself, its module or its quiz)."""
    if text.owner is text.source:
        return row
    if isinstance(text.owner, Module):
        return row.module
    return row.question.quiz if hasattr(row, "question") else row.quiz


def import_translation(data, *, user=None, module=None) -> ImportSummary:
    """Import a PO or XLIFF file (bytes or text) exported for one module (`module`, when
    given: a file for another module is refused)."""
    file = read_file(data)
    language = _checked_language(file.language)
    found = _module_of(file.units)
    if module is not None and found != module:
        raise TranslationFileError(
            _("This file is for the module “%(module)s”, not this one. Nothing was imported.")
            % {"module": found}
        )
    module = found
    check_ids(file.units, {text.unit_id for text in module_texts(module, language)})
    targets = {unit.id: unit.target for unit in file.units if unit.target}
    sources = {unit.id: unit.source for unit in file.units if unit.target}
    return apply_translation(module, language, targets, user=user, sources=sources)
