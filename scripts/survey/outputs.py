"""Writing generated files: atomically, and only when their content changes.

Atomic (temporary file + rename) so a run that fails or is killed midway leaves the previous output
intact; write-if-changed so Sphinx, which looks at modification times, rebuilds only what changed.
"""
from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write `content` to `path` unless it already holds exactly that; return True if written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):  # from a run that was killed
        leftover.unlink(missing_ok=True)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def safe_child(root: Path, name: str) -> Path:
    """`root / name`, refusing any name that would land outside `root` (e.g. '../x' or '/etc')."""
    candidate = (root / name).resolve()
    if candidate.parent != root.resolve():
        raise ValueError(f"refusing to write {name!r} outside {root}")
    return candidate
