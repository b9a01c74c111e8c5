"""scripts/make_docs.py: fingerprints ignore what cannot change a number; every block has its markers."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def md():
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_docs"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    yield mod
    sys.modules.pop("make_docs", None)


def test_code_hash_ignores_format_docstrings_comments_and_annotations(md):
    a = 'def f(x):\n    """Doc."""\n    return x + 1\n'
    b = "def f(x: int) -> int:  # a comment\n    return (x\n            + 1)\n"
    assert md.code_hash(a) == md.code_hash(b)
    assert md.code_hash(a) != md.code_hash("def f(x):\n    return x + 2\n")


def test_every_block_has_exactly_one_marker_pair(md):
    for b in md.BLOCKS.values():
        text = (ROOT / b.file).read_text(encoding="utf-8")
        assert len(md._marker_re(b.name).findall(text)) == 1, (b.name, b.file)


def test_every_computation_has_a_committed_cache(md):
    for name in {n for b in md.BLOCKS.values() for n in b.needs}:
        path = md.BENCH if name == "benchmarks" else md.CACHE / f"{name}.json"
        assert path.is_file(), f"{path} is missing: run python scripts/make_docs.py"
        json.loads(path.read_text(encoding="utf-8"))


def test_benchmark_blocks_render_what_the_json_says(md, capsys):
    assert md.main(["--check", "--only", "readme-speed", "--only", "model-speed", "-q"]) == 0
    bench = md.load_benchmarks()
    assert {"machine", "date", "commands", "figures"} <= set(bench)


def test_unknown_block_is_a_clear_error(md, capsys):
    assert md.main(["--only", "nope"]) == 2
    assert "unknown block nope" in capsys.readouterr().err
