"""The paper: one frozen, typed record per distinct paper, as every stage after the inputs sees it."""
from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


# What is not a letter or digit (`[^\W_]` is exactly str.isalnum, for every code point).
NOT_ALNUM = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 17)
def normalize_title(title: str) -> str:
    """Title identity for deduplication and matching: case, punctuation and spacing ignored. Every stage
    that matches titles calls it (about fifteen times per paper), hence one regex pass, not a loop per
    char, and each title's answer kept."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(NOT_ALNUM.sub(" ", text).split())


def family_name(author: str) -> str:
    """The family name of 'First Middle Last' (the metadata's order) or 'Last, First'."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = author.split()
    return parts[-1] if parts else ""


@dataclass(frozen=True)
class Paper:
    """A distinct paper with its facts, bibliographic metadata, key and place in the taxonomy.

    Lists are tuples in their meaningful order: `themes` starts with the main chapter, `authors` is the
    author order, `sources` and `dates` are the listing pages and listing dates in the order first seen.
    Unknown values are empty (`""`, `()`) or None, never guessed."""

    key: str
    title: str
    abstract: str
    short_name: str = ""
    summary: str = ""  # the contribution sentence: what the paper does (an exact sentence of the abstract)
    result: str = ""  # the headline result sentence (exact), "" when the abstract reports none
    paper_type: str = ""  # model.sentence.PAPER_TYPES
    training_free: str = ""  # yes, no or unknown
    themes: tuple[str, ...] = ()  # chapter slugs, the main chapter first
    section: str = ""  # section slug within the main chapter, or ""
    assignment: str = ""  # how the main chapter was chosen: override, rules, similarity or fallback
    code_urls: tuple[str, ...] = ()
    project_urls: tuple[str, ...] = ()
    arxiv_id: str = ""
    doi: str = ""  # arXiv's DOI (10.48550/arXiv.<id>) when the arXiv id is known
    authors: tuple[str, ...] = ()
    authors_complete: bool | None = None  # None: no authors known; False: the known list is truncated
    year: int | None = None
    month: int | None = None
    sources: tuple[str, ...] = ()  # listing pages (data/raw file names: the editors' record, never shown to readers)
    dates: tuple[str, ...] = ()  # listing dates as written on the pages ("Mar 12")
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (attribute, values stated in the text), vocabulary order

    def attribute(self, name: str) -> tuple[str, ...]:
        """The values of attribute `name` (data/attributes.yml) the title or abstract states; () if none."""
        for attribute, values in self.attributes:  # a few pairs: sooner read than made into a dict
            if attribute == name:
                return values
        return ()

    @property
    def arxiv_url(self) -> str:
        """The arXiv abstract page, or ''."""
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def pdf_url(self) -> str:
        """The arXiv PDF, or ''."""
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def primary_theme(self) -> str:
        """The main chapter's slug."""
        return self.themes[0] if self.themes else ""

    @property
    def other_themes(self) -> tuple[str, ...]:
        return self.themes[1:]

    @property
    def authors_truncated(self) -> bool:
        return self.authors_complete is False

    @property
    def date_text(self) -> str:
        """'March 2024', '2024', or '' when the year is unknown."""
        if self.year is None:
            return ""
        return f"{MONTHS[self.month - 1]} {self.year}" if self.month and 1 <= self.month <= 12 else str(self.year)


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI arXiv registers for every paper (DataCite), which Zotero uses to merge duplicates."""
    return f"10.48550/arXiv.{arxiv_id}" if arxiv_id else ""


@dataclass(frozen=True)
class ListingPage:
    """A listing page as readers know it: the listing date written on it, and from data/sources.yml a
    readable name, the full date when known and its address if it has one. Its file name in data/raw is the
    editors' business only."""

    listing_date: str  # as written on the page: "Mar 12"
    name: str = ""
    date: datetime.date | None = None
    url: str = ""

    @property
    def text(self) -> str:
        """'Hugging Face Papers, 11 March 2025'; the listing date as written when the year is not known;
        'the listing of Mar 12' for a page data/sources.yml does not describe."""
        when = f"{self.date.day} {MONTHS[self.date.month - 1]} {self.date.year}" if self.date else self.listing_date
        if not self.name:
            return f"the listing of {when}" if when else "a listing page"
        return f"{self.name}, {when}" if when else self.name


def listings(paper: Paper, pages: Mapping[str, ListingPage]) -> list[tuple[str, str]]:
    """Where the paper was listed, in words: (text, address or '') per listing page, each text once. A page
    `pages` does not know is named by its listing date (when the paper's dates pair with its pages)."""
    paired = len(paper.dates) == len(paper.sources)
    seen: dict[str, str] = {}
    for n, source in enumerate(paper.sources):
        page = pages.get(source) or ListingPage(paper.dates[n] if paired else "")
        seen.setdefault(page.text, page.url)
    return list(seen.items())
