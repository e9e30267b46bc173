"""The landing page: what the survey covers, the edition, the corpus in numbers, how to read and cite it,
the downloads."""
from __future__ import annotations

from ..analysis.corpus import Corpus
from ..formats import myst
from ..formats.exports import DOWNLOADS
from .addresses import chapter_label
from .edition import Edition, survey_bibtex
from .entries import jump_list
from .sources import landing_line


def corpus_numbers(corpus: Corpus, e: Edition) -> list[tuple[str, str]]:
    papers = corpus.papers
    years = sorted({p.year for p in papers if p.year is not None})
    return [
        ("Papers", str(len(papers))),
        ("Listing pages", str(e.listing_pages)),
        ("Chapters", str(len(corpus.taxonomy.chapters))),
        ("Sections", str(sum(len(c.sections) for c in corpus.taxonomy.chapters))),
        ("With a named method", str(sum(1 for p in papers if p.short_name))),
        ("With an arXiv identifier", str(sum(1 for p in papers if p.arxiv_id))),
        ("With a link to code", str(sum(1 for p in papers if p.code_urls))),
        ("Years covered", f"{years[0]}–{years[-1]}" if years else "unknown"),
    ]


DOWNLOAD_LINKS = [("survey.pdf", "The survey as a PDF"), ("references.bib", "Every paper as BibTeX"),
                  ("survey.ris", "Every paper as RIS"), ("survey.json", "Every paper as CSL-JSON"),
                  ("papers.csv", "The paper table as CSV")]


def landing_page(corpus: Corpus, edition: Edition) -> str:
    """The book's first page: what the survey covers, the edition, the corpus in numbers, how to read and
    cite it, the downloads."""
    taxonomy = corpus.taxonomy
    chapters = [f"- {{ref}}`{chapter_label(c.slug)}` ({len(corpus.rows_in(c.slug))} papers)" for c in taxonomy.chapters]
    out = [f"# {myst.text(edition.title)}", "",
           f"A survey of {len(corpus)} machine-learning papers, grouped into {len(taxonomy.chapters)} "
           "chapters by a curated taxonomy. Every table, count and citation is generated from the paper "
           "listings, so the survey can be rebuilt from its sources at any time.", ""]
    latest = f", latest listing {myst.text(edition.latest_listing)}" if edition.latest_listing else ""
    out += [f"This edition: corpus version `{edition.version}`, {edition.listing_pages} listing pages{latest}. "
            "The version is a digest of the listing pages in `data/raw`: the same version means the same input "
            "and the same survey.", "",
            "## The corpus in numbers", "",
            myst.table(["Measure", "Count"], [[myst.text(k), myst.text(v)] for k, v in corpus_numbers(corpus, edition)],
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
            + jump_list(corpus.papers) + ".",
            "- The search box finds a paper by a word of its title, its method name or an author.", "",
            "## How to cite it", "",
            "Cite the survey itself as:", "", *myst.fence(survey_bibtex(edition), "bibtex"), "",
            "To cite a paper of the survey, copy the BibTeX from its entry, or take the {ref}`bibliography` whole "
            "or one chapter at a time (each chapter page links to its own `.bib` file).", "",
            "## Downloads", "",
            '<ul class="survey-downloads">',
            *[f'<li><a href="{DOWNLOADS}/{name}">{label}</a> <code>{name}</code></li>' for name, label in DOWNLOAD_LINKS],
            "</ul>", "",
            "````{only} latex",
            "The PDF, BibTeX, RIS, CSL-JSON and CSV downloads are on the survey's website, under `downloads/`.",
            "````", "",
            "Zotero imports the RIS and CSL-JSON files (File, Import); JabRef and LaTeX read the BibTeX file.", "",
            landing_line(corpus), ""]
    return "\n".join(out)
