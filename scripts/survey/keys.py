"""Stable BibTeX keys: a function of the paper alone, so keys survive adding or removing papers.

Form: first author's family name + year + first two significant title words (`gupta2022longshort`);
without authors, the title words + year. Two papers that still collide both get a suffix from their
own normalized title's hash, which does not depend on input order.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

from .ingest import normalize_title

STOPWORDS = frozenset("a an the of for and in on to with via by from at is are towards toward".split())


def ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits only (accents folded: Müller -> muller)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def family_name(author: str) -> str:
    """Family name of 'First Middle Last' (the metadata's order) or 'Last, First'."""
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0]
    return author.split()[-1] if author.split() else ""


def base_key(title: str, authors: tuple[str, ...], year: str) -> str:
    words = [w for w in (ascii_word(t) for t in normalize_title(title).split()) if w and w not in STOPWORDS]
    title_part = "".join(words[:2]) or "untitled"
    author = ascii_word(family_name(authors[0])) if authors else ""
    if author:
        return f"{author}{year}{title_part}"
    return f"{title_part}{year}"


def assign_keys(papers: list[tuple[str, tuple[str, ...], str]]) -> list[str]:
    """Keys for (title, authors, year) triples, in the same order; colliding keys get a title hash."""
    bases = [base_key(*paper) for paper in papers]
    groups: dict[str, int] = defaultdict(int)
    for base in bases:
        groups[base] += 1
    keys = []
    for base, (title, _, _) in zip(bases, papers):
        if groups[base] > 1:
            digest = hashlib.sha1(normalize_title(title).encode("utf-8")).hexdigest()[:4]
            base = f"{base}-{digest}"
        keys.append(base)
    return keys
