"""Merge records from several files: the same paper becomes one, keeping every source.

`merge(groups) -> (papers, report)`, where `groups` is a list of `(file name, Reading)` in the order the
files are to be trusted (the first source wins a conflict): the listing pages, then the exports.

Matching, in this order: DOI (case-insensitive), arXiv id without version, normalised title (NFKC,
casefold, every non-alphanumeric character a space, spaces collapsed). Two records with the same title
but different arXiv ids are different papers (reported, not merged).

A field that is empty in the first source is filled from a later one (not a conflict), and so is an
author list that a later source continues (the arXiv feed's first authors, a reference manager's all).
A field that two sources give differently is a conflict: the first value is kept and the report says
which file gave each
(year, month, DOI, arXiv id, authors, and the title when the titles differ beyond case and punctuation).
Abstracts are not compared (exports shorten them); the first non-empty one is kept.
"""
from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model.paper import normalize_title
from .records import Reading, Record

log = logging.getLogger(__name__)


def _name_key(name: str) -> tuple[str, str]:
    """A name for comparison: first initial and last word, accents and case ignored."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return (words[0][0], words[-1]) if words else ("", "")


@dataclass
class Merged:
    """One distinct paper: the first source's fields, completed by later ones, and every source."""

    title: str
    abstract: str
    authors: tuple[str, ...]
    year: int | None
    month: int | None
    doi: str
    arxiv_id: str
    url: str
    authors_complete: bool = True
    sources: list[tuple[str, str]] = field(default_factory=list)  # (file, where), in reading order
    dates: list[str] = field(default_factory=list)  # listing dates, in reading order, each once
    records: list[Record] = field(default_factory=list)

    @property
    def first(self) -> str:
        source, where = self.sources[0]
        return f"{source} {where}"


@dataclass(frozen=True)
class Conflict:
    paper: str  # the kept title
    field: str
    kept: str
    kept_from: str  # "file where"
    other: str
    other_from: str

    def __str__(self) -> str:
        return (f"{self.paper[:60]!r}: {self.field} {self.kept!r} ({self.kept_from}) kept, "
                f"{self.other!r} ({self.other_from}) differs")


@dataclass
class FileReport:
    source: str
    kind: str = ""  # the format of the file (records.Reading.kind)
    read: int = 0
    new: list[str] = field(default_factory=list)  # where
    merged: list[tuple[str, str, str, str]] = field(default_factory=list)  # (where, into title, into "file where", by)
    without_abstract: int = 0  # records (new or merged) that brought no abstract
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    conflicts: list[Conflict] = field(default_factory=list)
    kept_apart: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for f in self.files for c in f.conflicts]

    def as_text(self) -> str:
        lines = []
        for f in self.files:
            lines.append(f"{f.source}: {f.read} read, {len(f.new)} new, {len(f.merged)} merged, "
                         f"{len(f.skipped)} skipped, {len(f.conflicts)} conflicts")
            lines += [f"  merged {where} into {into} (same {by})" for where, _, into, by in f.merged]
            lines += [f"  skipped {where}: {reason}" for where, reason in f.skipped]
            lines += [f"  conflict {c}" for c in f.conflicts]
            lines += [f"  kept apart {where}: {why}" for where, why in f.kept_apart]
        return "\n".join(lines)


