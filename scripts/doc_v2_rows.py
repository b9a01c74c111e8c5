"""Fill the weight (s.e.) and fill cells of every feature row in docs/model.md from the shipped defaults.

Usage: ``python scripts/doc_v2_rows.py`` (after ``python -m threatbalance.threat._calibrate``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from threatbalance.threat._defaults import COVARIANCE, FILL, WEIGHTS
from threatbalance.threat._features import FEATURE_NAMES, HAND_SET

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"
SE = dict(zip(FEATURE_NAMES, np.sqrt(np.maximum(np.diag(np.asarray(COVARIANCE))[1:], 0.0))))


def main() -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        m = re.match(r"\| `(\w+)` \|", line)
        if not m or m.group(1) not in FEATURE_NAMES:
            continue
        name = m.group(1)
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cells = cells[:3]
        w = WEIGHTS[name]
        wt = f"{w:.4f} (hand-set, not fitted)" if name in HAND_SET else ("0" if w == 0 else f"{w:.4f} ({SE[name]:.3f})")
        lines[k] = "| " + " | ".join([*cells, wt, f"{FILL[name]:.4g}"]) + " |"
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
