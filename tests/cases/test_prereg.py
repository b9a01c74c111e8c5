"""Pre-registered claims: a rule or threshold edited without a new version and a changelog line fails."""

from __future__ import annotations

import json
import shutil

import pytest

from threatbalance.cases._claims import claim_hash, evaluate_claims, load_claims
from threatbalance.cases._prereg import case_folders, lock_problems, write_lock


def test_every_shipped_case_is_locked_and_logged():
    folders = case_folders()
    assert "israel-azerbaijan" in folders
    for key, folder in folders.items():
        assert lock_problems(folder) == [], key


def test_every_shipped_claim_declares_a_version_and_sensitivity():
    for folder in case_folders().values():
        for c in load_claims(folder / "claims.json"):
            raw = json.loads((folder / "claims.json").read_text(encoding="utf-8"))
            assert all("version" in x and "sensitivity" in x for x in raw)
            assert c["version"] >= 1


def test_israel_azerbaijan_restores_the_first_declared_thresholds():
    cl = {c["id"]: c for c in load_claims("israel-azerbaijan")}
    assert cl["C2"]["params"]["top"] == 5 and cl["C2"]["sensitivity"]["looser"] == {"top": 10}
    assert cl["C11"]["params"]["min_share"] == 1.0 and cl["C11"]["sensitivity"]["looser"] == {"min_share": 0.5}
    assert all(cl[k]["params"]["years"] == [1992, 2013] for k in ("C1", "C2", "C3"))


@pytest.fixture
def copy(tmp_path):
    src = case_folders()["israel-azerbaijan"]
    dst = tmp_path / "israel-azerbaijan"
    shutil.copytree(src, dst)
    return dst


def _edit(folder, fn):
    p = folder / "claims.json"
    cl = json.loads(p.read_text(encoding="utf-8"))
    fn({c["id"]: c for c in cl})
    p.write_text(json.dumps(cl, ensure_ascii=False), encoding="utf-8")


def test_editing_a_threshold_without_a_new_version_fails(copy):
    assert lock_problems(copy) == []
    _edit(copy, lambda c: c["C2"]["params"].update(top=10))
    probs = lock_problems(copy)
    assert len(probs) == 1 and "C2 changed but its version is still 2" in probs[0].replace("of C2", "C2")


def test_editing_a_sensitivity_threshold_also_counts(copy):
    _edit(copy, lambda c: c["C5"]["sensitivity"]["looser"].update(top=6))
    assert any("C5" in p and "version is still" in p for p in lock_problems(copy))


def test_a_new_version_needs_a_changelog_line_then_locks(copy):
    def bump(c):
        c["C2"]["params"]["top"] = 10
        c["C2"]["version"] = 3

    _edit(copy, bump)
    probs = lock_problems(copy, relock=True)
    assert len(probs) == 1 and "C2 v3 has no line" in probs[0]
    with open(copy / "CHANGELOG.md", "a", encoding="utf-8") as fh:
        fh.write("\n- C2 v3: top 10 (test)\n")
    assert lock_problems(copy, relock=True) == []
    assert any("not locked yet" in p for p in lock_problems(copy))
    write_lock(copy)
    assert lock_problems(copy) == []


def test_the_fingerprint_covers_the_rule_code(monkeypatch):
    from threatbalance.cases import _claims

    c = load_claims("israel-azerbaijan")[3]
    before = claim_hash(c)

    def other(p, data):  # a different rule body under the same name
        return {"verdict": "supported"}

    monkeypatch.setitem(_claims.RULES, c["rule"], other)
    assert claim_hash(c) != before


def test_sensitivity_verdicts_are_computed():
    claims = [
        {
            "id": "X1",
            "rule": "arms_supplier_rank",
            "claim": "x",
            "params": {"supplier": "ISR", "recipient": "AZE", "years": [1997, 2013], "top": 3},
            "sensitivity": {"stricter": {"top": 1}, "looser": {"top": 5}},
        }
    ]
    r = evaluate_claims(load_claims(claims), None)[0]
    assert r["verdict"] == "not_supported" and r["version"] == 1  # Israel ranks 5th in 1997-2013
    assert r["sensitivity"]["stricter"]["verdict"] == "not_supported"
    assert r["sensitivity"]["looser"] == {"params": {"top": 5}, "verdict": "supported", "value": 5}
