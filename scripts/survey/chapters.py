"""Stage 6: the MyST pages of the book (landing page, overview, one page per chapter, all papers,
bibliography) and `_toc.yml`, all generated from the paper table and the taxonomy."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import yaml

from . import charts, myst
from .lexicon import EMPTY, Lexicon
from .synthesis import chapter_bridges_md, section_synthesis_md, synthesize_section
from .taxonomy import Chapter, Taxonomy
from .text import TextVectors, centroid, distinctive_terms, paper_text, vectorize

RELATED_CHAPTERS = 3


@dataclass(frozen=True)
class Corpus:
    """The paper table with what every page needs computed once."""

    table: pd.DataFrame
    taxonomy: Taxonomy
    vectors: TextVectors
    lexicon: Lexicon = EMPTY

    @classmethod
    def from_table(cls, table: pd.DataFrame, taxonomy: Taxonomy, lexicon: Lexicon = EMPTY) -> "Corpus":
        return cls(table, taxonomy, vectorize([paper_text(t, a) for t, a in zip(table["title"], table["abstract"])]),
                   lexicon)

    def rows_in(self, slug: str) -> list[int]:
        """Positions of the papers whose primary chapter is `slug`."""
        return [i for i, p in enumerate(self.table["primary_theme"]) if p == slug]

    def rows_also_in(self, slug: str) -> list[int]:
        """Positions of the papers for which `slug` is a secondary chapter."""
        return [i for i, t in enumerate(self.table["themes"]) if slug in t.split(";")[1:]]


def chapter_label(slug: str) -> str:
    return f"chapter-{slug}"


def section_label(chapter: str, section: str) -> str:
    return f"section-{chapter}-{section}"


def paper_cell(row: pd.Series) -> str:
    return f"{myst.text(row['title'])} {myst.cite(row['key'])}"


def code_cell(row: pd.Series) -> str:
    urls = [u for u in row["code_urls"].split(";") if u]
    return ", ".join(myst.link("code", u) for u in urls)


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def related_chapters(corpus: Corpus, chapter: Chapter) -> list[tuple[str, int, float]]:
    """Other chapters ranked by shared papers, then by vocabulary similarity: (slug, shared, similarity)."""
    members = set(corpus.rows_in(chapter.slug)) | set(corpus.rows_also_in(chapter.slug))
    own = centroid(corpus.vectors, sorted(members))
    ranked = []
    for other in corpus.taxonomy.chapters:
        if other.slug == chapter.slug:
            continue
        theirs = set(corpus.rows_in(other.slug)) | set(corpus.rows_also_in(other.slug))
        if not theirs:
            continue
        similarity = float(np.dot(own, centroid(corpus.vectors, sorted(theirs))))
        ranked.append((other.slug, len(members & theirs), round(similarity, 6)))
    ranked.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return ranked[:RELATED_CHAPTERS]


def chapter_page(corpus: Corpus, chapter: Chapter, figures: list[charts.Chart]) -> str:
    table = corpus.table
    rows = corpus.rows_in(chapter.slug)
    also = corpus.rows_also_in(chapter.slug)
    with_code = sum(1 for i in rows if table.at[i, "code_urls"])
    terms = distinctive_terms(corpus.vectors, rows)
    out = [f"({chapter_label(chapter.slug)})=", f"# {myst.text(chapter.title)}", "", myst.text(chapter.scope), "",
           "## Overview", "",
           f"- Main chapter of **{len(rows)}** papers; also relevant to **{len(also)}** papers from other chapters.",
           f"- **{len(chapter.sections)}** sections: " + ", ".join(
               f"{{ref}}`{section_label(chapter.slug, s.slug)}`" for s in chapter.sections) + ".",
           f"- Distinctive terms: {myst.text(', '.join(terms)) if terms else 'none'}.",
           f"- {share(with_code, len(rows))} of its papers link to code ({with_code} of {len(rows)}).",
           f"- Cite its {len(rows) + len(also)} papers: {{download}}`BibTeX </downloads/chapters/{chapter.slug}.bib>`.", ""]
    out += [charts.chart_markdown(figure) for figure in figures]
    for section in chapter.sections:
        members = [i for i in rows if table.at[i, "section"] == section.slug]
        out += [f"({section_label(chapter.slug, section.slug)})=", f"## {myst.text(section.title)}", "",
                myst.text(section.intro), ""]
        if not members:
            out += ["No paper of the corpus falls in this section yet.", ""]
            continue
        out += [section_synthesis_md(table, synthesize_section(table, corpus.vectors, members, corpus.lexicon, rows))]
        cells = [[paper_cell(table.iloc[i]), myst.text(table.at[i, "short_name"]), code_cell(table.iloc[i]),
                  myst.text(table.at[i, "summary"])] for i in members]
        out += [myst.table(["Paper", "Method", "Code", "What it does"], cells, [36, 14, 8, 42]), ""]
    if also:
        out += ["## Also relevant", "", "Papers whose main chapter is elsewhere but which also belong here:", ""]
        out += [f"- {paper_cell(table.iloc[i])}, main chapter: {{ref}}`{chapter_label(table.at[i, 'primary_theme'])}`"
                for i in also] + [""]
    out += ["## Related chapters", "",
            chapter_bridges_md(table, corpus.vectors, chapter.slug, related_chapters(corpus, chapter), chapter_label)]
    return "\n".join(out)


def overview_page(corpus: Corpus, figures: list[charts.Chart]) -> str:
    table = corpus.table
    total = len(table)
    listings = sum(len(s.split(";")) for s in table["sources"])
    pages = sorted({s for sources in table["sources"] for s in sources.split(";")})
    counts = [[f"{{ref}}`{chapter_label(c.slug)}`", str(len(corpus.rows_in(c.slug))), str(len(corpus.rows_also_in(c.slug))),
               share(sum(1 for i in corpus.rows_in(c.slug) if table.at[i, "code_urls"]), len(corpus.rows_in(c.slug)))]
              for c in corpus.taxonomy.chapters]
    years = table.loc[table["year"] != "", "year"].value_counts().sort_index()
    chart = {figure.name: charts.chart_markdown(figure) for figure in figures}
    out = ["(overview)=", "# Overview of the corpus", "",
           f"The survey covers **{total}** distinct papers from **{listings}** listings on **{len(pages)}** listing pages.", "",
           f"- With an arXiv identifier: {(table['arxiv_id'] != '').sum()}",
           f"- With known authors: {(table['authors'] != '').sum()}",
           f"- With a link to code: {(table['code_urls'] != '').sum()}",
           f"- With a project page: {(table['project_urls'] != '').sum()}",
           f"- With a named method: {(table['short_name'] != '').sum()}", "",
           "## Papers per chapter", "", chart["overview-chapters"],
           myst.table(["Chapter", "Main chapter of", "Also relevant to", "With code"], counts, [55, 15, 15, 15]), "",
           chart["overview-code"],
           "## How chapters overlap", "", "How many papers each pair of chapters shares (main or secondary).", "",
           chart["overview-overlap"],
           "## Map of the corpus", "",
           "Each point is a paper, placed by the similarity of its text (a 2-D projection of TF-IDF vectors) and "
           "coloured by its main chapter. Click a point to open its chapter.", "", chart["overview-map"]]
    if len(years):
        out += ["## Papers per year", "", "Years are known for papers with arXiv metadata.", "",
                chart.get("overview-years", ""),
                myst.table(["Year", "Papers"], [[y, str(n)] for y, n in years.items()], [50, 50]), ""]
    return "\n".join(out)


def all_papers_page(corpus: Corpus) -> str:
    table = corpus.table
    order = sorted(range(len(table)), key=lambda i: (table.at[i, "title"].casefold(), table.at[i, "key"]))
    cells = [[paper_cell(table.iloc[i]), myst.text(table.at[i, "short_name"]),
              f"{{ref}}`{chapter_label(table.at[i, 'primary_theme'])}`", table.at[i, "year"], code_cell(table.iloc[i])]
             for i in order]
    return "\n".join(["(all-papers)=", "# All papers", "",
                      f"Every paper of the survey ({len(table)}), alphabetically by title, with its main chapter.", "",
                      myst.table(["Paper", "Method", "Chapter", "Year", "Code"], cells, [44, 14, 26, 8, 8]), ""])


def bibliography_page() -> str:
    return "\n".join(["(bibliography)=", "# Bibliography", "",
                      "Download every entry as {download}`BibTeX </downloads/references.bib>` (LaTeX, JabRef, Zotero), "
                      "{download}`RIS </downloads/survey.ris>` (Zotero, EndNote, Mendeley) or "
                      "{download}`CSL-JSON </downloads/survey.json>` (Zotero, pandoc). Each chapter page links to "
                      "a BibTeX file of its own papers.", "",
                      "```{bibliography}", ":all:", "```", ""])


def landing_page(corpus: Corpus) -> str:
    taxonomy = corpus.taxonomy
    chapters = [f"- {{ref}}`{chapter_label(c.slug)}` ({len(corpus.rows_in(c.slug))} papers)" for c in taxonomy.chapters]
    return "\n".join([f"# {myst.text(taxonomy.title)}", "",
                      f"A survey of {len(corpus.table)} machine-learning papers, grouped into {len(taxonomy.chapters)} "
                      "chapters by a curated taxonomy. Every table, count and citation is generated from the paper "
                      "listings, so the survey can be rebuilt from its sources at any time.", "",
                      "## Chapters", "", *chapters, "",
                      "Start with the {ref}`overview`, browse {ref}`all-papers`, or go to the {ref}`bibliography`.", ""])


def toc(taxonomy: Taxonomy) -> str:
    chapters = [{"file": "chapters/overview"}] + [{"file": f"chapters/{c.slug}"} for c in taxonomy.chapters] + \
        [{"file": "chapters/all-papers"}, {"file": "chapters/bibliography"}]
    document = {"format": "jb-book", "root": "index", "chapters": chapters}
    return "# Generated by `python -m survey build` from data/themes.yml: do not edit.\n" + \
        yaml.safe_dump(document, sort_keys=False)


def book_pages(corpus: Corpus, figures: dict[str, list[charts.Chart]]) -> dict[str, str]:
    """Every generated page, keyed by its path relative to the book root; `figures` maps pages to charts."""
    pages = {"index.md": landing_page(corpus), "chapters/overview.md": overview_page(corpus, figures["chapters/overview.md"]),
             "chapters/all-papers.md": all_papers_page(corpus), "chapters/bibliography.md": bibliography_page(),
             "_toc.yml": toc(corpus.taxonomy)}
    for chapter in corpus.taxonomy.chapters:
        page = f"chapters/{chapter.slug}.md"
        pages[page] = chapter_page(corpus, chapter, figures.get(page, []))
    return pages
