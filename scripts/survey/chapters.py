"""Stage 6: the MyST pages of the book (landing page, overview, one page per chapter, all papers, the
paper entries of entries.py, bibliography) and `_toc.yml`, all generated from the paper table and the
taxonomy."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import yaml

from . import charts, entries, myst
from .bibtex import entry_texts
from .entries import Edition
from .exports import DOWNLOADS
from .lexicon import EMPTY, Lexicon
from .synthesis import chapter_bridges_md, section_synthesis_md, synthesize_section
from .taxonomy import Chapter, Taxonomy
from .text import TextVectors, centroid, distinctive_terms, neighbours, paper_text, vectorize

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

    @cached_property
    def records(self) -> list[dict[str, str]]:
        """The table's rows as dicts: reading a row of a DataFrame (`iloc`) costs ~100 us, of a dict nothing."""
        return self.table.to_dict("records")

    @cached_property
    def bibtex(self) -> list[str]:
        """Each paper's BibTeX entry as references.bib holds it (bibtex.entry_texts), written once."""
        return entry_texts(self.table)

    @cached_property
    def neighbours(self) -> list[list[tuple[int, float]]]:
        """Each paper's most similar papers, computed once for all entries (text.neighbours)."""
        return neighbours(self.vectors, entries.RELATED)

    @cached_property
    def _main_rows(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for i, slug in enumerate(self.table["primary_theme"]):
            rows.setdefault(slug, []).append(i)
        return rows

    @cached_property
    def _secondary_rows(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for i, themes in enumerate(self.table["themes"]):
            for slug in dict.fromkeys(themes.split(";")[1:]):
                rows.setdefault(slug, []).append(i)
        return rows

    def rows_in(self, slug: str) -> list[int]:
        """Positions of the papers whose primary chapter is `slug`."""
        return list(self._main_rows.get(slug, []))

    def rows_also_in(self, slug: str) -> list[int]:
        """Positions of the papers for which `slug` is a secondary chapter."""
        return list(self._secondary_rows.get(slug, []))

    @cached_property
    def chapter_centroids(self) -> dict[str, np.ndarray]:
        """Each chapter's centroid over its papers, main and secondary (related_chapters compares them all)."""
        return {c.slug: centroid(self.vectors, sorted(set(self.rows_in(c.slug)) | set(self.rows_also_in(c.slug))))
                for c in self.taxonomy.chapters}


def chapter_label(slug: str) -> str:
    return f"chapter-{slug}"


def section_label(chapter: str, section: str) -> str:
    return f"section-{chapter}-{section}"


def paper_cell(row: Mapping[str, str]) -> str:
    """The paper's title, linked to its entry, and its citation (which links to the bibliography)."""
    return f"{entries.link(row['key'])} {myst.cite(row['key'])}"


def section_cell(row: Mapping[str, str], taxonomy: Taxonomy) -> str:
    chapter, section = row["primary_theme"], row["section"]
    return f"{{ref}}`{section_label(chapter, section)}`" if taxonomy.has_section(chapter, section) else ""


def code_cell(row: Mapping[str, str]) -> str:
    urls = [u for u in row["code_urls"].split(";") if u]
    return ", ".join(myst.link("code", u) for u in urls)


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def related_chapters(corpus: Corpus, chapter: Chapter) -> list[tuple[str, int, float]]:
    """Other chapters ranked by shared papers, then by vocabulary similarity: (slug, shared, similarity)."""
    members = set(corpus.rows_in(chapter.slug)) | set(corpus.rows_also_in(chapter.slug))
    own = corpus.chapter_centroids[chapter.slug]
    ranked = []
    for other in corpus.taxonomy.chapters:
        if other.slug == chapter.slug:
            continue
        theirs = set(corpus.rows_in(other.slug)) | set(corpus.rows_also_in(other.slug))
        if not theirs:
            continue
        similarity = float(np.dot(own, corpus.chapter_centroids[other.slug]))
        ranked.append((other.slug, len(members & theirs), round(similarity, 6)))
    ranked.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return ranked[:RELATED_CHAPTERS]


def chapter_page(corpus: Corpus, chapter: Chapter, figures: list[charts.Chart]) -> str:
    table = corpus.table
    rows = corpus.rows_in(chapter.slug)
    also = corpus.rows_also_in(chapter.slug)
    with_code = sum(1 for i in rows if corpus.records[i]["code_urls"])
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
        members = [i for i in rows if corpus.records[i]["section"] == section.slug]
        out += [f"({section_label(chapter.slug, section.slug)})=", f"## {myst.text(section.title)}", "",
                myst.text(section.intro), ""]
        if not members:
            out += ["No paper of the corpus falls in this section yet.", ""]
            continue
        out += [section_synthesis_md(table, synthesize_section(table, corpus.vectors, members, corpus.lexicon, rows))]
        records = [corpus.records[i] for i in members]
        cells = [[paper_cell(r), myst.text(r["short_name"]), r["year"], code_cell(r), myst.text(r["summary"])]
                 for r in records]
        out += [myst.table(["Paper", "Method", "Year", "Code", "What it does"], cells, [34, 13, 7, 8, 38],
                           classes=(entries.TABLE_CLASS,)), ""]
    if also:
        out += ["## Also relevant", "", "Papers whose main chapter is elsewhere but which also belong here:", ""]
        out += [f"- {paper_cell(corpus.records[i])}, main chapter: {{ref}}`{chapter_label(corpus.records[i]['primary_theme'])}`"
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
               share(sum(1 for i in corpus.rows_in(c.slug) if corpus.records[i]["code_urls"]), len(corpus.rows_in(c.slug)))]
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
           "coloured by its main chapter. Click a point to open the paper's entry.", "", chart["overview-map"]]
    if len(years):
        out += ["## Papers per year", "", "Years are known for papers with arXiv metadata.", "",
                chart.get("overview-years", ""),
                myst.table(["Year", "Papers"], [[y, str(n)] for y, n in years.items()], [50, 50]), ""]
    return "\n".join(out)


# Above this many papers "All papers" is split into a page per title initial: at ~1.1 KB of HTML per row,
# one table of 10,000 papers was a 10.6 MiB page (bench/README.md).
ALL_PAPERS_PAGE_LIMIT = 2000


def title_initial(title: str) -> str:
    """The group of a title on the split "All papers" pages: its first letter a-z, else "other"."""
    first = next((c for c in title.casefold() if c.isalnum()), "")
    return first if "a" <= first <= "z" else "other"


def all_papers_table(corpus: Corpus, records: list[dict[str, str]]) -> str:
    records = sorted(records, key=lambda r: (r["title"].casefold(), r["key"]))
    cells = [[paper_cell(r), myst.text(r["short_name"]), f"{{ref}}`{chapter_label(r['primary_theme'])}`",
              section_cell(r, corpus.taxonomy), r["year"], code_cell(r)]
             for r in records]
    return myst.table(["Paper", "Method", "Chapter", "Section", "Year", "Code"], cells, [32, 12, 20, 20, 7, 9],
                      classes=(entries.TABLE_CLASS,))


def all_papers_pages(corpus: Corpus, limit: int | None = None) -> dict[str, str]:
    """"All papers": one page with one table, or, above `limit` papers (ALL_PAPERS_PAGE_LIMIT), an index
    page and a page per title initial (chapters/all-papers-<initial>.md), so no page grows with the corpus."""
    table = corpus.table
    limit = ALL_PAPERS_PAGE_LIMIT if limit is None else limit
    intro = ["(all-papers)=", "# All papers", "",
             f"Every paper of the survey ({len(table)}), alphabetically by title, with its main chapter and "
             "section. On the website, filter the table by chapter, section, year or code, type a word to "
             "narrow it, and click a column header to sort by it.", "",
             "Each title leads to the paper's entry (facts, abstract, BibTeX, related papers); the entries "
             "are grouped by the first character of their citation key: " + entries.jump_list(table) + ".", ""]
    if len(table) <= limit:
        return {"chapters/all-papers.md": "\n".join(intro + [all_papers_table(corpus, corpus.records), ""])}
    groups: dict[str, list[dict[str, str]]] = {}
    for record in corpus.records:
        groups.setdefault(title_initial(record["title"]), []).append(record)
    names = sorted(groups, key=lambda g: (g == "other", g))
    pages = {"chapters/all-papers.md": "\n".join(intro + [
        "By the first letter of the title: " + " · ".join(
            f"{{ref}}`{g.upper() if g != 'other' else 'Other'} <all-papers-{g}>` ({len(groups[g])})" for g in names)
        + ".", ""])}
    for g in names:
        heading = f"Papers: titles starting with {g.upper()}" if g != "other" else "Papers: other titles"
        pages[f"chapters/all-papers-{g}.md"] = "\n".join([f"(all-papers-{g})=", f"# {heading}", "",
                                                          all_papers_table(corpus, groups[g]), ""])
    return pages


BIBLIOGRAPHY_PAGE_LIMIT = 4000  # ~590 bytes of HTML per entry: 2.3 MB


def bibliography_pages(table: pd.DataFrame, limit: int | None = None) -> dict[str, str]:
    """The bibliography: one page, or above `limit` papers (BIBLIOGRAPHY_PAGE_LIMIT) an index and a page
    per first character of the key, as the entries are grouped (chapters/bibliography-<group>.md). Each
    page's labels carry its group as a prefix ([S12]), so labels stay unique across the pages."""
    limit = BIBLIOGRAPHY_PAGE_LIMIT if limit is None else limit
    intro = ["(bibliography)=", "# Bibliography", "",
             "Download every entry as {download}`BibTeX </downloads/references.bib>` (LaTeX, JabRef, Zotero), "
             "{download}`RIS </downloads/survey.ris>` (Zotero, EndNote, Mendeley) or "
             "{download}`CSL-JSON </downloads/survey.json>` (Zotero, pandoc). Each chapter page links to "
             "a BibTeX file of its own papers.", ""]
    if len(table) <= limit:
        return {"chapters/bibliography.md": "\n".join(intro + ["```{bibliography}", ":all:", "```", ""])}
    groups = entries.groups(table)
    pages = {"chapters/bibliography.md": "\n".join(intro + [
        "By the first character of the citation key: " + " · ".join(
            f"{{ref}}`{name.upper()} <bibliography-{entries.group_slug(name)}>` ({len(rows)})"
            for name, rows in groups.items()) + ".", ""])}
    for name in groups:
        slug = entries.group_slug(name)
        matches = 'not key % "^[a-z]"' if name == entries.OTHER_GROUP else f'key % "^{name}"'
        pages[f"chapters/bibliography-{slug}.md"] = "\n".join([
            f"(bibliography-{slug})=", f"# Bibliography: {name.upper()}", "",
            "```{bibliography}", f":filter: {matches}",
            f":labelprefix: \"{'#' if name == entries.OTHER_GROUP else name.upper()}\"", "```", ""])  # quoted: # starts a comment
    return pages


DOWNLOAD_LINKS = [("survey.pdf", "The survey as a PDF"), ("references.bib", "Every paper as BibTeX"),
                  ("survey.ris", "Every paper as RIS"), ("survey.json", "Every paper as CSL-JSON"),
                  ("papers.csv", "The paper table as CSV")]


def landing_page(corpus: Corpus, edition: Edition) -> str:
    """The book's first page: what the survey covers, the edition, the corpus in numbers, how to read and
    cite it, the downloads."""
    taxonomy = corpus.taxonomy
    chapters = [f"- {{ref}}`{chapter_label(c.slug)}` ({len(corpus.rows_in(c.slug))} papers)" for c in taxonomy.chapters]
    out = [f"# {myst.text(edition.title)}", "",
           f"A survey of {len(corpus.table)} machine-learning papers, grouped into {len(taxonomy.chapters)} "
           "chapters by a curated taxonomy. Every table, count and citation is generated from the paper "
           "listings, so the survey can be rebuilt from its sources at any time.", ""]
    latest = f", latest listing {myst.text(edition.latest_listing)}" if edition.latest_listing else ""
    out += [f"This edition: corpus version `{edition.version}`, {edition.listing_pages} listing pages{latest}. "
            "The version is a digest of the listing pages in `data/raw`: the same version means the same input "
            "and the same survey.", "",
            "## The corpus in numbers", "",
            myst.table(["Measure", "Count"], [[myst.text(k), myst.text(v)] for k, v in entries.corpus_numbers(corpus, edition)],
                       [70, 30]), "",
            "## Chapters", "", *chapters, "",
            "## How to read it", "",
            "- The {ref}`overview` shows the corpus as a whole: papers per chapter and year, how chapters overlap, "
            "and a map of every paper placed by the similarity of its text.",
            "- Each chapter opens with its scope and figures, then goes section by section: what the papers share, "
            "their key findings and open problems (quoted from the abstracts), and a table of the papers.",
            "- {ref}`all-papers` lists every paper in one table; on the website, filter it by chapter, section, year "
            "or code and sort it by any column.",
            "- Every paper has an entry with its facts, abstract, links, BibTeX and five related papers: "
            + entries.jump_list(corpus.table) + ".",
            "- The search box finds a paper by a word of its title, its method name or an author.", "",
            "## How to cite it", "",
            "Cite the survey itself as:", "", *entries.fence(entries.survey_bibtex(edition), "bibtex"), "",
            "To cite a paper of the survey, copy the BibTeX from its entry, or take the {ref}`bibliography` whole "
            "or one chapter at a time (each chapter page links to its own `.bib` file).", "",
            "## Downloads", "",
            '<ul class="survey-downloads">',
            *[f'<li><a href="{DOWNLOADS}/{name}">{label}</a> <code>{name}</code></li>' for name, label in DOWNLOAD_LINKS],
            "</ul>", "",
            "````{only} latex",
            "The PDF, BibTeX, RIS, CSL-JSON and CSV downloads are on the survey's website, under `downloads/`.",
            "````", "",
            "Zotero imports the RIS and CSL-JSON files (File, Import); JabRef and LaTeX read the BibTeX file.", ""]
    return "\n".join(out)


def toc(taxonomy: Taxonomy, nested: list[str] = (), bibliography: list[str] = ()) -> str:
    """The table of contents; the pages of a split "All papers" (`chapters/all-papers-a.md`, ...) and the
    entry pages (`papers/c.md`, ...) are nested under "All papers", those of a split bibliography under it."""
    def with_sections(file: str, pages: list[str]) -> dict:
        entry: dict = {"file": file}
        if pages:
            entry["sections"] = [{"file": name.removesuffix(".md")} for name in pages]
        return entry

    chapters = [{"file": "chapters/overview"}] + [{"file": f"chapters/{c.slug}"} for c in taxonomy.chapters] + \
        [with_sections("chapters/all-papers", nested), with_sections("chapters/bibliography", bibliography)]
    document = {"format": "jb-book", "root": "index", "chapters": chapters}
    return "# Generated by `python -m survey build` from data/themes.yml: do not edit.\n" + \
        yaml.safe_dump(document, sort_keys=False)


def book_pages(corpus: Corpus, figures: dict[str, list[charts.Chart]], edition: Edition) -> dict[str, str]:
    """Every generated page, keyed by its path relative to the book root; `figures` maps pages to charts."""
    papers = entries.entry_pages(corpus)
    everything = all_papers_pages(corpus)
    nested = [name for name in everything if name != "chapters/all-papers.md"] + list(papers)
    bibliography = bibliography_pages(corpus.table)
    pages = {"index.md": landing_page(corpus, edition),
             "chapters/overview.md": overview_page(corpus, figures["chapters/overview.md"]),
             **everything, **bibliography, **papers,
             "_toc.yml": toc(corpus.taxonomy, nested, [name for name in bibliography if name != "chapters/bibliography.md"])}
    for chapter in corpus.taxonomy.chapters:
        page = f"chapters/{chapter.slug}.md"
        pages[page] = chapter_page(corpus, chapter, figures.get(page, []))
    return pages
