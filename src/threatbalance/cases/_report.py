"""Build a case report (HTML + PNG + summary.json) and write it atomically into a folder.

The report only arranges numbers computed by the public API (:mod:`._compute`, :mod:`._claims`);
its conclusion is assembled from those numbers by fixed sentence templates, never typed in.
The work is split by concept: :mod:`._facts` computes the content as plain data, :mod:`._text`
holds the words (one gettext catalogue, English and Persian), :mod:`._html` renders the Jinja2
templates and :mod:`._write` writes the folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from .._errors import InputError
from ._charts import render_all
from ._claims import evaluate_claims, load_claims
from ._compute import CaseData, collect
from ._facts import build_summary, conclusion, conclusion_facts, page_facts, then_and_now, vintage_rows, whatif_facts
from ._html import render_html
from ._registry import Case, get_case, make_case
from ._text import LANGS, Msg, check_lang, render
from ._write import DEFAULT_OUT, MARKER, check_out, report_files, write_atomic

__all__ = [
    "DEFAULT_OUT",
    "MARKER",
    "Report",
    "build_report",
    "case_report",
    "check_out",
    "custom_report",
    "evidence_model",
    "write_atomic",
]


@dataclass
class Report:
    """A built report: the data, the claim verdicts, the charts, the summary and the HTML page."""

    data: CaseData
    claims: list[dict]
    charts: dict[str, bytes]
    summary: dict
    html: str
    lang: str
    pdf: bytes | None = None

    def files(self) -> dict[str, bytes]:
        """File name -> content of everything the report folder holds."""
        return report_files(self)


def evidence_model(case: Case) -> Any:
    """A threat model whose terms also take the hostile rows of the case's ledger as evidence."""
    from ..threat import ThreatModel
    from ._ledger import hostile_events

    if case.ledger is None:
        raise InputError("use_evidence needs a ledger: this case has none (pass a ledger CSV)")
    return ThreatModel(evidence=hostile_events(case.ledger))


def build_report(
    case: Case,
    lang: str = "en",
    model: Any = None,
    claims: Any = None,
    use_evidence: bool = False,
    progress: Callable[[str], None] | None = None,
    pdf: bool = False,
) -> Report:
    """Compute and render a report in memory (see :func:`case_report` to write it); with ``pdf``
    also its print-ready PDF (:mod:`._pdf`)."""
    from .._version import __version__

    check_lang(lang)
    say = progress or (lambda text=None: None)
    if use_evidence:
        if model is not None:
            raise InputError("give either a model or use_evidence=True, not both")
        model = evidence_model(case)
    data = collect(case, model=model, progress=say)
    if use_evidence:
        n = data.ledger.filter(pl.col("direction") == "hostile").height if data.ledger is not None else 0
        data.notes.append(
            Msg(
                "the threat model takes the ledger's {n} hostile events as evidence "
                "(ThreatModel(evidence=tb.hostile_events(ledger))); without this option it uses data only",
                n=n,
            )
        )
        data.model_info["evidence"] = f"{n} hostile ledger events"
    cl = load_claims(claims if claims is not None else case.claims) if (claims is not None or case.claims) else []
    results = evaluate_claims(cl, data, progress=say)
    charts = render_all(data, progress=say, lang=lang)
    say("writing the report")
    facts = conclusion_facts(data, results)
    facts["then_now"] = then_and_now(data, cl)
    facts["whatif"] = whatif_facts(data)
    sentences = conclusion(facts)
    concl = {lg: [render(s, lg) for s in sentences] for lg in LANGS}
    pf = page_facts(data, results, sentences)
    pf.update(then_now=facts["then_now"], whatif=facts["whatif"], vintage=vintage_rows(data))
    page = render_html(pf, charts, lang, __version__)
    rep = Report(data=data, claims=results, charts=charts, summary={}, html=page, lang=lang)
    if pdf:
        from ._pdf import render_pdf

        say("writing the PDF")
        rep.pdf = render_pdf(render_html(pf, charts, lang, __version__, print_mode=True), lang)
    names = list(rep.files())
    rep.summary = build_summary(data, results, facts, concl, lang, names, __version__)
    return rep


