"""Pre-registration of the shipped claims: a lock file of rule fingerprints and a changelog per case.

Each shipped case folder (``cases/data/<case>/``) holds ``claims.json``, ``claims.lock.json`` and
``CHANGELOG.md``.  The lock maps each claim id to its ``version`` and :func:`~._claims.claim_hash`
(its rule, thresholds, sensitivity thresholds and the code of its rule).  :func:`lock_problems`
lists every claim whose definition differs from its lock without a new version, whose version
has no line ``<id> v<version>`` in the changelog, or that is missing from the lock; the test
``tests/cases/test_prereg.py`` fails on any, and ``scripts/lock_claims.py`` rewrites a lock only
when there are none besides stale fingerprints of newly versioned claims.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ._claims import claim_hash, load_claims

LOCK = "claims.lock.json"
CHANGELOG = "CHANGELOG.md"


def case_folders() -> dict[str, Path]:
    """Shipped case key -> its data folder (the folder of its claims file)."""
    from ._registry import _raw_cases, get_case

    out = {}
    for key in _raw_cases():
        c = get_case(key)
        if c.claims is not None:
            out[key] = Path(c.claims).parent
    return out


def read_lock(folder: Path) -> dict:
    p = folder / LOCK
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}


def _logged(folder: Path, cid: str, version: int) -> bool:
    p = folder / CHANGELOG
    text = p.read_text(encoding="utf-8") if p.is_file() else ""
    return re.search(rf"(?<![\w.]){re.escape(cid)} v{version}\b", text) is not None


def lock_problems(folder: Path, relock: bool = False) -> list[str]:
    """What is wrong between a case's claims, its lock and its changelog ([] when all agree).

    With ``relock``, a changed fingerprint is accepted when the claim's version is higher than the
    locked one and the changelog has its line (what ``scripts/lock_claims.py`` then writes)."""
    claims = load_claims(folder / "claims.json")
    lock = read_lock(folder)
    out = []
    for c in claims:
        cid, v, h = c["id"], c["version"], claim_hash(c)
        old = lock.get(cid)
        if not _logged(folder, cid, v):
            out.append(f"{folder.name}: {cid} v{v} has no line '{cid} v{v}: ...' in {CHANGELOG}")
        if old is None:
            if not relock:
                out.append(f"{folder.name}: {cid} is not in {LOCK} (run python scripts/lock_claims.py)")
            continue
        if old["sha256"] == h and old["version"] == v:
            continue
        if old["sha256"] != h and v <= old["version"]:
            out.append(
                f"{folder.name}: the rule or thresholds of {cid} changed but its version is still {v}; "
                f"give it version {old['version'] + 1} and a line '{cid} v{old['version'] + 1}: ...' in {CHANGELOG}"
            )
        elif v < old["version"]:
            out.append(f"{folder.name}: {cid} has version {v}, lower than the locked {old['version']}")
        elif not relock:
            out.append(f"{folder.name}: {cid} v{v} is not locked yet (run python scripts/lock_claims.py)")
    gone = sorted(set(lock) - {c["id"] for c in claims})
    if gone and not relock:
        out.append(f"{folder.name}: claims {gone} are locked but no longer declared (say so in {CHANGELOG}, relock)")
    return out


def write_lock(folder: Path) -> dict:
    """The lock of a case's current claims (id -> version, fingerprint, rule), written to its folder."""
    lock = {
        c["id"]: {"version": c["version"], "rule": c["rule"], "sha256": claim_hash(c)}
        for c in load_claims(folder / "claims.json")
    }
    (folder / LOCK).write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return lock
