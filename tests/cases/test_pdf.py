"""The report as PDF: written by --format pdf / pdf=True, fonts embedded, Persian text in reading order."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from threatbalance.cases._pdf import render_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI", "").lower() not in ("1", "true", "yes"),
    reason="poppler-utils (pdftotext) not installed (in CI, where .ci/run installs it, the tests run and fail)",
)


def _text(pdf_bytes, tmp_path) -> str:
    p = tmp_path / "r.pdf"
    p.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout


def _clean(text: str) -> str:
    """pdftotext marks right-to-left runs with Unicode embedding controls and drops the zero-width
    non-joiner (Persian half-space, drawn as a glyph gap): compare without both."""
    return "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u200c")


def test_persian_text_comes_out_in_reading_order(tmp_path):
    sentence = "تهدید مشترک اسرائیل و جمهوری آذربایجان"
    html = f'<html dir="rtl" lang="fa"><body class="fa"><h1>آن زمان و اکنون</h1><p>{sentence}</p></body></html>'
    pdf = render_pdf(html, "fa")
    assert pdf.startswith(b"%PDF")
    text = _clean(_text(pdf, tmp_path))
    assert "آن زمان و اکنون" in text and sentence in text
    # the words in logical (reading) order, not reversed as a left-to-right renderer would store them
    assert sentence[::-1] not in text and text.index("آن زمان") < text.index(sentence)
    p = tmp_path / "fa.pdf"
    p.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(p)], capture_output=True, text=True, check=True).stdout
    assert any("Vazirmatn" in r and " yes " in r for r in fonts.splitlines())  # the shipped font, embedded


def test_persian_case_report_pdf(case_dir_fa, tmp_path):
    pdf = (case_dir_fa / "report.pdf").read_bytes()
    text = _clean(_text(pdf, tmp_path))
    for phrase in ("نتیجه‌گیری", "آن زمان و اکنون", "دفتر شواهد", "خوانش سخت‌گیرانه‌تر"):
        assert _clean(phrase) in text, phrase
    fonts = subprocess.run(
        ["pdffonts", str(case_dir_fa / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    rows = [r for r in fonts.splitlines()[2:] if r.strip()]
    assert rows and all(" yes " in r for r in rows)  # every font embedded
    assert any("Vazirmatn" in r for r in rows)
