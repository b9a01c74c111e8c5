"""The report's charts as PNG bytes (matplotlib Figure objects on the Agg canvas; no pyplot state).

Every chart draws numbers already held in a :class:`CaseData`; none is computed here.  All time
charts share the x-range of the report's years so they line up in the HTML page.  Every label
comes from the message catalogue (:func:`._text.tr`) in the chart's ``lang``; Persian labels are
shaped for drawing (joined letters in visual order), in the shipped Vazirmatn font, with Persian digits
and Solar Hijri years.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import polars as pl

from ._compute import TERMS, CaseData
from ._text import digits, num, shape, tr, year_label
from ._text import t as label_of

TERM_COLORS = {"power": "#4C72B0", "proximity": "#55A868", "offense": "#C44E52", "intent": "#8172B2"}
DIM_COLORS = {
    "diplomatic": "#4C72B0",
    "economic": "#DD8452",
    "energy": "#937860",
    "military-security": "#C44E52",
    "threat perception": "#8172B2",
    "other": "#7F7F7F",
}
DIR_MARKERS = {"hostile": "v", "cooperative": "^"}
DPI = 110
F = TypeVar("F", bound=Callable[..., Any])


#: Chart style, applied with ``matplotlib.rc_context`` while a chart is drawn (no global change).
_STYLE = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "threatbalance",
    "path.simplify": True,
}
FONTS = Path(__file__).parent / "fonts"
#: The shipped Persian font (Vazirmatn, SIL OFL 1.1; see ``fonts/FONT.json``).
FA_FONT = FONTS / "Vazirmatn-Regular.ttf"


# matplotlib.rc_context changes the process-wide rcParams while a chart is drawn and restores them after;
# the lock keeps two threads from interleaving (which could leave one thread's style in force).
_STYLE_LOCK = threading.RLock()


def _styled(fn: F) -> F:
    """Draw the chart under the report's style in its language (argument ``lang``), restoring
    matplotlib's settings afterwards."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import matplotlib

        lang = kwargs.get("lang", args[1] if len(args) > 1 else "en")
        with _STYLE_LOCK, matplotlib.rc_context(_style(lang)):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class _Figures:
    """The few pyplot names the charts use, on ``matplotlib.figure.Figure`` objects with the Agg canvas.

    No pyplot state: the backend is never switched and no figure is registered with pyplot.
    """

    @staticmethod
    def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None, **kw: Any):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
        return fig, fig.subplots(nrows, ncols, **kw)

    @staticmethod
    def get_cmap(name: str):
        import matplotlib

        return matplotlib.colormaps[name]

    @property
    def Line2D(self):  # the pyplot name
        from matplotlib.lines import Line2D

        return Line2D


def _plt() -> _Figures:
    return _Figures()


def _style(lang: str) -> dict:
    """The rc settings of a chart in ``lang`` (Persian: the shipped Vazirmatn font first)."""
    st = dict(_STYLE)
    if lang == "fa":
        from matplotlib import font_manager

        if "Vazirmatn" not in {f.name for f in font_manager.fontManager.ttflist}:
            font_manager.fontManager.addfont(str(FA_FONT))
        st["font.family"] = ["Vazirmatn", "DejaVu Sans"]
        st["axes.unicode_minus"] = False
    return st


def _n(text: str, lang: str) -> str:
    """A bare label (a state name) shaped for drawing."""
    return shape(text, lang)


def _t(msgid: str, lang: str, **kw: Any) -> str:
    """A catalogue message in ``lang``, shaped for drawing (Persian joined and in visual order)."""
    return shape(tr(msgid, lang, **kw), lang)


def _v(key: str, lang: str) -> str:
    """The label of a data value in ``lang``, shaped for drawing."""
    return shape(label_of(key, lang), lang)


