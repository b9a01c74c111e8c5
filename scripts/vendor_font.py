"""Vendor the Vazirmatn font (SIL Open Font License 1.1) into the package for Persian charts and PDFs.

Vazirmatn (Saber Rastikerdar) is distributed on the npm registry as the package ``vazirmatn``; this
script takes its Regular and Bold TrueType files and its OFL licence from that package's tarball and
copies them into ``src/threatbalance/cases/fonts/`` with a ``FONT.json`` recording name, version,
licence and origin.  (Debian bookworm has no ``fonts-vazirmatn`` package and PyPI none that ships
the font.)

Usage::

    npm pack vazirmatn@33.0.3            # writes vazirmatn-33.0.3.tgz here
    python scripts/vendor_font.py vazirmatn-33.0.3.tgz
"""

from __future__ import annotations

import hashlib
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "threatbalance" / "cases" / "fonts"
FILES = {
    "package/fonts/ttf/Vazirmatn-Regular.ttf": "Vazirmatn-Regular.ttf",
    "package/fonts/ttf/Vazirmatn-Bold.ttf": "Vazirmatn-Bold.ttf",
    "package/OFL.txt": "OFL.txt",
}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    tgz = Path(argv[0])
    OUT.mkdir(parents=True, exist_ok=True)
    meta: dict = {}
    with tarfile.open(tgz) as tf:
        pkg = json.load(tf.extractfile("package/package.json"))
        for src, dst in FILES.items():
            data = tf.extractfile(src).read()
            (OUT / dst).write_bytes(data)
            meta[dst] = hashlib.sha256(data).hexdigest()
    info = {
        "name": "Vazirmatn",
        "version": pkg["version"],
        "author": "Saber Rastikerdar",
        "licence": "SIL Open Font License 1.1 (OFL.txt)",
        "origin": f"npm package vazirmatn@{pkg['version']} (https://github.com/rastikerdar/vazirmatn)",
        "sha256": meta,
    }
    (OUT / "FONT.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {', '.join(FILES.values())} and FONT.json into {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