def merge(groups: Iterable[tuple[str, Reading]],
          known_ids: dict[str, str] | None = None) -> tuple[list[Merged], Report]:
    """The distinct papers of every group's records, in first-seen order, and the report per file.

    `known_ids` maps normalized titles to curated arXiv ids (data/arxiv_metadata.csv): a record matched
    by title takes that id, so an export that spells the title differently still meets its paper."""
    known_ids = known_ids or {}
    papers: list[Merged] = []
    by_doi: dict[str, Merged] = {}
    by_arxiv: dict[str, Merged] = {}
    by_title: dict[str, list[Merged]] = {}
    report = Report()
    for name, reading in groups:
        file_report = FileReport(name, reading.kind, read=len(reading.records) + len(reading.skipped),
                                 skipped=list(reading.skipped))
        report.files.append(file_report)
        for record in reading.records:
            paper, matched_by, apart = _find(record, by_doi, by_arxiv, by_title)
            if apart:
                file_report.kept_apart.append((record.where, apart))
            if not record.abstract:
                file_report.without_abstract += 1
            if paper is None:
                paper = Merged(record.title, record.abstract, record.authors, record.year, record.month,
                               record.doi, record.arxiv_id or known_ids.get(normalize_title(record.title), ""),
                               record.url, record.authors_complete)
                papers.append(paper)
                file_report.new.append(record.where)
            else:
                file_report.merged.append((record.where, paper.title, paper.first, matched_by))
                file_report.conflicts += _absorb(paper, record)
                if matched_by == "title" and _spelling(record.title) != _spelling(paper.title):
                    log.warning("%s:%s: paper %r is taken to be %r, listed before (titles are matched ignoring case "
                                "and punctuation); if they are different papers, make their titles differ in a "
                                "letter or digit", record.source or name, record.where.removeprefix("line "),
                                record.title[:80], paper.title[:80])
            paper.sources.append((record.source or name, record.where))
            if record.date and record.date not in paper.dates:
                paper.dates.append(record.date)
            paper.records.append(record)
            for key in (paper.doi, record.doi):
                if key:
                    by_doi.setdefault(key.casefold(), paper)
            for key in (paper.arxiv_id, record.arxiv_id):
                if key:
                    by_arxiv.setdefault(key, paper)
            for title in {normalize_title(paper.title), normalize_title(record.title)} - {""}:
                if paper not in by_title.setdefault(title, []):
                    by_title[title].append(paper)
    return papers, report


def _spelling(title: str) -> str:
    """A title as spelled, up to case, spacing and a final period."""
    return " ".join(title.casefold().split()).rstrip(".").rstrip()


def _find(record: Record, by_doi, by_arxiv, by_title) -> tuple[Merged | None, str, str]:
    if record.doi and record.doi.casefold() in by_doi:
        return by_doi[record.doi.casefold()], "DOI", ""
    if record.arxiv_id and record.arxiv_id in by_arxiv:
        return by_arxiv[record.arxiv_id], "arXiv id", ""
    apart = ""
    for paper in by_title.get(normalize_title(record.title), []):
        if record.arxiv_id and paper.arxiv_id and record.arxiv_id != paper.arxiv_id:
            apart = (f"same title as {paper.first} but arXiv {record.arxiv_id} there {paper.arxiv_id}: "
                     "kept as different papers")
            continue
        return paper, "title", ""
    return None, "", apart


def _absorb(paper: Merged, record: Record) -> list[Conflict]:
    """Fill the paper's empty fields from `record`; report fields the two give differently."""
    conflicts = []
    here = f"{record.source} {record.where}"

    def conflict(name: str, kept, other) -> None:
        conflicts.append(Conflict(paper.title, name, str(kept), paper.first, str(other), here))

    if normalize_title(record.title) != normalize_title(paper.title):
        conflict("title", paper.title, record.title)
    for name in ("year", "month", "url", "doi", "arxiv_id", "abstract"):
        mine, theirs = getattr(paper, name), getattr(record, name)
        if mine in (None, "") and theirs not in (None, ""):
            setattr(paper, name, theirs)
        elif name in ("year", "month") and theirs is not None and mine != theirs:
            conflict(name, mine, theirs)
        elif name in ("doi", "arxiv_id") and theirs and mine.casefold() != theirs.casefold():
            conflict(name, mine, theirs)
    mine, theirs = [_name_key(a) for a in paper.authors], [_name_key(a) for a in record.authors]
    if len(theirs) > len(mine) and theirs[:len(mine)] == mine:  # the list goes on where the first one stops
        paper.authors, paper.authors_complete = record.authors, record.authors_complete
    elif record.authors and [_name_key(a) for a in paper.authors] != [_name_key(a) for a in record.authors]:
        conflict("authors", "; ".join(paper.authors), "; ".join(record.authors))
    return conflicts
