"""Writing generated files: atomically, and only when their content changes; making a file's bytes from a
writer of text.

Atomic (temporary file + rename) so a run that fails or is killed midway leaves the previous output
intact; write-if-changed so Sphinx, which looks at modification times, rebuilds only what changed.
"""
from __future__ import annotations

import glob
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)
# mkstemp creates files only the owner can read; generated files get the usual mode (0644 under umask 022),
# so a web server can serve the site and its downloads.
FILE_MODE = 0o666 & ~_UMASK


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
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def utf8_written(write: Callable[[io.TextIOBase], object]) -> bytes:
    """What `write(stream)` writes to a text stream, as UTF-8 bytes encoded as they are written (no line
    translation)."""
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    write(stream)
    stream.flush()
    stream.detach()  # the buffer stays open
    return buffer.getvalue()
