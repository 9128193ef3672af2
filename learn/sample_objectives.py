"""Load the sample learning objectives (learn/sample_content/objectives.toml).

Run by learn/sample_loader.py after the modules and lessons. Like the rest of the sample
content, an objective is matched by (module, code): a missing one is created, an existing one
is left as an editor may have changed it. Every entry is checked before anything is written.
"""

import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError

from learn.models import Article, Module
from learn.objectives import LearningObjective

FILE_NAME = "objectives.toml"
KEYS = {"module": str, "code": str, "text": str, "lessons": list}


def _entries(path: Path) -> tuple[list[dict], list[str]]:
    """The [[objectives]] entries of the file (none if there is no file) and their problems."""
    file = path / FILE_NAME
    if not file.exists():
        return [], []
    try:
        entries = tomllib.loads(file.read_text(encoding="utf-8")).get("objectives", [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return [], [f"{FILE_NAME}: not valid TOML: {error}"]
    problems = []
    for number, entry in enumerate(entries, start=1):
        where = f"{FILE_NAME}, objective {number}"
        if unknown := sorted(set(entry) - set(KEYS)):
            problems.append(f"{where}: unknown key {unknown[0]!r}.")
        for key, kind in KEYS.items():
            if key != "lessons" and key not in entry:
                problems.append(f"{where}: {key!r} is missing.")
            elif key in entry and not isinstance(entry[key], kind):
                problems.append(f"{where}: {key!r} must be a {kind.__name__}.")
    return entries, problems


def load_sample_objectives(path: Path) -> tuple[tuple[int, int], list[str]]:
    """Create the missing sample objectives: ((created, already present), problems).

    Nothing is written when there are problems; the caller reports them.
    """
    entries, problems = _entries(path)
    if problems or not entries:
        return (0, 0), problems
    # Sources only: a translation shares its source's slug.
    modules = {
        m.slug: m for m in Module.objects.sources().filter(slug__in={e["module"] for e in entries})
    }
    lessons = {
        a.slug: a
        for a in Article.objects.sources().filter(
            slug__in={slug for e in entries for slug in e.get("lessons", [])}
        )
    }
    existing = set(LearningObjective.objects.values_list("module__slug", "code"))
    new, positions = [], {}
    for number, entry in enumerate(entries, start=1):
        where = f"{FILE_NAME}, objective {number}"
        module = modules.get(entry["module"])
        if module is None:
            problems.append(f"{where}: no module has the slug {entry['module']!r}.")
            continue
        positions[module.pk] = positions.get(module.pk, 0) + 1
        taught = [lessons.get(slug) for slug in entry.get("lessons", [])]
        if None in taught or any(lesson.module_id != module.pk for lesson in taught):
            problems.append(f"{where}: every lesson must be a lesson of {module.slug!r}.")
            continue
        if (module.slug, entry["code"]) in existing:
            continue
        objective = LearningObjective(
            module=module, position=positions[module.pk], code=entry["code"], text=entry["text"]
        )
        try:
            objective.full_clean()
        except ValidationError as error:
            problems += [
                f"{where}: {name}: {' '.join(m)}" for name, m in error.message_dict.items()
            ]
        new.append((objective, taught))
    if problems:
        return (0, 0), problems
    for objective, taught in new:
        objective.save()
        objective.articles.set(taught)
    return (len(new), len(entries) - len(new)), []