def _fa_tick(v: float) -> str:
    """A tick value in Persian digits, as short as the default (``100``, ``0.25``, ``1,500``).

    >>> _fa_tick(100.0), _fa_tick(0.25), _fa_tick(1500.0)
    ('۱۰۰', '۰٫۲۵', '۱٬۵۰۰')
    """
    return f"{v:,.6g}".translate(str.maketrans("0123456789.,-", "۰۱۲۳۴۵۶۷۸۹٫٬−"))


def _persian_numbers(fig, lang: str) -> None:
    """Persian digits on every numeric axis of ``fig`` (tick labels set by hand are left alone)."""
    if lang != "fa":
        return
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), (FixedFormatter, FuncFormatter)):
                continue
            axis.set_major_formatter(FuncFormatter(lambda v, pos: _fa_tick(v)))


def _png(fig, lang: str = "en") -> bytes:
    _persian_numbers(fig, lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _abb(data: CaseData, lang: str = "en") -> dict[int, str]:
    """State labels of the charts: abbreviations in English, Persian names in Persian (unshaped: shape
    the whole label they go into, or :func:`_n` for a bare name)."""
    from ..states import state_name, state_table

    t = state_table().select("code", "abb")
    if lang == "fa":
        return {c: state_name(c, lang="fa") for c in t["code"].to_list()}
    return dict(zip(t["code"].to_list(), t["abb"].to_list()))


def _xlim(ax, data: CaseData, lang: str = "en") -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter

    ax.set_xlim(data.years[0] - 0.6, data.years[-1] + 0.6)
    step = 1 if len(data.years) <= 12 else 2
    ax.xaxis.set_major_locator(FixedLocator(list(range(data.years[0], data.years[-1] + 1, step))))
    if lang == "fa":  # Persian digits, the Solar Hijri year under the Gregorian one
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos: year_label(round(v), "fa").replace(" (", "\n(")))
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos: str(round(v))))
    ax.tick_params(axis="x", labelrotation=0 if lang == "fa" else 60, labelsize=7 if lang == "fa" else 9)


@_styled
def threat_terms(data: CaseData, lang: str = "en") -> bytes | None:
    """The threatener's threat to each member of the pair, stacked by Walt's four sources."""
    if data.threatener is None:
        return None
    plt = _plt()
    ab = _abb(data, lang)
    s = data.pair_series
    fig, axes = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    yrs = s["year"].to_numpy()
    for ax, tag, tgt in zip(axes, ("a", "b"), data.pair):
        bottom = np.zeros(len(yrs))
        for term in TERMS:
            v = s[f"{term}_{tag}"].fill_null(np.nan).to_numpy().astype(float)
            ax.bar(yrs, np.nan_to_num(v), bottom=bottom, color=TERM_COLORS[term], width=0.75, label=_v(term, lang))
            bottom += np.nan_to_num(v)
        ax.set_ylabel(_t("contribution to log-odds", lang))
        ax2 = ax.twinx()
        ax2.plot(
            yrs,
            s[f"threat_{tag}"].fill_null(np.nan).to_numpy(),
            color="black",
            marker="o",
            ms=3,
            lw=1.5,
            label=_t("threat (right axis)", lang),
        )
        ax2.set_ylabel(_t("threat (0-1)", lang))
        ax2.set_ylim(
            0,
            max(
                0.05,
                float(np.nanmax(s[f"threat_{tag}"].fill_null(np.nan).to_numpy()) * 1.15)
                if s[f"threat_{tag}"].drop_nulls().len()
                else 1,
            ),
        )
        ax2.spines["right"].set_visible(True)
        ax.set_title(_t("Threat from {t} to {a}: Walt's four sources", lang, t=ab.get(data.threatener), a=ab.get(tgt)))
        _xlim(ax, data, lang)
        if tag == "a":
            h1, l1 = ax.get_legend_handles_labels()
            h2, l2 = ax2.get_legend_handles_labels()
            ax.legend(h1 + h2, l1 + l2, ncol=5, fontsize=8, loc="upper left", bbox_to_anchor=(0, 1.32), frameon=False)
    fig.tight_layout()
    return _png(fig, lang)


