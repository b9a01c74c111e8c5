"""Atomic writing of tables: never a half-written output file, and no change of process state (umask)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import uuid
from pathlib import Path

import polars as pl

from ._errors import InputError

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".json": "json"}


def _new_temp(path: Path) -> Path:
    """Create an empty, uniquely named temporary file beside ``path`` and return its name.

    The file is created with ``os.open(..., 0o666)``, so the kernel applies the process umask (and any
    default ACL) exactly as for a plainly created file; the umask is never read or changed here, which
    keeps writes thread-safe (``tempfile.mkstemp`` would leave mode 0600).
    """
    folder = path.parent if str(path.parent) else Path(".")
    for _ in range(100):
        tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:  # pragma: no cover - a 48-bit name collision
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"could not create a temporary file beside {str(path)!r}")  # pragma: no cover


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise InputError(f"output folder {str(path.parent)!r} does not exist")
    tmp = _new_temp(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def write_frame(df: pl.DataFrame, path: str | Path, meta: dict | None = None) -> Path:
    """Write a DataFrame as Parquet/CSV/JSON chosen by extension, atomically.

    Raises
    ------
    InputError
        For an unknown extension or a missing output folder.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the format of {str(path)!r}; use a file name ending in .parquet, .csv or .json")
    if not path.parent.exists():
        raise InputError(f"output folder {str(path.parent)!r} does not exist")
    tmp = _new_temp(path)
    try:
        if fmt == "parquet":
            df.write_parquet(tmp, compression="zstd", metadata={"threatbalance": json.dumps(meta)} if meta else None)
        elif fmt == "csv":
            df.write_csv(tmp)
        else:
            df.write_json(tmp)
        os.replace(tmp, path)
        if meta is not None and fmt != "parquet":
            atomic_write_bytes(path.with_name(path.name + ".meta.json"), json.dumps(meta, indent=1).encode())
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def replace_folder_atomic(out: str | Path, files: dict[str, bytes], what: str = "the output") -> Path:
    """Write ``files`` (name -> bytes) as folder ``out`` all at once: built in a temporary sibling
    folder, then renamed into place (an existing ``out`` is swapped out and removed).

    The caller checks first that ``out`` may be replaced.  On failure nothing is left behind and the
    previous ``out`` is kept; an ``OSError`` becomes an :class:`InputError` naming the folder.
    """
    out = Path(out)
    parent = out.resolve().parent
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise InputError(
            f"cannot write {what} next to {str(out)!r}: {exc.strerror or exc}; choose another --out"
        ) from exc
    try:
        os.chmod(tmp, 0o755)
        for fname, content in files.items():
            (tmp / fname).write_bytes(content)
        final = parent / out.name
        if final.exists():
            old = parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(final, old)
            try:
                os.rename(tmp, final)
            except OSError:
                os.rename(old, final)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, final)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(f"cannot write {what} into {str(out)!r}: {exc.strerror or exc}; choose another --out") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final
