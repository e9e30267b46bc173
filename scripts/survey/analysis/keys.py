"""Stable BibTeX keys, built from the paper itself so that adding, removing or reordering listing
pages leaves every other paper's key alone.

Form: first author's family name + year + first two significant title words (`gupta2022longshort`);
without authors, the title words + year. When several papers share that base key, one keeps it and
every other gets `-` + a hash of its own normalized title; which one keeps it depends only on the
papers themselves (earliest arXiv id when the caller passes them, else smallest title hash), never on
input order. So a colliding newcomer that is later than the paper already there leaves its key
unchanged; removing the paper that holds the plain key, or adding an earlier one, moves the plain key,
which no key scheme without stored state can avoid.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from ..model.paper import family_name, normalize_title

STOPWORDS = frozenset("a an the of for and in on to with via by from at is are towards toward".split())


def ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits only (accents folded: Müller -> muller)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def base_key(title: str, authors: tuple[str, ...], year: str) -> str:
    words = [w for w in (ascii_word(t) for t in normalize_title(title).split()) if w and w not in STOPWORDS]
    title_part = "".join(words[:2]) or "untitled"
    author = ascii_word(family_name(authors[0])) if authors else ""
    if author:
        return f"{author}{year}{title_part}"
    return f"{title_part}{year}"


def title_digest(title: str, length: int = 4) -> str:
    return hashlib.sha1(normalize_title(title).encode("utf-8")).hexdigest()[:length]


def assign_keys(papers: Sequence[tuple[str, tuple[str, ...], str]], since: Sequence[str] | None = None) -> list[str]:
    """Keys for (title, authors, year) triples, in the same order.

    `since` optionally gives each paper a sortable first-appearance mark (its arXiv id, or '' when
    unknown) that decides which paper of a colliding group keeps the plain key; the others get
    `-` + the first hex digits of their normalized title's SHA-1 (more digits if two of them share
    the first four).
    """
    since = list(since) if since is not None else [""] * len(papers)
    if len(since) != len(papers):
        raise ValueError("since must give one mark per paper")
    bases = [base_key(*paper) for paper in papers]
    groups: dict[str, list[int]] = defaultdict(list)
    for index, base in enumerate(bases):
        groups[base].append(index)
    keys = list(bases)
    for base, members in groups.items():
        if len(members) < 2:
            continue
        # Same normalized title means the same paper: no rank can tell such duplicates apart.
        titles = {normalize_title(papers[i][0]) for i in members}
        if len(titles) < len(members):
            raise ValueError(f"papers with the same title share the key {base!r}")
        first = min(members, key=lambda i: (since[i] == "", since[i], title_digest(papers[i][0], 40)))
        others = [i for i in members if i != first]
        length = 4
        while len({title_digest(papers[i][0], length) for i in others}) < len(others):
            length += 2
        for i in others:
            keys[i] = f"{base}-{title_digest(papers[i][0], length)}"
    return keys
