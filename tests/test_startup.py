"""Lazy imports (issue 9): ``import threatbalance`` and ``threatbalance --help`` load no heavy library.

Each check runs in a fresh interpreter (a subprocess) and inspects ``sys.modules``; no timing here
(benchmarks/bench_panel.py times startup).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import threatbalance as tb

HEAVY = ("polars", "numpy", "sklearn", "matplotlib", "pyarrow", "pandas", "scipy", "dash", "plotly")
SRC = str(Path(tb.__file__).resolve().parent.parent)


def _loaded_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the heavy top-level packages it left in sys.modules."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    return sorted(loaded & set(HEAVY))


def test_import_loads_no_heavy_library():
    assert _loaded_after("import threatbalance") == []


def test_help_loads_no_heavy_library():
    code = (
        "import contextlib, io\n"
        "from threatbalance.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as buf, contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "assert 'panel' in buf.getvalue() and 'serve' in buf.getvalue(), buf.getvalue()\n"
    )
    assert _loaded_after(code) == []


def test_probe_can_fail():
    """The probe does see a heavy import when there is one."""
    assert "polars" in _loaded_after("import threatbalance as tb; tb.dyad_years")


def test_all_names_resolve():
    """Every public name of the lazy map resolves, and ``__all__`` is exactly the map."""
    assert sorted(tb.__all__) == sorted(tb._EXPORTS)
    for name in tb.__all__:
        assert getattr(tb, name) is not None, name
    assert set(tb.__all__) <= set(dir(tb))
    from threatbalance import Panel, dyad_years  # noqa: F401

    assert callable(tb.Panel.add_nmc)  # panels come with their add_* steps


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        tb.no_such_name  # noqa: B018


def test_submodules_are_attributes():
    assert tb.evaluation.__name__ == "threatbalance.evaluation"
    assert tb.covariates.__name__ == "threatbalance.covariates"


def test_cli_default_out_matches_cases():
    """The case commands spell out the default report folder so as not to import the case machinery."""
    from threatbalance.cases import DEFAULT_OUT
    from threatbalance.cli import case_cmds

    assert case_cmds.DEFAULT_OUT == DEFAULT_OUT
