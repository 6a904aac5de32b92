"""The folders are layers: a lower one never imports a higher one (the data's path, README)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "querydsl"

#: What each folder may import from querydsl besides itself.
ALLOWED = {
    "carddata": set(),
    "language": {"carddata"},
    "wire": {"carddata", "language"},
}


def imported_folders(module: Path) -> set[str]:
    """The querydsl folders (or top-level modules) `module` imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "querydsl" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_a_lower_layer_imports_no_higher_one(folder: str) -> None:
    modules = sorted((PACKAGE / folder).rglob("*.py"))  # subpackages too (language/types/)
    assert modules, f"querydsl/{folder} holds no module"
    for module in modules:
        outside = imported_folders(module) - {folder} - ALLOWED[folder]
        assert not outside, f"{module.relative_to(PACKAGE)} imports querydsl.{sorted(outside)}"


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "lexer.py"
    module.write_text("def late():\n    from querydsl.homebank.schema import HOMEBANK\n")
    assert imported_folders(module) == {"homebank"}
