"""A chapter's page: its scope, overview and charts, then per section the synthesis, a computed comparison
and the comparison table of its papers, the papers also relevant to it, and the chapters nearest to it.

A section of more than SECTION_TABLE_LIMIT papers has its comparison table on pages of its own, in parts
of consecutive papers (`chapters/<chapter>/<section>-part<n>.md`, under the chapter in the table of
contents), and the chapter page links to each part: at 100,000 papers a section held ~1,100 papers and its
chapter page was 6.5 MB of MyST, its tables 85% of it."""
from __future__ import annotations

import numpy as np

from ..analysis import comparison
from ..analysis.corpus import Corpus
from ..analysis.quotes import shown_text
from ..analysis.synthesis import synthesize_section
from ..analysis.text import distinctive_terms
from ..formats import myst
from ..inputs.attributes import Attribute
from ..model.paper import Paper
from ..model.taxonomy import Chapter
from .addresses import TABLE_CLASS, chapter_label, section_label, section_table_label
from .cells import code_cell, most_recent, paper_cell, share, year_cell
from .charts import Chart, chart_markdown
from .entries import key_range
from .split import parts
from .synthesis import chapter_bridges_md, section_synthesis_md

SECTION_TABLE_LIMIT = 300  # papers of a section's comparison table on its chapter's page (~4 KB of HTML a row)
RELATED_CHAPTERS = 3
PDF_ATTRIBUTES = 3  # attribute columns that fit the PDF's comparison table beside paper, year, type, training-free
TRAINING_FREE = {"yes": "yes", "no": "no", "unknown": "not stated"}


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


def chapter_pages(corpus: Corpus, chapter: Chapter, figures: list[Chart], trends: list[Chart] = (),
                  limit: int = SECTION_TABLE_LIMIT) -> dict[str, str]:
    """The chapter's page (chapters/<slug>.md) and the pages of its sections' comparison tables of more
    than `limit` papers, keyed by path relative to the book root, the chapter's page first."""
    papers = corpus.papers
    attributes = corpus.attributes.for_chapter(chapter.slug)
    tables: dict[str, str] = {}
    rows = corpus.rows_in(chapter.slug)
    also = corpus.rows_also_in(chapter.slug)
    with_code = sum(1 for i in rows if papers[i].code_urls)
    terms = distinctive_terms(corpus.vectors, rows)
    out = [f"({chapter_label(chapter.slug)})=", f"# {myst.text(chapter.title)}", "", myst.text(chapter.scope), "",
           "## Overview", "",
           f"- Main chapter of **{len(rows)}** papers; also relevant to **{len(also)}** papers from other chapters.",
           f"- **{len(chapter.sections)}** sections: " + ", ".join(
               f"{{ref}}`{section_label(chapter.slug, s.slug)}`" for s in chapter.sections) + ".",
           f"- Distinctive terms: {myst.text(', '.join(terms)) if terms else 'none'}.",
           f"- {share(with_code, len(rows))} of its papers link to code ({with_code} of {len(rows)}).",
           f"- Cite its {len(rows) + len(also)} papers: {{download}}`BibTeX </downloads/chapters/{chapter.slug}.bib>`.", ""]
    out += [chart_markdown(figure) for figure in figures]
    for section in chapter.sections:
        members = [i for i in rows if papers[i].section == section.slug]
        out += [f"({section_label(chapter.slug, section.slug)})=", f"## {myst.text(section.title)}", "",
                myst.text(section.intro), ""]
        if not members:
            out += ["No paper of the corpus falls in this section yet.", ""]
            continue
        out += [section_synthesis_md(papers, synthesize_section(corpus, members, rows))]
        out += comparison_md(corpus, members, attributes)
        if len(members) <= limit:
            out += comparison_tables_md(corpus, members, attributes)
            continue
        runs = parts(members, limit)
        out += [f"**Comparison table** of the section's {len(members)} papers, in {len(runs)} parts by citation "
                "key: " + " · ".join(f"{{ref}}`part {n} <{section_table_label(chapter.slug, section.slug, n)}>` "
                                     f"({key_range(corpus, run)})" for n, run in enumerate(runs, 1)) + ".", ""]
        for n, run in enumerate(runs, 1):
            tables[f"chapters/{chapter.slug}/{section.slug}-part{n}.md"] = "\n".join([
                f"({section_table_label(chapter.slug, section.slug, n)})=",
                f"# {myst.text(section.title)}: comparison table, part {n} of {len(runs)}", "",
                f"Keys {key_range(corpus, run)}: {len(run)} of the {len(members)} papers of "
                f"{{ref}}`{section_label(chapter.slug, section.slug)}`, in {{ref}}`{chapter_label(chapter.slug)}`, "
                "which gives their synthesis and comparison. Each title leads to the paper's entry.", "",
                *comparison_tables_md(corpus, run, attributes)])
    if trends:
        out += ["## Trends", "", "How the chapter's papers change over time: the attributes their texts state, per "
                "year, and their named methods by month of first submission.", ""]
        out += [chart_markdown(figure) for figure in trends]
    if also:
        shown = most_recent(papers, also)
        out += ["## Also relevant", "", "Papers whose main chapter is elsewhere but which also belong here:"
                if len(shown) == len(also) else f"{len(also)} papers have their main chapter elsewhere but also belong "
                f"here; the {len(shown)} most recent:", ""]
        out += [f"- {paper_cell(papers[i])}, main chapter: {{ref}}`{chapter_label(papers[i].primary_theme)}`"
                for i in shown] + [""]
    out += ["## Related chapters", "", chapter_bridges_md(corpus, chapter.slug, related_chapters(corpus, chapter))]
    return {f"chapters/{chapter.slug}.md": "\n".join(out), **tables}


