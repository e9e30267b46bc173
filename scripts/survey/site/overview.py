"""The overview page: the corpus as a whole, in counts and charts."""
from __future__ import annotations

from collections import Counter

from ..analysis.corpus import Corpus
from ..formats import myst
from .addresses import chapter_label
from .cells import share
from .charts import Chart, chart_markdown


def overview_page(corpus: Corpus, figures: list[Chart]) -> str:
    papers = corpus.papers
    total = len(papers)
    listings = sum(len(p.sources) for p in papers)
    pages = sorted({s for p in papers for s in p.sources})
    counts = [[f"{{ref}}`{chapter_label(c.slug)}`", str(len(corpus.rows_in(c.slug))), str(len(corpus.rows_also_in(c.slug))),
               share(sum(1 for i in corpus.rows_in(c.slug) if papers[i].code_urls), len(corpus.rows_in(c.slug)))]
              for c in corpus.taxonomy.chapters]
    years = sorted(Counter(str(p.year) for p in papers if p.year is not None).items())
    chart = {figure.name: chart_markdown(figure) for figure in figures}
    mapped = next(len(figure.spec["data"]["values"]) for figure in figures if figure.name == "overview-map")
    out = ["(overview)=", "# Overview of the corpus", "",
           f"The survey covers **{total}** distinct papers from **{listings}** listings on **{len(pages)}** listing pages.", "",
           f"- With an arXiv identifier: {sum(1 for p in papers if p.arxiv_id)}",
           f"- With known authors: {sum(1 for p in papers if p.authors)}",
           f"- With a link to code: {sum(1 for p in papers if p.code_urls)}",
           f"- With a project page: {sum(1 for p in papers if p.project_urls)}",
           f"- With a named method: {sum(1 for p in papers if p.short_name)}", "",
           "## The taxonomy", "", "The survey's chapters and their sections, with the papers in each (a paper's main "
           "chapter and section).", "", chart["overview-taxonomy"],
           "## Papers per chapter", "", chart["overview-chapters"],
           myst.table(["Chapter", "Main chapter of", "Also relevant to", "With code"], counts, [55, 15, 15, 15]), "",
           chart["overview-code"],
           "## How chapters overlap", "", "How many papers each pair of chapters shares (main or secondary).", "",
           chart["overview-overlap"],
           "## Map of the corpus", "",
           "Each point is a paper, placed by the similarity of its text (a 2-D projection of TF-IDF vectors) and "
           "coloured by its main chapter. Click a point to open the paper's entry." + _sample_note(mapped, total), "",
           chart["overview-map"]]
    if years:
        out += ["## Papers per year", "", "Years are known for papers with arXiv metadata.", "",
                chart.get("overview-years", ""),
                myst.table(["Year", "Papers"], [[y, str(n)] for y, n in years], [50, 50]), ""]
    return "\n".join(out)


def _sample_note(drawn: int, papers: int) -> str:
    """What the map leaves out when it draws `drawn` of the corpus's `papers` (charts.fixed_sample): said from
    the map's own data, so that the page and the chart cannot disagree."""
    if drawn >= papers:
        return ""
    return (f" The map draws a fixed sample of {drawn:,} of the {papers:,} papers (those whose keys hash lowest, the "
            "same at every build); every paper is listed in \"All papers\" and has its own entry.")