@_styled
def common_threat(data: CaseData, lang: str = "en") -> bytes:
    """Shares of the pair's common threat held by its largest contributors, year by year."""
    plt = _plt()
    ab = _abb(data, lang)
    en = data.enemies
    yrs = np.array(data.years)
    top3 = en.filter(pl.col("rank") <= 3)["enemy"].value_counts().sort(["count", "enemy"], descending=[True, False])
    keep = top3["enemy"].head(6).to_list()
    if data.threatener is not None and data.threatener not in keep:
        keep = [data.threatener] + keep[:5]
    fig, (ax, axl) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
    cmap = plt.get_cmap("tab10")
    bottom = np.zeros(len(yrs))
    for i, e in enumerate(keep):
        sh = (
            pl.DataFrame({"year": yrs.astype(np.int32)})
            .join(en.filter(pl.col("enemy") == e).select("year", "share"), on="year", how="left")["share"]
            .fill_null(0)
            .to_numpy()
        )
        ax.bar(
            yrs,
            sh,
            bottom=bottom,
            color=cmap(i),
            width=0.75,
            label=_n(ab.get(e, str(e)), lang),
            edgecolor="black" if e == data.threatener else None,
            linewidth=0.8 if e == data.threatener else 0,
        )
        bottom += sh
    ax.set_ylabel(_t("share of the common threat", lang))
    a, b = (ab.get(c) for c in data.pair)
    ax.set_title(_t("Who makes up the common threat of {a} and {b} (largest contributors)", lang, a=a, b=b))
    ax.legend(ncol=min(6, len(keep)), fontsize=8, loc="upper left", bbox_to_anchor=(0, 1.2), frameon=False)
    ax.set_ylim(0, max(0.05, float(bottom.max()) * 1.15))
    s = data.pair_series
    axl.plot(s["year"].to_numpy(), s["common_threat"].fill_null(np.nan).to_numpy(), color="black", marker="o", ms=3)
    axl.set_ylabel(_t("common threat", lang))
    _xlim(axl, data, lang)
    fig.tight_layout()
    return _png(fig, lang)


def _rank_axis(ax, ranks: np.ndarray, lang: str) -> None:
    """A log-scale rank axis with 1 at the top and ticks 1, 2, 5, 10, 20 ... in the language's digits."""
    ax.set_yscale("log")
    ticks = [t for t in (1, 2, 5, 10, 20, 50, 100, 200) if t <= max(2.0, float(ranks.max()) * 1.5)]
    ax.set_yticks(ticks, [digits(t, lang) for t in ticks])
    ax.minorticks_off()
    ax.set_ylim(max(ticks[-1], float(ranks.max())) * 1.2, 0.8)


@_styled
def partner_ranks(data: CaseData, lang: str = "en") -> bytes:
    """Rank of each member of the pair among the other's predicted partners (1 = first)."""
    plt = _plt()
    ab = _abb(data, lang)
    a, b = (ab.get(c) for c in data.pair)
    s = data.pair_series
    fig, ax = plt.subplots(figsize=(9, 3.4))
    x = s["year"].to_numpy()
    ax.plot(
        x,
        s["rank_b_in_a"].fill_null(np.nan).to_numpy().astype(float),
        marker="o",
        ms=3,
        label=_t("{b} among {a}'s partners", lang, a=a, b=b),
    )
    ax.plot(
        x,
        s["rank_a_in_b"].fill_null(np.nan).to_numpy().astype(float),
        marker="s",
        ms=3,
        label=_t("{a} among {b}'s partners", lang, a=a, b=b),
    )
    n = s["n_b_in_a"].fill_null(np.nan).to_numpy().astype(float)
    ax.plot(x, np.ceil(n * 0.1), color="grey", ls="--", lw=1, label=_t("top 10% line", lang))
    ranks = np.concatenate([s[c].drop_nulls().to_numpy() for c in ("rank_b_in_a", "rank_a_in_b")] + [np.array([1.0])])
    _rank_axis(ax, ranks, lang)
    ax.set_ylabel(_t("rank (log scale, 1 at top)", lang))
    ax.set_title(_t("Predicted partners: where each stands in the other's ranking", lang))
    ax.legend(fontsize=8, frameon=False, ncol=3, loc="upper left", bbox_to_anchor=(0, 1.25))
    _xlim(ax, data, lang)
    fig.tight_layout()
    return _png(fig, lang)


