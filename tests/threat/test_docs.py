"""docs/model.md states every feature with its formula and the shipped default weights."""

from __future__ import annotations

from pathlib import Path

import pytest

from threatbalance.threat import DEFAULT_INTERCEPT, DEFAULT_WEIGHTS, FEATURE_NAMES

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


@pytest.fixture(scope="module")
def doc() -> str:
    if not DOC.is_file():  # pragma: no cover - installed without the docs
        pytest.skip("docs/model.md not found")
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FEATURE_NAMES)
def test_feature_row_with_default_weight(doc, name):
    rows = [line for line in doc.splitlines() if line.startswith(f"| `{name}` |")]
    assert len(rows) == 1, f"{name} needs exactly one row in a feature table of docs/model.md"
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    w = DEFAULT_WEIGHTS[name]
    assert cells[-2] == "0" if w == 0 else cells[-2].startswith(f"{w:.4f}"), (name, cells[-2], w)


def test_intercept_and_commands(doc):
    assert f"{DEFAULT_INTERCEPT:.4f}".replace("-", "−") in doc
    assert "threatbalance evaluate --task mid-onset --train 1816-1990 --test 1991-2010" in doc
    assert "python benchmarks/bench_threat.py" in doc
