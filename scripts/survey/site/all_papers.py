""""All papers": every paper in one filterable table, or, above a limit, a page per title initial (an
initial of more papers than the limit in parts of consecutive titles)."""
from __future__ import annotations

from ..analysis.corpus import Corpus
from ..formats import myst
from ..model.paper import Paper
from .addresses import TABLE_CLASS, chapter_label
from .cells import code_cell, paper_cell, section_cell, year_cell
from .entries import PAPER_INDEX_LABEL
from .split import index_item, parts

# Above this many papers "All papers" is split into a page per title initial: at ~1.1 KB of HTML per row,
# one table of 10,000 papers was a 10.6 MiB page (bench/README.md).
ALL_PAPERS_PAGE_LIMIT = 2000


def title_initial(title: str) -> str:
    """The group of a title on the split "All papers" pages: its first letter a-z, else "other"."""
    first = next((c for c in title.casefold() if c.isalnum()), "")
    return first if "a" <= first <= "z" else "other"


def by_title(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (p.title.casefold(), p.key))


def all_papers_table(corpus: Corpus, papers: list[Paper]) -> str:
    """The table of `papers`, in the order given (by_title)."""
    cells = [[paper_cell(p), myst.text(p.short_name), f"{{ref}}`{chapter_label(p.primary_theme)}`",
              section_cell(p, corpus.taxonomy), year_cell(p), code_cell(p)]
             for p in papers]
    return myst.table(["Paper", "Method", "Chapter", "Section", "Year", "Code"], cells, [32, 12, 20, 20, 7, 9],
                      classes=(TABLE_CLASS,))


def all_papers_pages(corpus: Corpus, limit: int = ALL_PAPERS_PAGE_LIMIT) -> dict[str, str]:
    """"All papers": one page with one table, or, above `limit` papers, an index page and a page per title
    initial (chapters/all-papers-<initial>.md), an initial of more than `limit` papers in parts
    (chapters/all-papers-<initial>-part<n>.md), so no page grows with the corpus."""
    intro = ["(all-papers)=", "# All papers", "",
             f"Every paper of the survey ({len(corpus)}), alphabetically by title, with its main chapter and "
             "section. On the website, filter the table by chapter, section, year or code, type a word to "
             "narrow it, and click a column header to sort by it.", "",
             "Each title leads to the paper's entry (what it does, facts, abstract, BibTeX, related papers); the "
             f"{{ref}}`{PAPER_INDEX_LABEL}` lists the pages of entries.", ""]
    if len(corpus) <= limit:
        return {"chapters/all-papers.md": "\n".join(intro + [all_papers_table(corpus, by_title(list(corpus.papers))), ""])}
    groups: dict[str, list[Paper]] = {}
    for paper in corpus.papers:
        groups.setdefault(title_initial(paper.title), []).append(paper)
    names = sorted(groups, key=lambda g: (g == "other", g))
    groups = {g: by_title(groups[g]) for g in names}
    runs = {g: parts(groups[g], limit) for g in names}
    pages = {"chapters/all-papers.md": "\n".join(intro + [
        "By the first letter of the title: " + " · ".join(
            index_item(g.upper() if g != "other" else "Other", f"all-papers-{g}", len(groups[g]), len(runs[g]))
            for g in names) + ".", ""])}
    for g in names:
        heading = f"Papers: titles starting with {g.upper()}" if g != "other" else "Papers: other titles"
        if len(runs[g]) == 1:
            pages[f"chapters/all-papers-{g}.md"] = "\n".join([f"(all-papers-{g})=", f"# {heading}", "",
                                                              all_papers_table(corpus, groups[g]), ""])
            continue
        for n, run in enumerate(runs[g], 1):
            span = f"From “{myst.text(run[0].title)}” to “{myst.text(run[-1].title)}”: {len(run)} of the {len(groups[g])} papers."
            pages[f"chapters/all-papers-{g}-part{n}.md"] = "\n".join([
                f"(all-papers-{g}-part{n})=", f"# {heading}, part {n} of {len(runs[g])}", "", span, "",
                all_papers_table(corpus, run), ""])
    return pages
