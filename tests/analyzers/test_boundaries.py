"""analyzers/ stays pure text logic: no searcher, whoosh only in its adapter, hazm never imported."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "analyzers"


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_imports_searcher_and_only_the_adapter_imports_whoosh() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert modules
    for module in modules:
        roots = _imported_roots(module)
        assert "searcher" not in roots, module.name
        assert "hazm" not in roots, f"{module.name}: hazm's data files are read, never imported"
        if module.name != "whoosh_analyzer.py":
            assert "whoosh" not in roots, module.name


def test_analysis_loads_neither_hazm_nor_whoosh() -> None:
    code = (
        "import sys; from analyzers import analyze; analyze('کتاب‌ها را خواندم'); "
        "print(sorted(m for m in ('hazm', 'nltk', 'whoosh') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_modules_stay_small() -> None:
    sizes = {m.name: len(m.read_text(encoding="utf-8").splitlines()) for m in PACKAGE.glob("*.py")}
    assert max(sizes.values()) < 400, sizes
