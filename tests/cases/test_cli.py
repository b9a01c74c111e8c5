"""The ``case`` and ``report`` commands."""

from __future__ import annotations

import json


def test_case_list(run_cli):
    code, out, _ = run_cli("case", "--list", "--format", "json")
    keys = [c["key"] for c in json.loads(out)]
    assert code == 0 and keys == ["israel-azerbaijan", "israel-gulf", "eastern-mediterranean"]


def test_user_errors_exit_1(run_cli, tmp_path):
    code, _, err = run_cli("case", "israel-iran", "--out", str(tmp_path / "x"))
    assert code == 1 and "unknown case 'israel-iran'" in err
    code, _, err = run_cli("case", "israel-azerbaijan", "--lang", "de", "--out", str(tmp_path / "x"))
    assert code == 1 and "unknown --lang 'de'" in err
    code, _, err = run_cli("case")
    assert code == 1 and "--list" in err
    code, _, err = run_cli("report", "--states", "ISR,Atlantis", "--out", str(tmp_path / "y"))
    assert code == 1 and "Atlantis" in err
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_case_command_json(run_cli, tmp_path, threat_model):
    out = tmp_path / "rep"
    code, stdout, _ = run_cli(
        "case", "israel-azerbaijan", "--years", "2011-2013", "--out", str(out), "--format", "json"
    )
    assert code == 0
    s = json.loads(stdout)
    assert s["years"] == [2011, 2013] and s["out"] == str(out.resolve()) and (out / "report.html").exists()
    assert json.loads((out / "summary.json").read_text())["claims"][0]["id"] == "C1"


def test_report_command_any_states(run_cli, tmp_path, threat_model):
    out = tmp_path / "custom"
    code, _, err = run_cli("report", "--states", "ARM,GEO,RUS,TUR", "--years", "2000-2002", "--out", str(out))
    assert code == 0, err
    s = json.loads((out / "summary.json").read_text())
    assert s["case"] == "custom" and s["pair"] == ["ARM", "GRG"] and s["claims"] == []
    assert s["threatener"] is not None  # the model's most frequent common enemy
    assert "report.html" in err
    # no case: nothing about "the article", no claims or ledger section, no role the user did not give
    page = (out / "report.html").read_text(encoding="utf-8")
    text = page + " ".join(s["conclusion"]["en"])
    assert "the article" not in text.lower() and "article's" not in text.lower()
    assert "Where data and article agree" not in page and 'id="ledger"' not in page and 'id="claims"' not in page
    assert "named common threat" not in page


def test_with_evidence_feeds_the_ledger_into_the_model(run_cli, tmp_path, threat_model):
    shares = {}
    for flag in ([], ["--with-evidence"]):
        code, stdout, err = run_cli(
            "case",
            "israel-azerbaijan",
            "--years",
            "2012-2012",
            "--out",
            str(tmp_path / f"r{len(flag)}"),
            "--format",
            "json",
            *flag,
        )
        assert code == 0, err
        s = json.loads(stdout)
        shares[bool(flag)] = s["series"][0]["threatener_share"]
        assert bool(flag) == any("hostile events as evidence" in n for n in s["notes"])
    assert shares[True] > shares[False]


def test_persian_terminal_summary_uses_persian_digits(run_cli, tmp_path, threat_model):
    import re

    code, _, err = run_cli(
        "case", "israel-azerbaijan", "--lang", "fa", "--years", "2012-2013", "--out", str(tmp_path / "fa")
    )
    assert code == 0, err
    claim_lines = [ln for ln in err.splitlines() if re.match(r"\s+C\d+", ln)]
    assert claim_lines and not any(re.search(r"[0-9]", ln.split(None, 1)[1]) for ln in claim_lines)
