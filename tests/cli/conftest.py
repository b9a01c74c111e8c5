"""Run the command line in-process and capture exit status, stdout and stderr."""

from __future__ import annotations

import pytest


@pytest.fixture
def run(capsys):
    from threatbalance.cli import main

    def _run(*args: str):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run
