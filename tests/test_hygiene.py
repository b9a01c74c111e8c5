"""Tests that cannot fail, or that vanish on an import error, are themselves test failures.

Scans every Python file under tests/ (syntax tree, not text, so this file's own strings do not count) for:

* a constant condition (``x if False else y``, ``if True:``, ``assert a or True``): one branch never runs;
* ``pytest.importorskip("threatbalance...")``: the package's own modules must import, or the tests fail;
* ``try: from threatbalance... import ...`` / ``except ImportError: pytest.skip(...)``: the same, by hand.

``importorskip`` stays allowed for optional third-party extras (dash, playwright).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FILES = sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _is_const(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, bool | int | str | type(None))


def _own_module(name: str | None) -> bool:
    return bool(name) and (name == "threatbalance" or name.startswith("threatbalance."))


def _imports_own(body: list[ast.stmt]) -> bool:
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.ImportFrom) and _own_module(node.module):
                return True
            if isinstance(node, ast.Import) and any(_own_module(a.name) for a in node.names):
                return True
    return False


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = [handler.type] if not isinstance(handler.type, ast.Tuple) else handler.type.elts
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names)


def _calls_skip(body: list[ast.stmt]) -> bool:
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "skip":
                return True
    return False


def problems(source: str, filename: str = "<test>") -> list[str]:
    """Every pattern above in ``source``, as ``file:line: what``."""
    out = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.If | ast.IfExp) and _is_const(node.test):
            out.append(f"{where}: constant condition {ast.unparse(node.test)!r}")
        test = node.test if isinstance(node, ast.Assert) else None
        if (
            isinstance(test, ast.BoolOp)
            and isinstance(test.op, ast.Or)
            and any(_is_const(v) and v.value for v in test.values)
        ):
            out.append(f"{where}: assert ... or <true constant> always passes")
        if isinstance(node, ast.Assert) and _is_const(node.test) and node.test.value:
            out.append(f"{where}: assert of a true constant")
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "importorskip":
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _own_module(arg.value.split(":")[0]):
                out.append(f"{where}: importorskip of the package's own module {arg.value!r}")
        if isinstance(node, ast.Try) and _imports_own(node.body):
            for h in node.handlers:
                if _catches_import_error(h) and _calls_skip(h.body):
                    out.append(f"{where}: skips when the package's own module fails to import")
    return out


@pytest.mark.parametrize(
    "src",
    [
        "assert (x, y if False else 0) == (0, 0)",
        "assert v.height == 0 or True",
        "if True:\n    assert f()",
        'pytest.importorskip("threatbalance.threat")',
        "try:\n    from threatbalance.threat import m\nexcept ImportError:\n    pytest.skip('no model')",
    ],
)
def test_the_scanner_finds_each_pattern(src):
    assert len(problems(src)) == 1, problems(src)


def test_the_scanner_allows_optional_extras():
    ok = (
        'pytest.importorskip("dash")\n'
        "try:\n    import playwright\nexcept ImportError:\n    pytest.skip('no playwright')\n"
        "while True:\n    break\n"
    )
    assert problems(ok) == []


def test_no_test_that_cannot_fail_or_vanishes_on_an_import_error():
    assert len(FILES) > 30
    found = [p for f in FILES for p in problems(f.read_text(encoding="utf-8"), str(f.relative_to(TESTS.parent)))]
    assert found == []
