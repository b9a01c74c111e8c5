"""The report page: Jinja2 templates shipped as package data (``cases/templates``), autoescaped.

The templates receive plain data (:func:`._facts.page_facts`) and format it with filters bound to
the page's language (numbers, digits, state names, labels, messages); their words come from the
message catalogue through ``tr`` / ``trp`` (see :mod:`._text`).
"""

from __future__ import annotations

import base64
from functools import cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ._text import caveat_text, check_lang, date_label, digits, name, num, render, t, tr, trp, year_label

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


def pick(texts: Any, lang: str) -> Any:
    """A case file's text in ``lang`` (falling back to English); plain text as it is."""
    if isinstance(texts, dict):
        return texts.get(lang) or texts.get("en", "")
    return texts


@cache
def environment(lang: str) -> Environment:
    """The Jinja2 environment of ``lang`` (one per language, so that rendering is thread-safe)."""
    check_lang(lang)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(tr=partial(tr, lang=lang), trp=partial(trp, lang=lang), lang=lang)
    env.filters.update(
        num=lambda x, nd=3: num(x, lang, nd),
        pct=lambda x, nd=1: num(x, lang, nd, pct=True),
        digits=lambda x: digits(x, lang),
        name=lambda c: name(c, lang),
        label=lambda k: t(k, lang),
        render=lambda m: render(m, lang),
        pick=lambda x: pick(x, lang),
        year=lambda y: year_label(y, lang),
        caveat=lambda x: caveat_text(x, lang),
        date=lambda d: date_label(d, lang),
    )
    return env


def _png_uri(png: bytes | None) -> str | None:
    return None if not png else "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_html(page: dict, charts: dict[str, bytes], lang: str, version: str, print_mode: bool = False) -> str:
    """The self-contained report page (no scripts, no external resources); ``print_mode`` renders it
    for the PDF (collapsed sections open)."""
    env = environment(lang)
    css = Markup((TEMPLATES / STYLESHEET).read_text(encoding="utf-8"))
    images = {k: _png_uri(v) for k, v in charts.items()}
    return env.get_template(TEMPLATE).render(p=page, img=images, css=css, version=version, print_mode=print_mode)
