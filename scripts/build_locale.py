"""Build the case report's message catalogue: extract, update the .po files, compile the .mo files.

Every user-visible string of the case report is an English message id in the code
(``tr("...")``, ``trp("context", "...")``, ``Msg("...")``, ``PMsg("context", "...")``, ``N_("...")``)
or in a template (``tr("...")``).  This script

1. extracts them (Babel; Jinja2's extractor for ``cases/templates/*.j2``) into
   ``cases/locale/threatbalance.pot``;
2. updates ``cases/locale/{en,fa}/LC_MESSAGES/threatbalance.po``: new ids are added (English:
   translated by themselves; Persian: empty, to be translated), ids no longer used are dropped;
3. compiles each ``.po`` into the ``.mo`` that the package ships.

Usage::

    python scripts/build_locale.py            # rewrite the catalogue files
    python scripts/build_locale.py --check    # exit 1 if any file is stale or a Persian
                                              # translation is missing (CI; tests/cases/test_text.py)
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "src" / "threatbalance" / "cases"
LOCALE = CASES / "locale"
DOMAIN = "threatbalance"
LANGS = ("en", "fa")
#: Functions whose string arguments are message ids (Babel keyword specs: argument positions, "c" = context).
KEYWORDS = {
    "tr": None,
    "_t": None,
    "T": None,
    "N_": None,
    "Msg": None,
    "trp": ((1, "c"), 2),
    "PMsg": ((1, "c"), 2),
}
#: Fixed dates keep the files byte-stable from one run to the next.
DATE = datetime(2025, 1, 1, tzinfo=UTC)


def sources() -> list[tuple[Path, str]]:
    """Files to extract from, with Babel's extraction method."""
    py = [(p, "python") for p in sorted(CASES.glob("*.py"))]
    py.append((CASES.parent / "cli" / "case_cmds.py", "python"))  # the case commands' terminal output
    py += [(p, "python") for p in sorted((CASES.parent / "web").glob("*.py"))]  # the dashboard's labels
    j2 = [(p, "jinja2.ext:babel_extract") for p in sorted((CASES / "templates").glob("*.j2"))]
    return py + j2


def extract_catalog() -> Catalog:
    """The template catalogue: every message id used by the code and the templates."""
    cat = Catalog(project="threatbalance", domain=DOMAIN, creation_date=DATE, revision_date=DATE, fuzzy=False)
    for path, method in sources():
        opts = {"trim_blocks": "1", "lstrip_blocks": "1"} if method.startswith("jinja2") else {}
        with open(path, "rb") as fh:
            for lineno, msgid, _comments, context in extract(method, fh, keywords=KEYWORDS, options=opts):
                cat.add(msgid, locations=[(str(path.relative_to(CASES.parent)), lineno)], context=context)
    return cat


def _po_bytes(cat: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, cat, width=100, include_lineno=False, sort_output=False)
    return buf.getvalue()


def _mo_bytes(cat: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    return buf.getvalue()


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str) -> Catalog | None:
    p = po_path(lang)
    if not p.is_file():
        return None
    with open(p, "rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def updated(lang: str, template: Catalog) -> Catalog:
    """The ``lang`` catalogue for ``template``'s ids, keeping the translations it already has."""
    old = read_catalog(lang)
    cat = Catalog(
        locale=lang, project="threatbalance", domain=DOMAIN, creation_date=DATE, revision_date=DATE, fuzzy=False
    )
    cat.language_team = cat.last_translator = "threatbalance developers"
    for m in template:
        if not m.id:
            continue
        prev = old.get(m.id, context=m.context) if old is not None else None
        if lang == "en":
            string = m.id
        else:
            string = prev.string if prev is not None and not prev.fuzzy else ""
        cat.add(m.id, string, locations=m.locations, context=m.context)
    return cat


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def build(check: bool = False) -> list[str]:
    """Write (or, with ``check``, compare) the catalogue files; returns the problems found."""
    template = extract_catalog()
    files = {LOCALE / f"{DOMAIN}.pot": _po_bytes(template)}
    problems = []
    for lang in LANGS:
        cat = updated(lang, template)
        missing = [m.id for m in cat if m.id and not m.string]
        problems += [f"{lang}: no translation of {mid!r}" for mid in missing]
        files[po_path(lang)] = _po_bytes(cat)
        files[po_path(lang).with_suffix(".mo")] = _mo_bytes(cat)
    for path, content in files.items():
        if path.is_file() and path.read_bytes() == content:
            continue
        if check:
            problems.append(f"{_shown(path)} is stale: run python scripts/build_locale.py")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            print(f"wrote {_shown(path)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the files are current and complete")
    args = ap.parse_args(argv)
    problems = build(check=args.check)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
