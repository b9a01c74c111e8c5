"""`threatbalance partners`, `common-enemies`, `landscape`: outputs, exit codes and error lines."""

from __future__ import annotations

import csv
import io
import json

import pytest


def test_partners_json_csv_table(run):
    code, out, err = run("partners", "AZE", "--year", "2012", "--top", "3", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert {"score", "common_enemy", "enemy_share", "allied", "arms_tiv"} <= set(rows[0])
    code, out, _ = run("partners", "AZE", "--year", "2012", "--top", "3", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3
    code, out, _ = run("partners", "AZE", "--year", "2012", "--top", "3")
    assert code == 0 and "Predicted partners of Azerbaijan" in out


def test_partners_rival_theory(run):
    code, out, err = run("partners", "ISR", "--year", "2005", "--theory", "un", "--top", "2", "--format", "json")
    assert code == 0, err
    assert all(r["common_enemy"] is None for r in json.loads(out))


def test_common_enemies(run):
    code, out, err = run("common-enemies", "ISR", "AZE", "--year", "2012", "--top", "2", "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["enemy_abb"] == "IRN"


def test_landscape_json(run):
    code, out, err = run("landscape", "--year", "1936", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["n_states"] == 17 and d["n_configs"] == 65536
    assert d["best"]["energy"] <= d["next_best"]["energy"]
    assert len(d["best"]["blocs"][0]) + len(d["best"]["blocs"][1]) == 17
    code, out, _ = run("landscape", "--year", "1936", "--states", "UKG,FRN,GMY,ITA,RUS")
    assert code == 0 and "Landscape 1936" in out


@pytest.mark.parametrize(
    "args,needle",
    [
        (["partners", "XYZ", "--year", "2012"], "unknown state 'XYZ'"),
        (
            ["partners", "AZE", "--year", "2012", "--theory", "liberal"],
            "unknown --theory 'liberal'; allowed: threat, power",
        ),
        (["partners", "AZE", "--year", "2012", "--top", "0"], "--top must be a positive integer"),
        (["partners", "AZE", "--year", "2012", "--format", "xml"], "unknown --format 'xml'"),
        (["partners", "AZE", "--year", "1700"], "outside the data's coverage"),
        (["landscape", "--states", "UKG"], "at least 2 states"),
        (["landscape", "--year", "1936", "--states", "UKG,AZE"], "AZE"),
    ],
)
def test_bad_input_one_line_exit_1(run, args, needle):
    code, out, err = run(*args)
    assert code == 1
    assert needle in " ".join(err.split())
    assert out == ""
