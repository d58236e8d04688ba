"""The import rules of ARCHITECTURE.md hold: read from the source with ast, so a lazy import
inside a function counts the same as one at the top of a module."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from searcher.index.format import PICKLED_CLASSES

ROOT = Path(__file__).resolve().parent.parent
BASE = {"searcher.article", "searcher.results", "searcher.tallies", "searcher.errors",
        "searcher.settings", "searcher.records"}
# What each searcher package may import besides itself, the BASE modules and analyzers.
MAY_IMPORT: dict[str, set[str]] = {
    "searcher.cli": {"searcher.output", "searcher.rank", "searcher.query", "searcher.index",
                     "searcher.ingest"},
    "searcher.output": {"searcher.ingest"},
    "searcher.rank": {"searcher.query", "searcher.index", "searcher.engine"},
    "searcher.query": {"searcher.index", "searcher.engine", "searcher.ingest"},
    "searcher.index": {"searcher.ingest", "searcher.engine"},
    "searcher.ingest": set(),
    "searcher.engine": set(),
}
# Upward imports that are deliberate, each with its reason (lazy, inside a function).
EXCEPTIONS = {
    ("searcher.index.opened", "searcher.rank.bm25"):
        "the searcher an opened index hands out scores with khabar's BM25",
}
WHOOSH_PACKAGES = {"searcher.engine", "searcher.index", "searcher.query", "searcher.rank"}
WHOOSH_MODULES = {"analyzers.whoosh_analyzer"}
ENVIRONMENT_READERS = {"searcher.settings", "analyzers.diskcache", "searcher.output.render"}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def package(self) -> str:
        parts = self.name.split(".")
        if parts[0] == "analyzers":
            return "analyzers"
        return ".".join(parts[:2]) if len(parts) > 2 or self.path.name == "__init__.py" \
            else self.name

    def imports(self) -> list[tuple[str, int]]:
        """(imported module, line) for every import statement, wherever it is."""
        found = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                found += [(alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append((node.module, node.lineno))
                found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names
                          if f"{node.module}.{alias.name}" in MODULE_NAMES]
        return found


def _modules() -> list[Module]:
    found = []
    for package in ("analyzers", "searcher"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append(Module(name, path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


MODULE_NAMES: set[str] = set()
MODULES = _modules()
MODULE_NAMES.update(m.name for m in MODULES)


def _owner(name: str) -> str:
    """The package (or BASE module) an imported khabar module belongs to."""
    parts = name.split(".")
    return "analyzers" if parts[0] == "analyzers" else ".".join(parts[:2])


def _violations(module: Module) -> list[str]:
    here = module.package
    allowed = MAY_IMPORT.get(here, set()) | BASE | {"analyzers", here}
    if here == "searcher.engine":  # whoosh, and khabar's error family only
        allowed = {here, "searcher.errors"}
    problems = []
    for name, line in module.imports():
        if name.split(".")[0] not in ("searcher", "analyzers") or name == "searcher":
            continue
        owner = _owner(name)
        if owner not in allowed and (module.name, name) not in EXCEPTIONS:
            problems.append(f"{module.path.relative_to(ROOT)}:{line} imports {name}")
    return problems


@pytest.mark.parametrize("module", [m for m in MODULES if m.name.startswith("analyzers")],
                         ids=lambda m: m.name)
def test_analyzers_never_import_searcher(module: Module) -> None:
    assert [n for n, _ in module.imports() if n.split(".")[0] == "searcher"] == []


@pytest.mark.parametrize("module", [m for m in MODULES if m.name.startswith("searcher.")],
                         ids=lambda m: m.name)
def test_searcher_packages_import_downward(module: Module) -> None:
    assert _violations(module) == []


def test_the_exceptions_are_still_needed() -> None:
    imported = {(m.name, name) for m in MODULES for name, _ in m.imports()}
    assert set(EXCEPTIONS) <= imported, "remove exceptions the code no longer has"


def test_the_rule_catches_an_upward_import() -> None:
    tree = ast.parse("def f():\n    from searcher.cli.app import main\n")
    fake = Module("searcher.index.fake", ROOT / "searcher/index/fake.py", tree)
    assert _violations(fake) == ["searcher/index/fake.py:2 imports searcher.cli.app"]


def _whoosh_allowed(module: Module) -> bool:
    return module.package in WHOOSH_PACKAGES or module.name in WHOOSH_MODULES


@pytest.mark.parametrize("module", [m for m in MODULES if not _whoosh_allowed(m)],
                         ids=lambda m: m.name)
def test_whoosh_is_imported_only_below_the_query_layer(module: Module) -> None:
    assert [n for n, _ in module.imports() if n.split(".")[0] == "whoosh"] == []


def _private_whoosh_uses(module: Module) -> list[str]:
    """``x._name`` on anything but self/cls, and ``from whoosh… import _name``, in a module that
    imports whoosh: khabar reaching into whoosh's internals."""
    if not any(n.split(".")[0] == "whoosh" for n, _ in module.imports()):
        return []
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__") \
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
            found.append(f"{module.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            found += [f"{module.name}:{node.lineno} {a.name}" for a in node.names
                      if a.name.startswith("_")]
    return found


