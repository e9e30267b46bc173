"""The edition: what identifies this build of the survey, all from the inputs (never the clock)."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core import yamlfile
from ..core.errors import InputError
from ..formats.latex import escape
from ..inputs.editions import RecordedEdition
from ..inputs.raw_files import EXPORT_SUFFIXES, LISTING_SUFFIX
from ..model.paper import MONTHS, Paper

INPUT_SUFFIXES = (LISTING_SUFFIX, *EXPORT_SUFFIXES)
LISTING_MONTHS = {m[:3]: i for i, m in enumerate(MONTHS, 1)}


@dataclass(frozen=True)
class Edition:
    """What identifies this build of the survey, all from the inputs (never the clock)."""

    version: str  # first 12 hex digits of the SHA-256 of the files of data/raw that inputs read (names and bytes)
    latest_listing: str  # the latest listing date, as written on the page ("Mar 20")
    listing_pages: int
    title: str
    author: str
    year: str
    recorded: tuple[RecordedEdition, ...] = ()  # data/editions.yml, oldest first

    @property
    def latest(self) -> RecordedEdition | None:
        """The newest recorded edition, if any."""
        return self.recorded[-1] if self.recorded else None

    @property
    def is_recorded(self) -> bool:
        """Whether this build's corpus is the newest recorded edition (else pages were added since)."""
        return self.latest is not None and self.latest.version == self.version


def corpus_version(raw: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in raw.glob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES):  # what inputs read
        content = path.read_bytes()
        digest.update(f"{path.name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]


def listing_order(date: str) -> tuple[int, int, int]:
    """Sort key of a listing date 'Mar 12' or 'Mar 12, 2024' (a date without a year sorts as year 0)."""
    match = re.match(r"^([A-Z][a-z]{2})[a-z]* (\d{1,2})(?:, (\d{4}))?$", date.strip())
    if not match:
        return (0, 0, 0)
    return (int(match.group(3) or 0), LISTING_MONTHS.get(match.group(1), 0), int(match.group(2)))


def latest_listing(papers: Sequence[Paper]) -> str:
    dates = {d for paper in papers for d in paper.dates}
    return max(dates, key=lambda d: (listing_order(d), d)) if dates else ""


def edition(root: Path, papers: Sequence[Paper], recorded: Sequence[RecordedEdition] = ()) -> Edition:
    """The edition of the survey built from `root`: its title, author and year come from the book's
    _config.yml (the one place the survey's title is written, shown by the site, the PDF and here)."""
    path = root / "_config.yml"
    config = yamlfile.load_yaml(path)
    if not isinstance(config, dict) or not isinstance(config.get("title"), str) or not config["title"].strip():
        raise InputError(path, "the book has no title", 'Add a line such as `title: "A survey of ..."`',
                         config.line_of("title") if isinstance(config, yamlfile.Mapping) and "title" in config else None)
    pages = {s for paper in papers for s in paper.sources if s.lower().endswith(LISTING_SUFFIX)}
    return Edition(corpus_version(root / "data" / "raw"), latest_listing(papers), len(pages),
                   " ".join(config["title"].split()),
                   str(config.get("author") or "The survey editors"), str(config.get("copyright") or ""),
                   tuple(recorded))


def survey_bibtex(e: Edition) -> str:
    """A BibTeX entry for citing the survey itself."""
    fields = [("title", "{" + escape(e.title) + "}"), ("author", "{" + escape(e.author) + "}")]  # a body, not a person
    if e.year:
        fields.append(("year", e.year))
    fields.append(("note", f"Corpus version {e.version}, listings up to {e.latest_listing}"
                           if e.latest_listing else f"Corpus version {e.version}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{survey-{e.version},\n{body}\n}}\n"