def _values(paper: Paper, attribute: Attribute) -> str:
    return myst.text(", ".join(paper.attribute(attribute.name)))


def _quoted(paper: Paper, sentence: str) -> str:
    """A sentence of the paper's abstract between quotation marks, its "It ..." as "[Name] ...";
    a sentence that does not read on its own is still the paper's own choice (analysis.papers prefers
    ones that do), so it is shown as it is."""
    return f"“{myst.text(shown_text(sentence, paper.short_name) or sentence)}”" if sentence else ""


def comparison_md(corpus: Corpus, rows: list[int], attributes: tuple[Attribute, ...]) -> list[str]:
    """A section's computed comparison of the papers at `rows` (analysis.comparison), if it says anything."""
    said = comparison.statements([corpus.papers[i] for i in rows], attributes)
    return ["**Comparison.** " + myst.text(" ".join(said)), ""] if said else []


def comparison_tables_md(corpus: Corpus, rows: list[int], attributes: tuple[Attribute, ...]) -> list[str]:
    """The comparison table of the papers at `rows`: on the site every column (what each paper does and its
    headline result quoted), in the PDF the columns that fit a page."""
    members = [corpus.papers[i] for i in rows]
    named = {corpus.papers[i].key: myst.text(", ".join(corpus.mentions[i])) for i in rows}
    header = ["Paper", "Year", "What it does (quoted)", "Type", "Training-free", *(a.label for a in attributes),
              "Datasets and metrics", "Headline result (quoted)", "Code"]
    cells = [[paper_cell(p), year_cell(p), _quoted(p, p.summary), myst.text(p.paper_type), TRAINING_FREE.get(p.training_free, ""),
              *(_values(p, a) for a in attributes), named[p.key], _quoted(p, p.result), code_cell(p)] for p in members]
    attribute_widths = [9] * len(attributes)
    rest = 100 - sum(attribute_widths)
    widths = [round(rest * w) for w in (0.17, 0.05, 0.25, 0.07, 0.06)] + attribute_widths + \
             [round(rest * w) for w in (0.11, 0.24, 0.05)]
    shown = attributes[:PDF_ATTRIBUTES]
    pdf_header = ["Paper", "Year", "Type", "Training-free", *(a.label for a in shown), "Datasets and metrics"]
    pdf_cells = [[paper_cell(p), year_cell(p), myst.text(p.paper_type), TRAINING_FREE.get(p.training_free, ""),
                  *(_values(p, a) for a in shown), named[p.key]]
                 for p in members]
    pdf_widths = [34, 7, 12, 11, *([12] * len(shown))]
    pdf_widths.append(max(12, 100 - sum(pdf_widths)))
    return ["````{only} html", myst.table(header, cells, widths, classes=(TABLE_CLASS,)), "````", "",
            "````{only} latex", myst.table(pdf_header, pdf_cells, pdf_widths), "````", ""]
