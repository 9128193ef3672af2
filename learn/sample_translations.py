"""Read the translated sample content: learn/sample_content/<language>/ (format: README.md there).

A translation file holds only the words. Everything else (sources, evidence level, authors,
topics, positions) comes from the English item it translates, matched by slug (objectives by
module and code), so a translation can never disagree with its source on the facts around it.
Reading writes nothing; the loader that creates translations from it lives with the kinds it
needs (quizzes/sample_translations.py), above learn and editorial.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from learn.sample_files import DEFAULT_PATH, LESSON_FILE, SampleContentError

# kind: (file, table, key fields, text fields)
TABLES = {
    "modules": ("site.toml", "modules", ("slug",), ("title", "summary")),
    "faqs": ("faqs.toml", "faqs", ("slug",), ("question", "answer")),
    "objectives": ("objectives.toml", "objectives", ("module", "code"), ("text",)),
    "glossary": ("glossary.toml", "terms", ("slug",), ("term", "also_matches", "short_definition")),
}
LESSON_FIELDS = ("title", "slug", "summary")


@dataclass
class TranslatedSample:
    """Texts by key: modules, faqs and glossary by slug; objectives by (module, code);
    lessons by (module, slug), each a dict of its fields plus "body" and "position"."""

    language: str
    items: dict = field(default_factory=dict)


def languages(path=DEFAULT_PATH):
    """The language folders next to the English sample content, e.g. ["es"]."""
    return sorted(p.name for p in Path(path).iterdir() if (p / "site.toml").is_file())


def _toml(path, problems):
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(f"{path.name}: cannot be read ({error}).")
        return {}


def _checked(data, name, keys, texts, problems):
    unknown = sorted(set(data) - set(keys) - set(texts))
    missing = [k for k in keys if not isinstance(data.get(k), str) or not data[k]]
    if unknown or missing:
        problems.append(f"{name}: unknown fields {unknown} or missing keys {missing}.")
        return None
    return {k: data.get(k, "") for k in (*keys, *texts)}


def _read_table(folder, kind, problems):
    file, table, keys, texts = TABLES[kind]
    path = folder / file
    entries = _toml(path, problems).get(table, []) if path.is_file() else []
    result = {}
    for index, data in enumerate(entries, start=1):
        item = _checked(data, f"{file}, {table} entry {index}", keys, texts, problems)
        if item is not None:
            result[tuple(item[k] for k in keys) if len(keys) > 1 else item[keys[0]]] = item
    return result


def _front_matter(path, problems):
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    parts = text.split("+++\n", 2)
    if len(parts) != 3 or parts[0].strip():
        problems.append(f"{path.name}: the file must start with front matter between +++ lines.")
        return None, ""
    try:
        return tomllib.loads(parts[1]), parts[2].strip() + "\n"
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{path.name}: the front matter is not valid TOML ({error}).")
        return None, ""


def _read_lessons(folder, problems):
    lessons = {}
    for path in sorted((folder / "lessons").glob("*/*.md")):
        match = LESSON_FILE.match(path.name)
        data, body = _front_matter(path, problems)
        if data is None or not match:
            continue
        item = _checked(data, path.name, ("slug",), ("title", "summary"), problems)
        if item is not None:
            item.update(body=body, position=int(match["position"]))
            lessons[(path.parent.name, item["slug"])] = item
    return lessons


def read_translated_sample(language, path=DEFAULT_PATH):
    """The translated texts in `path/<language>/`; SampleContentError lists every problem."""
    folder = Path(path) / language
    problems = []
    sample = TranslatedSample(language)
    for kind in TABLES:
        sample.items[kind] = _read_table(folder, kind, problems)
    sample.items["lessons"] = _read_lessons(folder, problems)
    if problems:
        raise SampleContentError([f"{language}/{problem}" for problem in problems])
    return sample
