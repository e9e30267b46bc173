"""Cells and figures shared by the paper tables of several pages (chapters, "All papers")."""
from __future__ import annotations

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


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"
