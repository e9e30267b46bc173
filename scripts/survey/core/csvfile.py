"""Reading the hand-edited CSV files of data/: present, UTF-8 (a BOM allowed), with line numbers."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import InputError


def csv_reader(path: Path, missing_fix: str) -> csv.DictReader:
    """A DictReader over `path` (its `line_num` names the line of each row); a missing file or bytes that
    are not UTF-8 are an InputError, `missing_fix` saying what to do about the first."""
    if not path.is_file():
        raise InputError(path, "the file does not exist", missing_fix)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, f"byte {error.start} is not valid UTF-8", "Save the file as UTF-8",
                         data[: error.start].count(b"\n") + 1) from None
    return csv.DictReader(io.StringIO(text, newline=""))
