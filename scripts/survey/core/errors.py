"""The one exception type for problems in the user's input files.

The command line prints it as a single line and exits with code 2, so an editor sees which file and
line to fix instead of a traceback.
"""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Malformed input: names the file, the line (when known), what is wrong and what to do."""

    def __init__(self, path: Path | str, message: str, fix: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}. {self.fix}"
