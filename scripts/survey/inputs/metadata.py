"""Read curated bibliographic facts (data/arxiv_metadata.csv) by normalized title.

The file is curated input: values are taken as they are and never invented; a paper it does not list
simply has no arXiv id, authors or date.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.csvfile import csv_reader
from ..core.errors import InputError
from ..model.paper import arxiv_doi, normalize_title

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
        """Month of first submission, else the one encoded in the arXiv id."""
        if self.submitted:
            return int(self.submitted[5:7])
        return int(self.arxiv_id[2:4]) if self.arxiv_id else None

    @property
    def doi(self) -> str:
        """arXiv's DOI for the paper (10.48550/arXiv.<id>), derived from the id without a network."""
        return arxiv_doi(self.arxiv_id)


def load_metadata(path: Path) -> dict[str, Metadata]:
    """Rows of the metadata file keyed by normalized title; malformed rows are an InputError."""
    header = ",".join(COLUMNS)
    reader = csv_reader(path, f"Create it with the header line {header} (rows are optional)")
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}", f"The header must be {header}", 1)
    table: dict[str, Metadata] = {}
    first: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row or None in row.values():
            raise InputError(path, "the row does not have one value per column",
                             'Give every column a value (empty is fine) and quote a value holding a comma: "a, b"', line)
        identity = normalize_title(row["title"])
        if identity in first:
            raise InputError(path, f"a second row for the paper {row['title'][:80]!r} (the first is on line {first[identity]})",
                             "Keep one row per paper", line)
        first[identity] = line
        table[identity] = _parse_row(row, path, line)
    return table


def with_aliases(table: dict[str, Metadata], aliases: dict[str, str]) -> dict[str, Metadata]:
    """`table` (load_metadata) with each corrected title (data/corrections.yml) that has no row of its own
    naming the row of its title as listed: `aliases` maps corrected to listed titles, and a row under either
    names the paper. A new dict: the file is read once, before the corrections are known."""
    aliased = dict(table)
    for corrected, listed in aliases.items():
        if corrected not in table and listed in table:
            aliased[corrected] = table[listed]
    return aliased


def _is_date(text: str) -> bool:
    try:
        return bool(DATE.match(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _parse_row(row: dict[str, str], path: Path, line: int) -> Metadata:
    arxiv_id = row["arxiv_id"].strip()
    submitted = row["submitted"].strip()
    if arxiv_id and not ARXIV_ID.match(arxiv_id):
        raise InputError(path, f"arxiv_id {arxiv_id!r} is not of the form 2401.09665", "Fix or empty the value", line)
    if submitted and not _is_date(submitted):
        raise InputError(path, f"submitted {submitted!r} is not a YYYY-MM-DD date", "Fix or empty the value", line)
    complete = row["authors_complete"].strip()
    if complete not in ("yes", "no", ""):
        raise InputError(path, f"authors_complete {complete!r} is not yes, no or empty", "Write yes or no", line)
    authors = tuple(a.strip() for a in row["authors"].split(";") if a.strip())
    return Metadata(arxiv_id, authors, complete != "no", submitted)
