"""Addresses and labels the pages link to and the site's script relies on.

Entries are grouped into one page per first character of the BibTeX key (`papers/c.md`), each paper an
anchored section: its address is `papers/<group>.html#paper-<key>`. Keys are stable (analysis.keys), so
the address survives re-themeing and new papers. `_static/survey/site.js` follows a split group's index
to the part holding an entry and makes tables of class TABLE_CLASS sortable and filterable.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..model.paper import Paper

PAPERS_DIR = "papers"
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OTHER_GROUP = "0-9"
TABLE_CLASS = "survey-table"  # tables the site's script makes sortable and filterable


def chapter_label(slug: str) -> str:
    return f"chapter-{slug}"


def section_label(chapter: str, section: str) -> str:
    return f"section-{chapter}-{section}"


def section_table_label(chapter: str, section: str, part: int) -> str:
    """A part of a section's comparison table on a page of its own (site.chapter)."""
    return f"table-{chapter}-{section}-part{part}"


def group(key: str) -> str:
    """The entry page a key belongs to: its first letter, or 0-9 for a key that starts otherwise."""
    first = key[:1]
    return first if "a" <= first <= "z" else OTHER_GROUP


def label(key: str) -> str:
    """The cross-reference label (and HTML id) of a paper's entry."""
    return f"paper-{key}"


def page(key: str) -> str:
    """The document path (no suffix, relative to the book root) of the entry's stable address: its group's
    page, which for a split group is the index that leads to the part holding the entry."""
    return f"{PAPERS_DIR}/{group(key)}"


def href(key: str, depth: int = 1) -> str | None:
    """The entry's URL relative to an HTML page `depth` folders below the site root (chapters/ is 1);
    None for a key that is not a plain identifier (never put in a URL)."""
    if not KEY.match(key):
        return None
    return "../" * depth + f"{page(key)}.html#{label(key)}"


def link(key: str) -> str:
    """A reference to the paper's entry; its text is the entry's heading, the paper's title. (A `{ref}`
    resolves in the standard domain only: much cheaper than a Markdown `[title](#label)` link, which
    MyST looks up in every domain.)"""
    return f"{{ref}}`{label(key)}`"


def groups(papers: Sequence[Paper]) -> dict[str, list[int]]:
    """Positions of each entry page's papers, pages in order (0-9 first), papers by key."""
    out: dict[str, list[int]] = {}
    for i in sorted(range(len(papers)), key=lambda i: papers[i].key):
        out.setdefault(group(papers[i].key), []).append(i)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] != OTHER_GROUP, kv[0])))


def group_slug(name: str) -> str:
    """The group's name in labels and file names ("digits" for 0-9)."""
    return "digits" if name == OTHER_GROUP else name


def group_label(name: str, part: int | None = None) -> str:
    base = f"{PAPERS_DIR}-{group_slug(name)}"
    return base if part is None else f"{base}-part{part}"


def group_title(name: str) -> str:
    return f"Papers: {name.upper()}"
