# Frozen copy of survey/ingest.py at commit a640ddc (the parser this package replaces), kept so the
# identity test still runs while the survey package is being reorganised. Do not edit.
"""Stage 1: read raw listing pages into deduplicated papers, keeping where each was listed.

Listing format: the header lines `new`, `Get trending papers in your email inbox!`, `Subscribe`,
`byAK and the research community`, a date line such as `Mar 12`, then for each paper a title line and
an abstract line, separated by blank lines.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from survey.core.errors import InputError

log = logging.getLogger(__name__)

HEADER = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
)
DATE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(, \d{4})?$")
# The listing's line breaks: only those an editor shows as line ends (str.splitlines would also split a
# title at U+2028, U+0085, a form feed or another separator hidden inside it).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control and bidirectional formatting characters carry no text, and a right-to-left override would make
# a title show something else than it says: they are dropped when a page is read.
INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# An abstract is prose: long, or at least three sentences. A title is neither (some titles hold one
# break, e.g. "Non-i.i.d. Environments"); a "title" longer than TITLE_MAX_CHARS is a misplaced abstract.
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z(]")
ABSTRACT_MIN_CHARS = 200
TITLE_MAX_CHARS = 300


@dataclass(frozen=True)
class Listing:
    """One title/abstract pair as it appears in one listing page."""

    title: str
    abstract: str
    source: str
    date: str
    line: int


@dataclass
class Paper:
    """A distinct paper: the first listing's text, plus every page and date it was listed on."""

    title: str
    abstract: str
    sources: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def normalize_title(title: str) -> str:
    """Title identity for deduplication and matching: case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def split_lines(text: str) -> list[str]:
    """The lines of `text` as an editor numbers them (a final line break ends the last line)."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def spelling(title: str) -> str:
    """A title as spelled, up to case, spacing and a final period."""
    return " ".join(title.casefold().split()).rstrip(".").rstrip()


def looks_like_abstract(line: str) -> bool:
    return len(line) >= ABSTRACT_MIN_CHARS or len(SENTENCE_BREAK.findall(line)) >= 2


def parse_listing(text: str, source: str) -> list[Listing]:
    """Parse one listing page; raise InputError if it does not follow the format."""
    lines = [(number, " ".join(INVISIBLE.sub("", raw).split())) for number, raw in enumerate(split_lines(text), 1)]
    content = [(number, line) for number, line in lines if line]
    fix = "A listing page starts with the lines " + ", ".join(repr(h) for h in HEADER) + \
        " and a date such as 'Mar 12', then a title line and an abstract line per paper"
    for expected, (number, line) in zip(HEADER, content):
        if line != expected:
            raise InputError(source, f"expected header line {expected!r}, found {line[:60]!r}", fix, number)
    if len(content) <= len(HEADER):
        raise InputError(source, "the page ends before its listing date", fix, len(lines) or 1)
    date_number, date = content[len(HEADER)]
    if not DATE.match(date):
        raise InputError(source, f"expected a listing date such as 'Mar 12', found {date[:60]!r}", fix, date_number)
    return _pair_titles_and_abstracts(content[len(HEADER) + 1:], source, date, fix)


def _pair_titles_and_abstracts(items: list[tuple[int, str]], source: str, date: str, fix: str) -> list[Listing]:
    listings: list[Listing] = []
    index = 0
    while index < len(items):
        number, title = items[index]
        if len(title) > TITLE_MAX_CHARS:
            raise InputError(source, f"expected a title but found a {len(title)}-character paragraph "
                                     "(two abstracts in a row?)", fix, number)
        following = items[index + 1:index + 3]
        title_without_abstract = not following or (
            len(following) == 2 and not looks_like_abstract(following[0][1]) and looks_like_abstract(following[1][1])
        )
        if title_without_abstract:
            log.warning("%s:%d: paper %r has no abstract; it is kept with an empty one", source, number, title[:80])
            listings.append(Listing(title, "", source, date, number))
            index += 1
        else:
            listings.append(Listing(title, following[0][1], source, date, number))
            index += 2
    return listings


def read_listing(path: Path) -> list[Listing]:
    """Read and parse one listing file; bytes that are not UTF-8 are an InputError."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise InputError(path, f"byte {error.start} is not valid UTF-8", "Save the file as UTF-8", line) from None
    return parse_listing(text.removeprefix("\ufeff"), path.name)


def deduplicate(listings: list[Listing]) -> list[Paper]:
    """Merge listings of the same paper (by normalized title), in first-seen order."""
    papers: dict[str, Paper] = {}
    for listing in listings:
        identity = normalize_title(listing.title)
        if not identity:
            raise InputError(listing.source, f"title {listing.title!r} has no letters or digits",
                             "Give the paper a real title", listing.line)
        paper = papers.setdefault(identity, Paper(listing.title, listing.abstract))
        if spelling(listing.title) != spelling(paper.title):
            log.warning("%s:%d: paper %r is taken to be %r, listed before (titles are matched ignoring case and "
                        "punctuation); if they are different papers, make their titles differ in a letter or digit",
                        listing.source, listing.line, listing.title[:80], paper.title[:80])
        if not paper.abstract and listing.abstract:
            paper.abstract = listing.abstract
        if listing.source not in paper.sources:
            paper.sources.append(listing.source)
        if listing.date not in paper.dates:
            paper.dates.append(listing.date)
    return list(papers.values())


def ingest(raw_dir: Path) -> list[Paper]:
    """All distinct papers of every `*.txt` page in `raw_dir`, pages read in name order."""
    pages = sorted(p for p in raw_dir.glob("*.txt") if p.is_file())
    if not pages:
        raise InputError(raw_dir, "no listing pages (*.txt) found", "Put listing pages in this folder")
    listings = [listing for page in pages for listing in read_listing(page)]
    return deduplicate(listings)
