"""Fill the weight and fill cells of the v2 feature rows in docs/model.md from the shipped defaults.

Usage: ``python scripts/doc_v2_rows.py`` (after ``python -m threatbalance.threat._calibrate``).
"""

from __future__ import annotations

import re
from pathlib import Path

from threatbalance.threat._defaults import FILL, WEIGHTS
from threatbalance.threat._features import BLOCKS, HAND_SET

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"
V2 = [*BLOCKS["offense_v2"], *BLOCKS["intent_v2"], *BLOCKS["events"]]


def main() -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        m = re.match(r"\| `(\w+)` \|", line)
        if not m or m.group(1) not in V2:
            continue
        name = m.group(1)
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cells = cells[:3]
        w = WEIGHTS[name]
        wt = f"{w:.4f} (hand-set, not fitted)" if name in HAND_SET else ("0" if w == 0 else f"{w:.4f}")
        lines[k] = "| " + " | ".join([*cells, wt, f"{FILL[name]:.4g}"]) + " |"
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
