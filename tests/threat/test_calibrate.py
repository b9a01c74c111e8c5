"""The shipped default weights are reproducible: ``python -m threatbalance.threat._calibrate`` regenerates them."""

from __future__ import annotations

import ast
import re
import types

import numpy as np
import pytest

from threatbalance.threat import _calibrate, _defaults
from threatbalance.threat._features import FEATURE_NAMES, build_features, mid_outcome, panel_keys
from threatbalance.threat._model import OUTCOME_YEARS, ThreatModel, fill_medians


def _constants(text: str) -> dict:
    """The module-level constants of a generated ``_defaults.py`` (parsed, not executed)."""
    out = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out[node.targets[0].id] = ast.literal_eval(node.value)
    return out


def _close(a: dict, b: dict, tol: float) -> list[str]:
    bad = []
    for k in ("TRAIN_YEARS", "N_TRAIN", "N_EVENTS"):
        if a[k] != b[k]:
            bad.append(f"{k}: {a[k]} != {b[k]}")
    for k in ("INTERCEPT", "INTERCEPT_FIT"):
        if abs(a[k] - b[k]) > tol:
            bad.append(f"{k}: {a[k]} != {b[k]}")
    for k in ("WEIGHTS", "FILL"):
        if list(a[k]) != list(b[k]):
            bad.append(f"{k}: features differ")
        bad += [f"{k}[{c}]: {a[k][c]} != {b[k][c]}" for c in a[k] if abs(a[k][c] - b[k].get(c, np.inf)) > tol]
    d = np.abs(np.asarray(a["COVARIANCE"]) - np.asarray(b["COVARIANCE"]))
    if d.max() > tol:
        bad.append(f"COVARIANCE: max difference {d.max():.3g}")
    return bad


def _fake_fit() -> types.SimpleNamespace:
    k = len(FEATURE_NAMES)
    return types.SimpleNamespace(
        weights_={c: 0.1 * j for j, c in enumerate(FEATURE_NAMES)},
        fill_values_=dict.fromkeys(FEATURE_NAMES, -0.0),
        intercept_=-10.01714,
        intercept_fit_=-9.5,
        covariance_=np.eye(k + 1) * 1e-3 - 1e-13,
        n_train_=10,
        n_events_=2,
        train_years_=(1816, 2010),
        recalibrate_years=10,
        cov_type="twoway",
    )


def test_training_counts_and_fill_values_of_the_shipped_defaults():
    keys = panel_keys(*OUTCOME_YEARS)
    assert (keys.height, int(mid_outcome(keys).sum())) == (_defaults.N_TRAIN, _defaults.N_EVENTS)
    assert _defaults.TRAIN_YEARS == OUTCOME_YEARS
    fill = fill_medians(build_features(keys, *ThreatModel()._feature_params()))
    assert list(_defaults.FILL) == list(FEATURE_NAMES)
    for c in FEATURE_NAMES:
        assert fill[c] == pytest.approx(_defaults.FILL[c], abs=1e-6), c


def test_render_is_deterministic_and_undated():
    m = _fake_fit()
    text = _calibrate.render(m)
    assert text == _calibrate.render(m)
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", text)  # no date stamp
    assert "-0.0" not in text  # signed zeros would make equal numbers differ in bytes
    c = _constants(text)
    assert c["INTERCEPT"] == -10.0171 and c["WEIGHTS"][FEATURE_NAMES[3]] == 0.3
    assert c["N_TRAIN"] == 10 and len(c["COVARIANCE"]) == len(FEATURE_NAMES) + 1


def test_the_command_writes_only_where_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(_calibrate, "fit_defaults", _fake_fit)
    with pytest.raises(SystemExit):  # neither --out nor --package: nothing is written
        _calibrate.main([])
    out = _calibrate.main(["--out", str(tmp_path / "d.py")])
    assert out.read_text(encoding="utf-8") == _calibrate.render(_fake_fit())
    assert _calibrate.PACKAGE_FILE.name == "_defaults.py" and _calibrate.PACKAGE_FILE.exists()


def test_shipped_file_equals_what_the_script_writes_for_its_numbers():
    """The shipped file is byte-for-byte the script's rendering of the numbers it holds."""
    shipped = _calibrate.PACKAGE_FILE.read_text(encoding="utf-8")
    c = _constants(shipped)
    m = types.SimpleNamespace(
        weights_=c["WEIGHTS"],
        fill_values_=c["FILL"],
        intercept_=c["INTERCEPT"],
        intercept_fit_=c["INTERCEPT_FIT"],
        covariance_=np.asarray(c["COVARIANCE"]),
        n_train_=c["N_TRAIN"],
        n_events_=c["N_EVENTS"],
        train_years_=c["TRAIN_YEARS"],
        recalibrate_years=10,
        cov_type="twoway",
    )
    assert _calibrate.render(m) == shipped


@pytest.mark.slow
def test_regenerated_weights_equal_the_shipped_ones(tmp_path):
    out = _calibrate.main(["--out", str(tmp_path / "_defaults.py")])
    new, shipped = _constants(out.read_text(encoding="utf-8")), _constants(_calibrate.PACKAGE_FILE.read_text())
    assert _close(new, shipped, 1e-6) == []