@_styled
def heatmaps(data: CaseData, lang: str = "en") -> bytes | None:
    """Threat matrices among the case states for the chosen years (row = source, column = target)."""
    if not data.matrices:
        return None
    plt = _plt()
    ab = _abb(data, lang)
    years = sorted(data.matrices)
    k = len(years)
    ncol = min(k, 2)
    nrow = (k + ncol - 1) // ncol
    n = len(data.case.states)
    size = max(3.6, 0.5 * n + 1.2)
    fig, axes = plt.subplots(nrow, ncol, figsize=(size * ncol, size * nrow), squeeze=False)
    vmax = max(float(cast(float, m["threat"].max()) or 0) for m in data.matrices.values()) or 1.0
    im = None
    for idx, y in enumerate(years):
        ax = axes[idx // ncol][idx % ncol]
        m = data.matrices[y]
        codes = [c for c in data.case.states if c in set(m["source"].to_list())]
        grid = m.pivot(on="target", index="source", values="threat").join(
            pl.DataFrame({"source": np.array(codes, dtype=np.int32)}), on="source", how="right"
        )
        M = np.array(
            [
                [grid.filter(pl.col("source") == r)[str(c)][0] if str(c) in grid.columns else np.nan for c in codes]
                for r in codes
            ],
            dtype=float,
        )
        im = ax.imshow(M, cmap="Reds", vmin=0, vmax=vmax)
        lab = [_n(ab.get(c, str(c)), lang) for c in codes]
        ax.set_xticks(range(len(codes)), lab, rotation=90)
        ax.set_yticks(range(len(codes)), lab)
        ax.set_xlabel(_t("target", lang))
        ax.set_ylabel(_t("source", lang))
        ax.set_title(year_label(y, lang))
        for i in range(len(codes)):
            for j in range(len(codes)):
                if not np.isnan(M[i, j]):
                    ax.text(
                        j,
                        i,
                        num(M[i, j], lang, 2),
                        ha="center",
                        va="center",
                        fontsize=6.5,
                        color="white" if M[i, j] > 0.6 * vmax else "black",
                    )
    for idx in range(k, nrow * ncol):
        axes[idx // ncol][idx % ncol].axis("off")
    if im is not None:
        fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.7, label=_t("threat (row threatens column)", lang))
    return _png(fig, lang)


def _event_years(data: CaseData) -> pl.DataFrame | None:
    if data.ledger is None:
        return None
    led = data.ledger.with_columns(
        (pl.col("when").dt.year() + (pl.col("when").dt.ordinal_day() - 1) / 366.0).alias("x"),
        pl.col("domain").fill_null("other").alias("domain"),
    )
    return led.filter(pl.col("x").is_between(data.years[0] - 0.5, data.years[-1] + 1.0))


@_styled
def behaviour(data: CaseData, lang: str = "en") -> bytes:
    """The prediction (partner percentile) beside alliance, arms transfers, trade and UN agreement,
    with ledger events."""
    plt = _plt()
    ab = _abb(data, lang)
    a, b = (ab.get(c) for c in data.pair)
    d = data.behaviour
    x = d["year"].to_numpy()
    fig, axes = plt.subplots(
        5, 1, figsize=(9, 9.6), sharex=True, gridspec_kw={"height_ratios": [1.1, 0.6, 1.3, 1.3, 1.0]}
    )
    ax = axes[0]
    s = data.pair_series
    for col, ncol, lab, mk in (
        ("rank_b_in_a", "n_b_in_a", _t("{b} in {a}'s ranking", lang, a=a, b=b), "o"),
        ("rank_a_in_b", "n_a_in_b", _t("{a} in {b}'s ranking", lang, a=a, b=b), "s"),
    ):
        r = s[col].fill_null(np.nan).to_numpy().astype(float)
        n = s[ncol].fill_null(np.nan).to_numpy().astype(float)
        ax.plot(s["year"].to_numpy(), 100 * (1 - (r - 1) / np.maximum(n - 1, 1)), marker=mk, ms=3, label=lab)
    ax.axhline(90, color="grey", ls="--", lw=1)
    ax.set_ylim(0, 105)
    ax.set_ylabel(_t("predicted partner\n(percentile)", lang))
    ax.legend(fontsize=8, frameon=False, loc="lower left", ncol=2)
    ax.set_title(_t("Prediction and alignment behaviour of {a} and {b}", lang, a=a, b=b))
    ax = axes[1]
    ax.step(x, d["atop_alliance"].fill_null(np.nan).to_numpy().astype(float), where="mid", color="black")
    ax.set_ylim(-0.2, 1.2)
    ax.set_yticks([0, 1], [_t("no", lang), _t("yes", lang)])
    ax.set_ylabel(_t("ATOP\nalliance", lang))
    ev = _event_years(data)
    if ev is not None:
        for row in ev.iter_rows(named=True):
            for axx in axes:
                axx.axvline(row["x"], color=DIM_COLORS.get(row["domain"], "grey"), alpha=0.25, lw=1)
    ax = axes[2]
    ax.bar(
        x - 0.2,
        d["tiv_ab"].fill_null(np.nan).to_numpy(),
        width=0.4,
        label=_t("{a} to {b}", lang, a=a, b=b),
        color="#C44E52",
    )
    ax.bar(
        x + 0.2,
        d["tiv_ba"].fill_null(np.nan).to_numpy(),
        width=0.4,
        label=_t("{a} to {b}", lang, a=b, b=a),
        color="#4C72B0",
    )
    ax.set_ylabel(_t("SIPRI arms\n(TIV m)", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax = axes[3]
    ax.plot(
        x,
        d["imports_a_from_b"].fill_null(np.nan).to_numpy(),
        marker="o",
        ms=3,
        label=_t("{a} imports from {b}", lang, a=a, b=b),
    )
    ax.plot(
        x,
        d["imports_b_from_a"].fill_null(np.nan).to_numpy(),
        marker="s",
        ms=3,
        label=_t("{a} imports from {b}", lang, a=b, b=a),
    )
    ax.set_ylabel(_t("COW trade\n(US$ m)", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax = axes[4]
    ax.plot(x, d["unagree"].fill_null(np.nan).to_numpy(), marker="o", ms=3, color="#55A868")
    ax.set_ylim(0, 1)
    ax.set_ylabel(_t("UN vote\nagreement", lang))
    _xlim(ax, data, lang)
    if ev is not None:
        used = [k for k in DIM_COLORS if k in set(ev["domain"].to_list())]
        handles = [plt.Line2D([0], [0], color=DIM_COLORS[k], lw=2, alpha=0.5) for k in used]
        axes[4].legend(
            handles,
            [_t("ledger: {dimension}", lang, dimension=label_of(k, lang)) for k in used],
            fontsize=7,
            frameon=False,
            ncol=3,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.45),
        )
    fig.tight_layout()
    return _png(fig, lang)


@_styled
def ledger_timeline(data: CaseData, lang: str = "en") -> bytes | None:
    """The ledger's events on the report's time axis: one row per dimension, marker by direction."""
    ev = _event_years(data)
    if ev is None or ev.height == 0:
        return None
    plt = _plt()
    dims = [k for k in DIM_COLORS if k in set(ev["domain"].to_list())]
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.45 * len(dims)))
    for row in ev.iter_rows(named=True):
        yv = dims.index(row["domain"])
        jitter = (sum(map(ord, row["id"])) % 5 - 2) * 0.08
        ax.scatter(
            row["x"],
            yv + jitter,
            marker=DIR_MARKERS.get(row["direction"], "o"),
            s=30 + 50 * float(row["weight"]),
            color=DIM_COLORS[row["domain"]],
            edgecolor="black",
            lw=0.4,
            zorder=3,
        )
        ax.annotate(row["id"], (row["x"], yv + jitter), xytext=(3, 3), textcoords="offset points", fontsize=6)
    ax.set_yticks(range(len(dims)), [_v(k, lang) for k in dims])
    ax.set_ylim(-0.6, len(dims) - 0.4)
    ax.grid(axis="x", alpha=0.3)
    handles = [
        plt.Line2D([0], [0], marker=m, ls="", color="grey", markeredgecolor="black") for m in DIR_MARKERS.values()
    ]
    ax.legend(
        handles,
        [_v(k, lang) for k in DIR_MARKERS],
        fontsize=8,
        frameon=False,
        ncol=3,
        loc="upper left",
        bbox_to_anchor=(0, 1.18),
    )
    ax.set_title(_t("Evidence ledger: the article's dated facts", lang))
    _xlim(ax, data, lang)
    fig.tight_layout()
    return _png(fig, lang)


@_styled
def whatif(data: CaseData, lang: str = "en") -> bytes | None:
    """Rank of each member of the pair among the other's predicted partners, with and without the
    threatener's threat (the what-if: scenario ``STATE.threat=0`` of :mod:`threatbalance.threat._scenario`)."""
    if data.whatif is None or data.threatener is None:
        return None
    plt = _plt()
    ab = _abb(data, lang)
    a, b = (ab.get(c) for c in data.pair)
    t = ab.get(data.threatener)
    s = data.pair_series
    w = data.pair_series.select("year").join(data.whatif, on="year", how="left")
    fig, ax = plt.subplots(figsize=(9, 3.6))
    x = s["year"].to_numpy()
    for frame, ls, suffix in ((s, "-", ""), (w, ":", tr(" (without {t})", lang, t=t))):
        ax.plot(
            x,
            frame["rank_b_in_a"].fill_null(np.nan).to_numpy().astype(float),
            ls=ls,
            marker="o",
            ms=3,
            color="#4C72B0",
            label=shape(tr("{b} among {a}'s partners", lang, a=a, b=b) + suffix, lang),
        )
        ax.plot(
            x,
            frame["rank_a_in_b"].fill_null(np.nan).to_numpy().astype(float),
            ls=ls,
            marker="s",
            ms=3,
            color="#C44E52",
            label=shape(tr("{a} among {b}'s partners", lang, a=a, b=b) + suffix, lang),
        )
    _rank_axis(
        ax,
        np.concatenate(
            [f[c].drop_nulls().to_numpy().astype(float) for f in (s, w) for c in ("rank_b_in_a", "rank_a_in_b")]
            + [np.array([1.0])]
        ),
        lang,
    )
    ax.set_ylabel(_t("rank (log scale, 1 at top)", lang))
    ax.set_title(_t("Predicted partners with and without {t}'s threat", lang, t=t))
    ax.legend(fontsize=7, frameon=False, ncol=2, loc="upper left", bbox_to_anchor=(0, 1.35))
    _xlim(ax, data, lang)
    fig.tight_layout()
    return _png(fig, lang)


CHARTS = {
    "threat_terms": threat_terms,
    "common_threat": common_threat,
    "partner_ranks": partner_ranks,
    "heatmaps": heatmaps,
    "behaviour": behaviour,
    "ledger_timeline": ledger_timeline,
    "whatif": whatif,
}


def render_all(data: CaseData, progress: Any = None, lang: str = "en") -> dict[str, bytes]:
    """Every chart that has data, labelled in ``lang``: name -> PNG bytes (Persian: right-to-left
    labels with joined letters in the shipped Vazirmatn font, Persian digits, Solar Hijri years)."""
    out = {}
    for key, fn in CHARTS.items():
        if progress:
            progress(f"drawing {key}")
        png = fn(data, lang)
        if png:
            out[key] = png
    return out
