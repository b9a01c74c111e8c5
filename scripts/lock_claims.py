"""Lock the shipped cases' claim definitions (``cases/data/<case>/claims.lock.json``).

A claim's rule, thresholds and sensitivity thresholds are fixed before its verdict is looked at.
After changing any of them (or the code of a rule), give the claim a new ``version`` in
``claims.json``, add a line ``<id> v<version>: what changed and why`` to the case's ``CHANGELOG.md``,
then run this script; it refuses while a changed claim keeps its old version or has no changelog line.

Usage::

    python scripts/lock_claims.py           # rewrite the locks
    python scripts/lock_claims.py --check   # only check (tests/cases/test_prereg.py does the same)
"""

from __future__ import annotations

import argparse
import sys

from threatbalance.cases._prereg import case_folders, lock_problems, write_lock


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check the locks")
    args = ap.parse_args(argv)
    bad = []
    for key, folder in case_folders().items():
        problems = lock_problems(folder, relock=not args.check)
        bad += problems
        if not problems and not args.check:
            write_lock(folder)
            print(f"locked {key}")
    for p in bad:
        print(p, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