def case_report(
    case: str | Case = "israel-azerbaijan",
    out: Path | str | None = DEFAULT_OUT,
    lang: str = "en",
    *,
    states: Any = None,
    years: Any = None,
    ledger: Any = None,
    claims: Any = None,
    heatmap_years: Any = None,
    model: Any = None,
    use_evidence: bool = False,
    progress: Callable[[str], None] | None = None,
    pdf: bool = False,
) -> dict:
    """Build a case report and write it (HTML, PNG charts, ``summary.json``, ``series.csv``, ``ledger.csv``;
    with ``pdf`` also ``report.pdf``).

    Parameters
    ----------
    case : str or Case
        A shipped case (``"israel-azerbaijan"``, see :func:`list_cases`) or a :class:`Case` from
        :func:`make_case`.
    out : path or None
        Output folder (default ``./threatbalance-report``), written atomically; None: build only.
    lang : {"en", "fa"}
        Language of the HTML page (Persian is right-to-left, with Persian digits and names).
    states, years, ledger, claims, heatmap_years
        Override the case's states (the pair stays first), years (e.g. ``"1991-2016"``), evidence
        ledger (CSV), claims (JSON) or heatmap years.
    model : threat model, optional
        Defaults to ``threatbalance.threat.default_model()``.
    use_evidence : bool
        Feed the ledger's hostile events into the threat model (``ThreatModel(evidence=...)``);
        by default the model uses the shipped data only, so that data and article stay apart.
    progress : callable, optional
        Called with a short text before each step.
    pdf : bool
        Also write ``report.pdf``, the print-ready report (WeasyPrint; fonts embedded).

    Returns
    -------
    dict
        The summary (also written as ``summary.json``), with ``"out"`` set to the folder written.

    Examples
    --------
    >>> import threatbalance as tb
    >>> s = tb.case_report("israel-azerbaijan", out=None, years="2010-2012")   # doctest: +SKIP
    >>> s["pair"], s["threatener"]                                             # doctest: +SKIP
    (['ISR', 'AZE'], 'IRN')
    """
    c = get_case(case) if not isinstance(case, Case) else case
    c = c.with_options(states=states, years=years, ledger=ledger, heatmap_years=heatmap_years)
    if out is not None:
        check_out(out)  # fail before the ~20 s of computing, not after
    rep = build_report(c, lang=lang, model=model, claims=claims, use_evidence=use_evidence, progress=progress, pdf=pdf)
    summary = dict(rep.summary)
    if out is not None:
        path = write_atomic(out, rep.files())
        summary["out"] = str(path)
    return summary


def custom_report(
    states: Any,
    years: Any = "1991-2013",
    out: Path | str | None = DEFAULT_OUT,
    lang: str = "en",
    *,
    pair: Any = None,
    threatener: Any = None,
    ledger: Any = None,
    claims: Any = None,
    heatmap_years: Any = None,
    model: Any = None,
    use_evidence: bool = False,
    progress: Callable[[str], None] | None = None,
    pdf: bool = False,
) -> dict:
    """The same report for any set of states (the first two are the focal pair unless ``pair`` is given).

    Examples
    --------
    >>> import threatbalance as tb
    >>> s = tb.custom_report("ISR,AZE,IRN,ARM", years="2005-2007", out=None)   # doctest: +SKIP
    >>> s["case"]                                                             # doctest: +SKIP
    'custom'
    """
    c = make_case(
        states, years=years, pair=pair, threatener=threatener, ledger=ledger, claims=claims, heatmap_years=heatmap_years
    )
    return case_report(c, out=out, lang=lang, model=model, use_evidence=use_evidence, progress=progress, pdf=pdf)
