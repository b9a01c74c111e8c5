"""Which threat model a caller uses: the one place that resolves ``model=None`` to the default model."""

from __future__ import annotations

from typing import Any

from .._errors import InputError


def get_model(model: Any = None) -> Any:
    """The threat model to use: ``model`` if given (anything with ``threat_frame`` or ``threat_matrix``),
    else :func:`threatbalance.threat.default_model`.

    Examples
    --------
    >>> from threatbalance.threat import default_model, get_model
    >>> get_model() is default_model()
    True
    >>> get_model(42)
    Traceback (most recent call last):
    ...
    threatbalance._errors.InputError: model must provide threat_frame(years) or threat_matrix(year), got int
    """
    if model is not None:
        if not (hasattr(model, "threat_frame") or hasattr(model, "threat_matrix")):
            raise InputError(
                f"model must provide threat_frame(years) or threat_matrix(year), got {type(model).__name__}"
            )
        return model
    from ._model import default_model

    return default_model()
