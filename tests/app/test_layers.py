"""Layering rules import-linter cannot see: SQL lives in storage/ only (DESIGN.md §2)."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO

SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA)\s")  # upper case, as we write SQL


def test_no_sql_outside_storage():
    found = []
    for root in ("app", "scanner", "imaging"):
        for path in sorted((REPO / root).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, "SQL belongs in storage/:\n" + "\n".join(found)
