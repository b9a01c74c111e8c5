"""Print the 2012 offense-term table of docs/model.md (nuclear-armed, nuclear-latent, comparable states).

Usage: ``python scripts/offense_table.py [YEAR]``; the numbers come from
:func:`threatbalance.threat._query.offense_by_programme` with the shipped default weights.
"""

from __future__ import annotations

import sys

from threatbalance.threat._query import offense_by_programme


def main(year: int = 2012) -> None:
    g, s = offense_by_programme(year)
    print(f"| group ({year}) | states | median offense term | mean | median CINC |")
    print("|---|---|---|---|---|")
    for r in g.iter_rows(named=True):
        med, mean, cinc = r["median_offense"], r["mean_offense"], r["median_cinc"]
        print(f"| {r['group']} | {r['n']} | {med:.4f} | {mean:.4f} | {cinc:.4f} |")
    print()
    for grp in ("nuclear-armed", "nuclear-latent"):
        part = s.filter(s["group"] == grp)
        print(f"* {grp}: " + ", ".join(f"{a} {o:.3f}" for a, o in zip(part["abb"], part["offense"])))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2012)
