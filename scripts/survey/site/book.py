"""Every generated page of the book, keyed by its path relative to the book's root."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis.corpus import Corpus
from ..inputs.merge import Report
from .all_papers import ALL_PAPERS_PAGE_LIMIT, all_papers_pages
from .bibliography import BIBLIOGRAPHY_PAGE_LIMIT, bibliography_pages
from .chapter import SECTION_TABLE_LIMIT, chapter_pages
from .charts import Chart
from .edition import Edition
from .entries import ENTRY_PAGE_LIMIT, PAPER_INDEX, entry_pages, paper_index
from .landing import landing_page
from .overview import overview_page
from .sources import SOURCES_PAGE, sources_page
from .toc import toc
from .whats_new import FEED, WHATS_NEW, feed_xml, whats_new_page


@dataclass(frozen=True)
class PageLimits:
    """Above how many papers a page is split, so that no page grows with the corpus."""

    entries: int = ENTRY_PAGE_LIMIT  # entries per page of a key group
    all_papers: int = ALL_PAPERS_PAGE_LIMIT  # rows of "All papers" before a page per title initial
    bibliography: int = BIBLIOGRAPHY_PAGE_LIMIT  # entries of the bibliography before a page per key initial
    section_table: int = SECTION_TABLE_LIMIT  # papers of a section's table on its chapter's page, before pages of its own


def book_pages(corpus: Corpus, bibtex: Sequence[str], figures: dict[str, list[Chart]], edition: Edition,
               limits: PageLimits = PageLimits(), sources: Report | None = None) -> dict[str, str | bytes]:
    """Every generated page, `_toc.yml` and the feed; `figures` maps pages to their charts, `bibtex` holds
    each paper's entry as references.bib does, `sources` what each input file gave (the Sources page)."""
    papers = entry_pages(corpus, bibtex, limits.entries)
    everything = all_papers_pages(corpus, limits.all_papers)
    nested = [name for name in everything if name != "chapters/all-papers.md"]
    bibliography = bibliography_pages(corpus.papers, limits.bibliography)
    chapters = {chapter.slug: chapter_pages(corpus, chapter, figures.get(f"chapters/{chapter.slug}.md", []),
                                            figures.get(f"chapters/{chapter.slug}.md#trends", []), limits.section_table)
                for chapter in corpus.taxonomy.chapters}
    pages: dict[str, str | bytes] = {
        "index.md": landing_page(corpus, edition),
        "chapters/overview.md": overview_page(corpus, figures["chapters/overview.md"]),
        **everything, **bibliography, PAPER_INDEX: paper_index(corpus), **papers,
        WHATS_NEW: whats_new_page(corpus, edition), FEED: feed_xml(corpus, edition),
        SOURCES_PAGE: sources_page(corpus, sources or Report()),
        "_toc.yml": toc(corpus.taxonomy, nested, [name for name in bibliography if name != "chapters/bibliography.md"],
                        list(papers), PAPER_INDEX, WHATS_NEW, SOURCES_PAGE,
                        {slug: list(own)[1:] for slug, own in chapters.items()})}
    for own in chapters.values():
        pages.update(own)
    return pages
