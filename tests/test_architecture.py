"""The shape of the code: apps in one-way layers, and no import cycle between modules.

`make lint` runs import-linter's layers contract (pyproject.toml, [tool.importlinter]); these
tests keep that contract honest: its layers are the project's apps in INSTALLED_APPS order,
the contract would fail on an arrow back up, and no two modules import each other, directly
or round a loop, even from inside a function.
"""

import tomllib
from pathlib import Path

import grimp
from django.conf import settings

CONFIG = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text(encoding="utf-8"))
LINTER = CONFIG["tool"]["importlinter"]
LAYERS = LINTER["contracts"][0]["layers"]  # highest first


def _graph():
    return grimp.build_graph(*LINTER["root_packages"], cache_dir=None)


def _arrows_up(graph, layers):
    """(importer, imported) module pairs where a lower layer imports a higher one."""
    found = []
    for i, higher in enumerate(layers):
        for lower in layers[i + 1 :]:
            for chain in graph.find_illegal_dependencies_for_layers(layers=(higher, lower)):
                found.append((chain.importer, chain.imported))
    return found


def test_the_layers_are_the_project_apps_in_settings_order():
    project_apps = [app for app in settings.INSTALLED_APPS if app in LAYERS]
    assert list(reversed(LAYERS)) == [*project_apps, "msportal"]
    assert set(LINTER["root_packages"]) == set(LAYERS)


def test_no_app_imports_an_app_above_it():
    assert _arrows_up(_graph(), LAYERS) == []


def test_a_new_arrow_back_up_would_be_found():
    graph = _graph()
    graph.add_import(importer="core.roles", imported="groups.models")
    assert ("core", "groups") in _arrows_up(graph, LAYERS)


def _cycles(graph):
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_two_modules_import_each_other():
    # Packages import their own submodules (`from x.y import z` loads x first): leave out
    # the edges from a package to what it contains, which are not cycles of the code.
    graph = _graph()
    for module in list(graph.modules):
        for imported in list(graph.find_modules_directly_imported_by(module)):
            if imported.startswith(module + "."):
                graph.remove_import(importer=module, imported=imported)
    assert _cycles(graph) == []


def test_the_cycle_check_would_find_one():
    graph = _graph()
    graph.add_import(importer="quizzes.validation", imported="quizzes.models")
    graph.add_import(importer="quizzes.models", imported="quizzes.validation")
    assert ["quizzes.models", "quizzes.validation"] in _cycles(graph)
