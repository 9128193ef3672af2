"""Load the translated sample content (learn/sample_content/<language>/ and
quizzes/sample_content/<language>/) as translations of the sample modules.

For each translated module the texts of its translation job (quizzes/translation_export.py)
are looked up in the files and written by the same writer as a translation import
(quizzes/translation_import.py). An item gets a translation only when it has none yet and the
files translate every one of its texts, so running the load again changes nothing, an
editor's later edits are never overwritten, and a text added later stays untranslated rather
than half done. Each new translation goes to "in review", with a note in its status log: it
waits for a medical reviewer who reads the language.
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from learn.models import Module
from learn.sample_files import SampleContentError
from learn.sample_translations import languages, read_translated_sample
from publishing.models import Status
from publishing.workflow import item_move
from quizzes.sample_loader import SAMPLE_DIR
from quizzes.translation_export import module_texts
from quizzes.translation_import import apply_translation


def _quiz_files(language):
    folder = SAMPLE_DIR / language
    quizzes = {}
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            problem = f"{language}/{path.name}: not valid TOML ({error})."
            raise SampleContentError([problem]) from error
        quizzes[data.get("slug", path.stem)] = data
    return quizzes


def _sample_value(text, sample, quizzes, module):
    """The translated text for `text` in the files, or None."""
    kind, *where = text.key
    items = sample.items
    try:
        if kind == "quiz":
            return quizzes[where[0]].get(text.field)
        if kind == "question":
            return quizzes[where[0]]["questions"][where[1]].get(text.field)
        if kind == "choice":
            question = quizzes[where[0]]["questions"][where[1]]
            return question["choices"][where[2]].get(text.field)
        found = {
            "module": lambda: items["modules"][where[0]],
            "objective": lambda: items["objectives"][(where[0], where[1])],
            "lesson": lambda: items["lessons"][(module.slug, where[0])],
            "faq": lambda: items["faqs"][where[0]],
            "term": lambda: items["glossary"][where[0]],
        }[kind]()
    except (KeyError, IndexError):
        return None
    return found.get(text.field) or None


def _targets(module, language, sample, quizzes):
    """{unit id: translated text} for every item that has no translation yet and whose
    texts the files translate in full."""
    by_owner = {}
    for text in module_texts(module, language):
        value = _sample_value(text, sample, quizzes, module)
        by_owner.setdefault((type(text.owner), text.owner.pk), []).append((text, value))
    return {
        text.unit_id: value
        for texts in by_owner.values()
        if all(value and text.translation is None for text, value in texts)
        for text, value in texts
    }


def load_sample_translations(*, stdout=None):
    """Create the missing translations of the sample modules; return how many were created."""
    created = 0
    names = dict(settings.LANGUAGES)
    for language in languages():
        sample = read_translated_sample(language)
        quizzes = _quiz_files(language)
        note = _(
            "Sample translation: waits for review by a medical reviewer who reads %(language)s."
        )
        for slug in sample.items["modules"]:
            module = Module.objects.sources().filter(slug=slug).first()
            if module is None:
                continue
            targets = _targets(module, language, sample, quizzes)
            summary = apply_translation(module, language, targets, only_new=True)
            for translation in summary.created:
                item_move(
                    item=translation,
                    to_status=Status.IN_REVIEW,
                    note=note % {"language": names.get(language, language)},
                )
            created += len(summary.created)
    if stdout is not None:
        stdout.write(f"Translations: {created} created.")
    return created
