"""Stage 2b: merge curated bibliographic facts (data/arxiv_metadata.csv) by normalized title.

The file is curated input: values are taken as they are and never invented; a paper it does not list
simply has no arXiv id, authors or date.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .ingest import normalize_title

COLUMNS = ("title", "arxiv_id", "authors", "authors_complete", "submitted", "evidence_url")
ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Metadata:
    arxiv_id: str
    authors: tuple[str, ...]
    authors_complete: bool
    submitted: str  # ISO date or ''

    @property
    def year(self) -> str:
        """Year of first submission, else the one encoded in a new-style arXiv id (YYMM.NNNNN)."""
        if self.submitted:
            return self.submitted[:4]
        return f"20{self.arxiv_id[:2]}" if self.arxiv_id else ""

    @property
    def month(self) -> int | None:
        if self.submitted:
            return int(self.submitted[5:7])
        return int(self.arxiv_id[2:4]) if self.arxiv_id else None


def load_metadata(path: Path) -> dict[str, Metadata]:
    """Rows of the metadata file keyed by normalized title; malformed rows are an InputError."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"missing column(s) {', '.join(missing)}", f"The header must be {','.join(COLUMNS)}", 1)
        table: dict[str, Metadata] = {}
        for row in reader:
            line = reader.line_num
            table[normalize_title(row["title"])] = _parse_row(row, path, line)
    return table


def _parse_row(row: dict[str, str], path: Path, line: int) -> Metadata:
    arxiv_id = row["arxiv_id"].strip()
    submitted = row["submitted"].strip()
    if arxiv_id and not ARXIV_ID.match(arxiv_id):
        raise InputError(path, f"arxiv_id {arxiv_id!r} is not of the form 2401.09665", "Fix or empty the value", line)
    if submitted and not DATE.match(submitted):
        raise InputError(path, f"submitted {submitted!r} is not a YYYY-MM-DD date", "Fix or empty the value", line)
    authors = tuple(a.strip() for a in row["authors"].split(";") if a.strip())
    return Metadata(arxiv_id, authors, row["authors_complete"].strip() != "no", submitted)
