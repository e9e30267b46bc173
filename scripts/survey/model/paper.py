"""The paper: one frozen, typed record per distinct paper, as every stage after the inputs sees it."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def normalize_title(title: str) -> str:
    """Title identity for deduplication and matching: case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


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
    authors: tuple[str, ...] = ()
    authors_complete: bool | None = None  # None: no authors known; False: the known list is truncated
    year: int | None = None
    month: int | None = None
    sources: tuple[str, ...] = ()  # listing pages (data/raw file names)
    dates: tuple[str, ...] = ()  # listing dates as written on the pages ("Mar 12")
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (attribute, values stated in the text), vocabulary order

    def attribute(self, name: str) -> tuple[str, ...]:
        """The values of attribute `name` (data/attributes.yml) the title or abstract states; () if none."""
        return dict(self.attributes).get(name, ())

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
