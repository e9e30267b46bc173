"""A chapter's page: its scope, overview and charts, then per section the synthesis and a table of its
papers, the papers also relevant to it, and the chapters nearest to it."""
from __future__ import annotations

import numpy as np

from ..analysis.corpus import Corpus
from ..analysis.synthesis import synthesize_section
from ..analysis.text import distinctive_terms
from ..formats import myst
from ..model.taxonomy import Chapter
from .addresses import TABLE_CLASS, chapter_label, section_label
from .cells import code_cell, paper_cell, share, year_cell
from .charts import Chart, chart_markdown
from .synthesis import chapter_bridges_md, section_synthesis_md

RELATED_CHAPTERS = 3


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


def chapter_page(corpus: Corpus, chapter: Chapter, figures: list[Chart]) -> str:
    papers = corpus.papers
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
        out += [section_synthesis_md(papers, synthesize_section(papers, corpus.vectors, members, corpus.lexicon, rows))]
        cells = [[paper_cell(p), myst.text(p.short_name), year_cell(p), code_cell(p), myst.text(p.summary)]
                 for p in (papers[i] for i in members)]
        out += [myst.table(["Paper", "Method", "Year", "Code", "What it does"], cells, [34, 13, 7, 8, 38],
                           classes=(TABLE_CLASS,)), ""]
    if also:
        out += ["## Also relevant", "", "Papers whose main chapter is elsewhere but which also belong here:", ""]
        out += [f"- {paper_cell(papers[i])}, main chapter: {{ref}}`{chapter_label(papers[i].primary_theme)}`"
                for i in also] + [""]
    out += ["## Related chapters", "", chapter_bridges_md(corpus, chapter.slug, related_chapters(corpus, chapter))]
    return "\n".join(out)
