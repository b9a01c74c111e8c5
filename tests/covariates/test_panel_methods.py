"""Every registered ``add_*`` step (and ``filter_prd``) is a real ``Panel`` method with the function's signature.

The methods are written out in ``threatbalance/panels.py`` (so that ``inspect``, IDEs and type
checkers see the parameters); these tests keep them from drifting from the functions in
``threatbalance.covariates``: a new step without its method, or a parameter added to one side
only, fails here.
"""

from __future__ import annotations

import inspect

import pytest

import threatbalance as tb
from threatbalance import covariates
from threatbalance.covariates import STEPS

FUNCS = sorted([info.func.__name__ for info in STEPS.values()]) + ["filter_prd"]


def _params(func, drop_first: bool) -> list[tuple]:
    ps = list(inspect.signature(func).parameters.values())[1 if drop_first else 0 :]
    return [(p.name, p.kind, p.default, p.annotation) for p in ps]


def test_every_step_is_listed():
    assert len(FUNCS) == len(STEPS) + 1 and "add_nmc" in FUNCS


@pytest.mark.parametrize("name", FUNCS)
def test_method_signature_equals_function(name):
    func = getattr(covariates, name)
    method = getattr(tb.Panel, name, None)
    assert method is not None, f"Panel has no method {name}; write it out in threatbalance/panels.py"
    assert method.__qualname__ == f"Panel.{name}", f"Panel.{name} must be written out in the class, not attached"
    assert _params(method, drop_first=True) == _params(func, drop_first=True)
    assert next(iter(inspect.signature(method).parameters)) == "self"
    assert inspect.signature(method).return_annotation == "Panel"
    assert method.__doc__ and f"threatbalance.{name}" in method.__doc__


@pytest.mark.parametrize("name", FUNCS)
def test_method_forwards_every_argument(name, monkeypatch):
    """The method calls the function of its name with the panel and each of its keyword arguments."""
    calls = []
    monkeypatch.setattr(covariates, name, lambda panel, **kw: calls.append((panel, kw)) or "result")
    panel = tb.Panel.__new__(tb.Panel)
    sig = inspect.signature(getattr(tb.Panel, name))
    kwargs = {p: object() for p in list(sig.parameters)[1:]}
    assert getattr(panel, name)(**kwargs) == "result"
    assert calls == [(panel, kwargs)]


def test_real_signature_is_visible():
    assert str(inspect.signature(tb.Panel.add_contiguity)) == (
        "(self, slice: 'str' = 'first', mry: 'bool' = False, peer_compat: 'bool' = False) -> 'Panel'"
    )


def test_step_returns_the_class_it_was_given():
    p = tb.state_years(years=2000)
    assert type(tb.add_nmc(p)) is tb.Panel and type(p.add_nmc()) is tb.Panel
