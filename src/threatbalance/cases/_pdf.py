"""The report as a print-ready PDF (WeasyPrint: HTML and CSS to PDF, fonts embedded).

The PDF is the report page rendered for print: the same template with ``print_mode`` (collapsed
sections open, no navigation bar), an ``@page`` rule (A4, page numbers) and, in Persian, the shipped
Vazirmatn font declared with ``@font-face`` so that it is embedded (SIL OFL 1.1 allows embedding).
WeasyPrint shapes Persian with HarfBuzz and lays it out right to left, so the text layer of the PDF
holds the words in reading order (``pdftotext`` gives them back; ``tests/cases/test_pdf.py``).
"""

from __future__ import annotations

from pathlib import Path

from .._errors import InputError

FONTS = Path(__file__).parent / "fonts"

PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #666; } }
nav { display: none; }
main { max-width: none; padding: 0; }
body { background: #fff; font-size: 9.5pt; }
table { font-size: 6.8pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
.scroll { overflow: visible; }
figure { page-break-inside: avoid; }
figure img { max-width: 100%; }
h2 { page-break-after: avoid; }
details pre { font-size: 6pt; }
"""


def font_face() -> str:
    """``@font-face`` rules for the shipped Vazirmatn font (regular and bold), as file URLs."""
    reg, bold = (FONTS / "Vazirmatn-Regular.ttf").as_uri(), (FONTS / "Vazirmatn-Bold.ttf").as_uri()
    return (
        f"@font-face {{ font-family: Vazirmatn; src: url({reg}); font-weight: normal; }}\n"
        f"@font-face {{ font-family: Vazirmatn; src: url({bold}); font-weight: bold; }}\n"
        "body.fa { font-family: Vazirmatn, sans-serif; }\n"
    )


FA_PAGE = '@page { @bottom-center { content: counter(page, persian) " / " counter(pages, persian); } }\n'


def render_pdf(html: str, lang: str = "en") -> bytes:
    """The PDF of a report page rendered with ``print_mode`` (see :func:`._html.render_html`)."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: the system's Pango libraries are missing
        raise InputError(
            f"--format pdf needs WeasyPrint and the Pango libraries (pip install weasyprint; "
            f"apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from None
    fonts = FontConfiguration()
    css = CSS(string=PRINT_CSS + font_face() + (FA_PAGE if lang == "fa" else ""), font_config=fonts)
    return HTML(string=html, base_url=str(FONTS)).write_pdf(stylesheets=[css], font_config=fonts)
