"""Read and check the sample-content files (format: learn/sample_content/README.md).

Every file is read and checked before anything is written, and every problem found is
reported at once with the file it is in. learn/sample_loader.py writes what passes.
"""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from learn.models import (
    Article,
    Contributor,
    EvidenceLevel,
    Module,
    ReferenceKind,
    ReferenceLink,
    Topic,
)
from publishing.rendering import cited_numbers

DEFAULT_PATH = Path(__file__).resolve().parent / "sample_content"
LESSON_FILE = re.compile(r"^(?P<position>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")

STR, INT, BOOL, DATE, SLUGS = "text", "whole number", "true or false", "date", "list of slugs"
MONTH = 'month written as a quoted YYYY-MM, such as "2026-11"'
MONTH_TEXT = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# Fields that are not text, by name; a name means the same type in every kind of item.
FIELD_TYPES = {
    "position": INT,
    "year": INT,
    "is_commercial": BOOL,
    "conflicts_declared_on": DATE,
    "evidence_as_of": MONTH,
    "topics": SLUGS,
    "sources": SLUGS,
    "related_lessons": SLUGS,
}
# kind: (required fields, optional fields)
SCHEMAS = {
    "topics": (("slug", "name"), ("description", "position")),
    "contributors": (
        ("slug", "name"),
        ("qualifications", "role", "bio", "conflicts_of_interest", "conflicts_declared_on"),
    ),
    "modules": (("slug", "title", "summary"), ("position",)),
    "references": (
        ("slug", "title", "url", "kind"),
        ("authors", "publisher", "year", "doi", "pmid", "summary", "is_commercial", "topics"),
    ),
    "lessons": (
        ("title", "slug", "summary", "evidence_level", "author", "reviewer"),
        ("topics", "sources", "evidence_as_of"),
    ),
    "faqs": (("slug", "topic", "question", "answer"), ("related_lessons", "sources")),
}
TYPE_CHECKS = {
    STR: lambda v: isinstance(v, str),
    INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
    BOOL: lambda v: isinstance(v, bool),
    DATE: lambda v: isinstance(v, datetime.date) and not isinstance(v, datetime.datetime),
    SLUGS: lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
    MONTH: lambda v: isinstance(v, str) and bool(MONTH_TEXT.match(v)),
}


