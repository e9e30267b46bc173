"""Every input file of `data/raw`, read and merged: listing pages (`*.txt`) and bibliographic exports
(`.bib` BibTeX, `.ris` RIS, `.json` CSL-JSON or Hugging Face daily papers, `.xml` arXiv API Atom).

Listing pages come first, in name order, then the exports in name order; the first source of a paper
wins its title and abstract, and later ones fill what it lacks (inputs.merge). The same paper from
several files becomes one (by DOI, by arXiv id without version, then by normalized title) keeping every
file as a source, and the report says per file what was read, new, merged, skipped and in conflict.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError
from ..model.paper import normalize_title
from .listings import ListedPaper, Listing, read_listing
from .merge import Merged, Report, merge
from .records import READERS, Reading, Record, read_records

log = logging.getLogger(__name__)

LISTING_SUFFIX = ".txt"
LISTING_KIND = "listing page"
EXPORT_SUFFIXES = tuple(READERS)  # .bib, .bibtex, .ris, .json, .xml, .atom


@dataclass(frozen=True)
class RawInputs:
    """The distinct papers of every input file, in first-seen order, and what each file gave."""

    papers: list[ListedPaper]
    report: Report
    listing_dates: dict[str, str]  # the listing date written on each listing page, by file name (a paper's
    # `dates` do not pair with its pages: two pages of the same day give one date)


def input_files(raw_dir: Path) -> list[Path]:
    """The files inputs read: listing pages in name order, then exports in name order."""
    files = sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(".")) \
        if raw_dir.is_dir() else []
    pages = [p for p in files if p.suffix.lower() == LISTING_SUFFIX]
    exports = [p for p in files if p.suffix.lower() in EXPORT_SUFFIXES]
    read = {*pages, *exports}
    for other in files:
        if other not in read:
            log.warning("%s: not read: a listing page ends in .txt, an export in %s", other, ", ".join(EXPORT_SUFFIXES))
    return pages + exports


def _listing_reading(listings: list[Listing]) -> Reading:
    reading = Reading(kind=LISTING_KIND)
    for listing in listings:
        if not normalize_title(listing.title):
            raise InputError(listing.source, f"title {listing.title!r} has no letters or digits",
                             "Give the paper a real title", listing.line)
        reading.records.append(Record(title=listing.title, abstract=listing.abstract, source=listing.source,
                                      where=f"line {listing.line}", date=listing.date))
    return reading


def _export_reading(path: Path) -> Reading:
    reading = read_records(path)
    for where, reason in reading.skipped:
        log.warning("%s: %s skipped: %s", path.name, where, reason)
    without_abstract = sum(1 for r in reading.records if not r.abstract)
    if without_abstract:
        log.info("%s: %d entries without an abstract, kept with their title only", path.name, without_abstract)
    return reading


def read_raw_files(raw_dir: Path, known_ids: dict[str, str] | None = None) -> RawInputs:
    """Every paper of `raw_dir`; `known_ids` (normalized title -> curated arXiv id) lets an export whose
    title is spelled differently meet a listed paper by its arXiv id."""
    files = input_files(raw_dir)
    if not files:
        raise InputError(raw_dir, "no listing pages (*.txt) or exports (.bib, .ris, .json, .xml) found",
                         "Put listing pages or bibliographic exports in this folder")
    groups: list[tuple[str, Reading]] = []
    listing_dates: dict[str, str] = {}
    for path in files:
        if path.suffix.lower() == LISTING_SUFFIX:
            listings = read_listing(path)
            if listings:
                listing_dates[path.name] = listings[0].date
            groups.append((path.name, _listing_reading(listings)))
        else:
            groups.append((path.name, _export_reading(path)))
    merged, report = merge(groups, known_ids)
    for conflict in report.conflicts:
        log.warning("sources disagree on %s", conflict)
    return RawInputs([_listed(paper) for paper in merged], report, listing_dates)


def _listed(paper: Merged) -> ListedPaper:
    exported = [r for r in paper.records if not r.date]  # records of exports, not of listing pages
    return ListedPaper(
        paper.title, paper.abstract, sources=list(dict.fromkeys(source for source, _ in paper.sources)),
        dates=list(paper.dates), authors=paper.authors, authors_complete=paper.authors_complete,
        year=paper.year, month=paper.month, doi=paper.doi,
        arxiv_id=next((r.arxiv_id for r in exported if r.arxiv_id), ""))
