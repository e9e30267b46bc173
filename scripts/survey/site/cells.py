"""Cells and figures shared by the paper tables of several pages (chapters, "All papers")."""
from __future__ import annotations

from collections.abc import Sequence

from ..formats import myst
from ..model.paper import Paper
from ..model.taxonomy import Taxonomy
from .addresses import link, section_label


def paper_cell(paper: Paper) -> str:
    """The paper's title, linked to its entry, and its citation (which links to the bibliography)."""
    return f"{link(paper.key)} {myst.cite(paper.key)}"


def section_cell(paper: Paper, taxonomy: Taxonomy) -> str:
    chapter, section = paper.primary_theme, paper.section
    return f"{{ref}}`{section_label(chapter, section)}`" if taxonomy.has_section(chapter, section) else ""


def code_cell(paper: Paper) -> str:
    return ", ".join(myst.link("code", u) for u in paper.code_urls)


def year_cell(paper: Paper) -> str:
    return "" if paper.year is None else str(paper.year)


LISTED_PAPERS = 20  # papers one cell or list of a chapter page names; of more, the most recent (most_recent)


def most_recent(papers: Sequence[Paper], rows: Sequence[int], count: int | None = None) -> list[int]:
    """The `count` (default LISTED_PAPERS) most recent of the papers at `rows` (by year and month of first
    submission, unknown dates last, then by key), in the order of `rows`: a chapter page that named every
    paper of a large corpus in one cell or list would grow with the corpus (at 100,000 papers a dataset was
    named by 1,200 papers of a section)."""
    count = LISTED_PAPERS if count is None else count
    if len(rows) <= count:
        return list(rows)
    newest = sorted(rows, key=lambda i: (-(papers[i].year or 0), -(papers[i].month or 0), papers[i].key))[:count]
    kept = set(newest)
    return [i for i in rows if i in kept]


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"