class SampleContentError(Exception):
    """The sample content has problems; nothing was loaded."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Item:
    """One topic, contributor, module, reference, lesson or FAQ as read from a file."""

    kind: str
    source: str  # The file (and entry) it came from, for messages.
    data: dict
    position: int = 0
    module: str = ""
    body: str = ""


@dataclass
class SampleContent:
    items: dict = field(default_factory=lambda: {kind: [] for kind in SCHEMAS})
    problems: list = field(default_factory=list)

    def slugs(self, kind):
        return {item.data.get("slug") for item in self.items[kind]}


def read_sample_content(folder):
    """Read and check every file in `folder`; return a SampleContent (problems included)."""
    folder = Path(folder)
    content = SampleContent()
    if not (folder / "site.toml").is_file():
        content.problems.append(f"{folder}: there is no site.toml in this folder.")
        return content
    files = [("site.toml", ("topics", "contributors", "modules", "references"))]
    if (folder / "faqs.toml").is_file():
        files.append(("faqs.toml", ("faqs",)))
    for name, kinds in files:
        tables = _read_toml(folder / name, name, content)
        for unknown in sorted(set(tables) - set(kinds)):
            content.problems.append(
                f"{name}: unknown section '{unknown}'. Known sections: {', '.join(kinds)}."
            )
        for kind in kinds:
            _add_entries(content, kind, name, tables.get(kind, []))
    if (folder / "lessons").is_dir():
        _read_lessons(folder / "lessons", content)
    _check_references(content)
    return content


def _read_toml(path, name, content):
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        content.problems.append(f"{name}: this is not valid TOML ({error}).")
        return {}


def _add_entries(content, kind, name, entries):
    if not isinstance(entries, list):
        content.problems.append(f"{name}: '{kind}' must be a list of [[{kind}]] tables.")
        return
    for index, data in enumerate(entries, start=1):
        if not isinstance(data, dict):
            content.problems.append(f"{name}: {kind} entry {index} must be a [[{kind}]] table.")
            continue
        label = f"{name}, {kind} entry {index} ('{data.get('slug', '?')}')"
        item = Item(kind, label, data, position=data.get("position", index))
        if _check_fields(content, item):
            content.items[kind].append(item)


def _check_fields(content, item):
    required, optional = SCHEMAS[item.kind]
    problems = [
        f"{item.source}: unknown field '{name}'. Known fields: {', '.join(required + optional)}."
        for name in sorted(set(item.data) - set(required + optional))
    ]
    problems += [
        f"{item.source}: the field '{name}' is missing."
        for name in required
        if name not in item.data
    ]
    for name in set(item.data) & set(required + optional):
        kind = FIELD_TYPES.get(name, STR)
        if not TYPE_CHECKS[kind](item.data[name]):
            problems.append(f"{item.source}: '{name}' must be a {kind}.")
    content.problems.extend(problems)
    return not problems


def _read_lessons(lessons_dir, content):
    positions = {}
    for path in sorted(lessons_dir.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        name = path.relative_to(lessons_dir.parent).as_posix()
        match = LESSON_FILE.match(path.name)
        if path.parent.parent != lessons_dir or not match:
            content.problems.append(
                f"{name}: lessons go in lessons/<module-slug>/<NN>-<lesson-slug>.md."
            )
            continue
        try:
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            content.problems.append(f"{name}: save this file as UTF-8 text.")
            continue
        lines = text.split("\n")
        if lines[0].strip() != "+++" or "+++" not in (line.strip() for line in lines[1:]):
            content.problems.append(
                f"{name}: the file must start with front matter between +++ lines."
            )
            continue
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "+++")
        try:
            data = tomllib.loads("\n".join(lines[1:end]))
        except tomllib.TOMLDecodeError as error:
            content.problems.append(f"{name}: the front matter is not valid TOML ({error}).")
            continue
        item = Item(
            "lessons",
            name,
            data,
            position=int(match["position"]),
            module=path.parent.name,
            body="\n".join(lines[end + 1 :]).strip() + "\n",
        )
        if not _check_fields(content, item):
            continue
        if data["slug"] != match["slug"]:
            content.problems.append(
                f"{name}: the file name says '{match['slug']}' but the slug is '{data['slug']}'."
            )
        key = (item.module, item.position)
        if key in positions:
            content.problems.append(
                f"{name}: {positions[key]} already has position {item.position}."
            )
        positions[key] = name
        content.items["lessons"].append(item)


def _check_references(content):
    """Every slug named must exist, in these files or already in the database."""
    problems = content.problems
    known = {
        "topic": content.slugs("topics") | set(Topic.objects.values_list("slug", flat=True)),
        "contributor": content.slugs("contributors")
        | set(Contributor.objects.values_list("slug", flat=True)),
        "module": content.slugs("modules") | set(Module.objects.values_list("slug", flat=True)),
        "reference": content.slugs("references")
        | set(ReferenceLink.objects.values_list("slug", flat=True)),
        "lesson": content.slugs("lessons") | set(Article.objects.values_list("slug", flat=True)),
    }

    def check(item, what, slugs):
        for slug in slugs:
            if slug not in known[what]:
                problems.append(f"{item.source}: there is no {what} with the slug '{slug}'.")
        for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
            problems.append(f"{item.source}: '{slug}' is listed twice.")

    for items in content.items.values():
        seen = set()
        for item in items:
            if item.data["slug"] in seen:
                problems.append(f"{item.source}: the slug '{item.data['slug']}' is used twice.")
            seen.add(item.data["slug"])
    for item in content.items["references"]:
        check(item, "topic", item.data.get("topics", []))
        if item.data["kind"] not in ReferenceKind.values:
            problems.append(
                f"{item.source}: kind '{item.data['kind']}' is not one of "
                f"{', '.join(ReferenceKind.values)}."
            )
    for item in content.items["lessons"]:
        check(item, "module", [item.module])
        check(item, "contributor", [item.data["author"], item.data["reviewer"]])
        check(item, "topic", item.data.get("topics", []))
        check(item, "reference", item.data.get("sources", []))
        if item.data["evidence_level"] not in EvidenceLevel.values:
            problems.append(
                f"{item.source}: evidence_level '{item.data['evidence_level']}' is not one of "
                f"{', '.join(EvidenceLevel.values)}."
            )
        too_high = sorted(
            n for n in cited_numbers(item.body) if n > len(item.data.get("sources", [])) or n < 1
        )
        if too_high:
            problems.append(
                f"{item.source}: the body cites {', '.join(f'[^{n}]' for n in too_high)} but "
                f"'sources' lists {len(item.data.get('sources', []))} source(s)."
            )
    for item in content.items["faqs"]:
        check(item, "topic", [item.data["topic"]])
        check(item, "lesson", item.data.get("related_lessons", []))
        check(item, "reference", item.data.get("sources", []))
