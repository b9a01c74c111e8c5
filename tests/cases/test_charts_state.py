"""Drawing the report's charts changes no process-wide matplotlib state (backend, rcParams, pyplot figures)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_charts_leave_backend_and_rcparams_alone():
    """In a fresh process (so nothing else has touched matplotlib): draw every chart of a short case."""
    code = textwrap.dedent(
        """
        import sys
        import matplotlib
        before_backend = matplotlib.rcParams._get_backend_or_none()
        # (reading rcParams["backend"] would itself resolve the backend: leave that key out)
        before = {k: repr(matplotlib.rcParams[k]) for k in matplotlib.rcParams if k != "backend"}
        import threatbalance as tb
        from threatbalance.cases import _charts
        from threatbalance.cases._compute import collect
        case = tb.get_case("israel-azerbaijan").with_options(years="2011-2012", heatmap_years=[2012])
        charts = _charts.render_all(collect(case))
        assert len(charts) >= 4 and all(c[:8] == b"\\x89PNG\\r\\n\\x1a\\n" for c in charts.values() if c), charts.keys()
        after = {k: repr(matplotlib.rcParams[k]) for k in matplotlib.rcParams if k != "backend"}
        changed = sorted(k for k in before if before[k] != after.get(k))
        assert not changed, changed
        assert matplotlib.rcParams._get_backend_or_none() == before_backend, matplotlib.rcParams._get_backend_or_none()
        assert "matplotlib.pyplot" not in sys.modules, "the charts must not use pyplot"
        print("ok")
        """
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stderr[-3000:]


def test_chart_style_applies_only_while_drawing():
    import matplotlib

    from threatbalance.cases import _charts

    size = matplotlib.rcParams["font.size"]
    seen = []

    @_charts._styled
    def draw():
        fig, ax = _charts._plt().subplots(figsize=(2, 2))
        seen.append((matplotlib.rcParams["font.size"], ax.title.get_fontsize(), ax.spines["top"].get_visible()))
        return _charts._png(fig)

    png = draw()
    assert png[:4] == b"\x89PNG"
    assert seen == [(9.0, 10.0, False)]
    assert matplotlib.rcParams["font.size"] == size