@pytest.mark.parametrize("module", [m for m in MODULES if m.package != "searcher.engine"],
                         ids=lambda m: m.name)
def test_only_the_engine_touches_whoosh_internals(module: Module) -> None:
    assert _private_whoosh_uses(module) == []


def test_the_engine_does_touch_them() -> None:  # the check above can see what it forbids
    assert any(_private_whoosh_uses(m) for m in MODULES if m.package == "searcher.engine")


@pytest.mark.parametrize("module", [m for m in MODULES if m.name not in ENVIRONMENT_READERS],
                         ids=lambda m: m.name)
def test_settings_are_read_in_one_place(module: Module) -> None:
    reads = [f"{module.name}:{node.lineno}" for node in ast.walk(module.tree)
             if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
                 and isinstance(node.value, ast.Name) and node.value.id == "os")]
    reads += [f"{module.name}:{line} {name}" for name, line in module.imports()
              if name.split(".")[0] == "platformdirs"]
    assert reads == []


@pytest.mark.parametrize("module", [m for m in MODULES if m.path.name == "__init__.py"
                                    and m.name.startswith("searcher")], ids=lambda m: m.name)
def test_searcher_package_inits_import_nothing(module: Module) -> None:
    assert module.imports() == [], "start-up time: import lazily, where it is needed"


def test_architecture_md_states_these_rules() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `searcher.") and len(cells) == 2:
            package = cells[0].strip("`")
            said = set() if cells[1].startswith(("—", "whoosh only")) else {
                f"searcher.{word.split(' ')[0]}" for word in cells[1].split(", ")}
            table[package] = said
    assert table == MAY_IMPORT
    for name in EXCEPTIONS:
        assert name[0].removeprefix("searcher.") in text and name[1].split(".")[-1] in text
    for pickled in PICKLED_CLASSES:
        assert pickled in text


# Tests share helpers as fixtures in conftest.py files (issue 10), never as modules they import:
# a helper module under tests/ would be importable only through pytest's sys.path insertion.
TESTS = ROOT / "tests"


def _test_sources() -> list[Path]:
    return [p for p in sorted(TESTS.rglob("*.py")) if "fixtures" not in p.relative_to(TESTS).parts]


def _imports_from_tests(tree: ast.Module) -> list[str]:
    """Modules imported by ``tree`` that are tests/ files (conftest, test modules, helpers)."""
    local = {p.stem for p in _test_sources()} | {"conftest", "tests"}
    found = []
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        found += [name for name in names if name.split(".")[0] in local]
    return found


def test_tests_hold_only_test_modules_and_conftest_files() -> None:
    helpers = [str(p.relative_to(ROOT)) for p in _test_sources()
               if p.name != "conftest.py" and not p.name.startswith("test_")]
    assert helpers == [], "move helpers into a conftest.py as fixtures"


@pytest.mark.parametrize("path", _test_sources(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_imports_another_tests_file(path: Path) -> None:
    assert _imports_from_tests(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_test_import_rule_catches_a_helper_import() -> None:
    tree = ast.parse("from conftest import KhabarHome\nimport test_architecture\n")
    assert _imports_from_tests(tree) == ["conftest", "test_architecture"]


def test_the_command_line_modules_stay_short() -> None:
    """One job per module: the CLI was split by job (find, manage, measure) when app.py passed
    500 lines; a CLI module over ~400 lines is holding more than one again."""
    long = {path.name: lines for path in sorted((ROOT / "searcher" / "cli").glob("*.py"))
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
