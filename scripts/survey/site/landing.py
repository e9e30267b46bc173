"""The landing page, for a reader first: what the survey covers and how its papers were chosen, the edition
in words, one line per chapter (its scope, its paper count, two or three papers to start with); then
the corpus in numbers, how to read and cite it, the downloads and the feed."""
from __future__ import annotations

import re

from ..analysis.corpus import Corpus
from ..analysis.synthesis import representative
from ..formats import myst
from ..formats.exports import DOWNLOADS
from ..formats.feed import FEED_FILE
from .addresses import chapter_label, link
from .edition import Edition, listing_order, survey_bibtex
from .entries import PAPER_INDEX_LABEL
from .sources import SOURCES_LABEL
from .whats_new import WHATS_NEW_LABEL, long_date

START_HERE = 3  # papers suggested per chapter on the landing page
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")


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


def first_sentence(text: str) -> str:
    return SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


def provenance_words(corpus: Corpus) -> str:
    """Where the papers come from, in words (data/sources.yml): 'Every paper comes from one of 5 listing
    pages: Hugging Face Daily Papers of 11 March 2025, Mar 11, ...', and any imported reference lists. A page
    data/sources.yml does not know is dated by the listing dates of its papers."""
    files = sorted({s for p in corpus.papers for s in p.sources})
    dated: dict[str, set[str]] = {}
    for paper in corpus.papers:
        if len(paper.dates) == len(paper.sources):
            for source, date in zip(paper.sources, paper.dates):
                dated.setdefault(source, set()).add(date)
    listed: list[tuple[str, str, str]] = []  # (name, when in words, the listing date written on the page)
    imported: list[str] = []
    for file in files:
        page = corpus.pages.get(file)
        if page is None:
            listed += [("the listings", date, date) for date in dated.get(file, ())]
        elif page.listing_date:
            listed.append((page.name or "the listings", long_date(page.date) if page.date else page.listing_date,
                           page.listing_date))
        else:
            imported.append(page.name)
    by_name: dict[str, list[str]] = {}
    for name, when, _ in sorted(listed, key=lambda item: (listing_order(item[2]), item[2], item[1])):
        whens = by_name.setdefault(name, [])
        if when not in whens:
            whens.append(when)
    pages = len(files) - len(imported)
    count = " and ".join(part for part in (
        f"{pages} listing page{'s' if pages != 1 else ''}" if pages else "",
        f"{len(imported)} imported reference list{'s' if len(imported) != 1 else ''}" if imported else "") if part)
    parts = [f"{name} of {_and(whens)}" for name, whens in by_name.items()] + imported
    return f"Every paper comes from one of {count}: {'; '.join(parts)}."


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def edition_words(corpus: Corpus, edition: Edition) -> str:
    """'Edition of 3 December 2026, 325 papers.', or what was added since the latest recorded edition."""
    latest = edition.latest
    if latest is None:
        return f"Working edition, not yet recorded: {len(corpus)} papers."
    if edition.is_recorded:
        return f"Edition of {long_date(latest.date)}, {len(corpus)} papers."
    return (f"Edition of {long_date(latest.date)}, with listing pages added since: {len(corpus)} papers "
            f"(see {{ref}}`{WHATS_NEW_LABEL}`).")


def chapter_lines(corpus: Corpus) -> list[str]:
    """One item per chapter: its title (linked), paper count and scope in a sentence, then the papers closest
    to the centre of its main papers' TF-IDF vectors (the most representative), linked to their entries."""
    out = []
    for chapter in corpus.taxonomy.chapters:
        rows = corpus.rows_in(chapter.slug)
        count = f"{len(rows)} paper{'s' if len(rows) != 1 else ''}"
        out.append(f"- **{{ref}}`{chapter_label(chapter.slug)}`** ({count}). {myst.text(first_sentence(chapter.scope))}")
        start = representative(corpus.vectors, rows, START_HERE)
        if start:
            out += ["", "  *Start with:* " + "; ".join(link(corpus.papers[i].key) for i in start) + "."]
    return out


def landing_page(corpus: Corpus, edition: Edition) -> str:
    """The book's first page (see the module's doc)."""
    taxonomy = corpus.taxonomy
    out = [f"# {myst.text(edition.title)}", "",
           f"**{edition_words(corpus, edition)}**", "",
           f"This survey gathers {len(corpus)} recent machine-learning papers and sorts them into "
           f"{len(taxonomy.chapters)} chapters by theme, listed below. Each chapter says what its papers share, quotes "
           "their key findings and open problems, and lists them in a table; each paper has an entry saying what "
           "it does.", "",
           f"**How the papers were chosen.** {myst.text(provenance_words(corpus))} All of them are here, none "
           "added or left out by hand; a paper found in several files appears once. "
           + ("**The taxonomy is a draft**: drafted from the papers' text (`data/themes.draft.yml`) for an editor "
              "to curate and rename, it places each paper in a chapter and section." if taxonomy.draft else
              "A curated taxonomy places each paper in a chapter and section by the words of its title and abstract.")
           + f" Where every paper came from, file by file: {{ref}}`{SOURCES_LABEL}`.", "",
           "## Chapters", "", *chapter_lines(corpus), "",
           "## The corpus in numbers", "",
           myst.table(["Measure", "Count"], [[myst.text(k), myst.text(v)] for k, v in corpus_numbers(corpus, edition)],
                      [70, 30]), "",
           f"Corpus version `{edition.version}`"
           + (f", latest listing {myst.text(edition.latest_listing)}" if edition.latest_listing else "")
           + ": a digest of the listing pages in `data/raw`, so the same version means the same input and the "
           "same survey.", "",
           "## How to read it", "",
           "- The {ref}`overview` shows the corpus as a whole: papers per chapter and year, how chapters overlap, "
           "and a map of every paper placed by the similarity of its text.",
           "- Each chapter opens with its scope and figures, then goes section by section: what the papers share, "
           "their key findings and open problems (quoted from the abstracts), and a table of the papers.",
           "- {ref}`all-papers` lists every paper in one table; on the website, filter it by chapter, section, year "
           "or code and sort it by any column.",
           "- Every paper has an entry: what it does, where it is filed, its links, abstract, BibTeX and related "
           f"papers; the {{ref}}`{PAPER_INDEX_LABEL}` leads to all of them.",
           "- The search box finds a paper by a word of its title, its method name or an author.",
           f"- {{ref}}`{WHATS_NEW_LABEL}` lists the papers each edition added"
           + "; follow it with the Atom feed below.", "",
           "## How to cite it", "",
           "Cite the survey itself as:", "", *myst.fence(survey_bibtex(edition), "bibtex"), "",
           "To cite a paper of the survey, copy the BibTeX from its entry, or take the {ref}`bibliography` whole "
           "or one chapter at a time (each chapter page links to its own `.bib` file).", "",
           "## Downloads", "",
           '<ul class="survey-downloads">',
           *[f'<li><a href="{DOWNLOADS}/{name}">{label}</a> <code>{name}</code></li>' for name, label in DOWNLOAD_LINKS],
           "</ul>", "",
           "````{only} html",
           f'<p class="survey-feed">New papers, edition by edition: the <a href="{FEED_FILE}" '
           f'type="application/atom+xml">Atom feed</a> <code>{FEED_FILE}</code>, for any feed reader.</p>',
           "````", "",
           "````{only} latex",
           "The PDF, BibTeX, RIS, CSL-JSON and CSV downloads and the Atom feed are on the survey's website, under "
           "`downloads/` and at `feed.xml`.",
           "````", "",
           "Zotero imports the RIS and CSL-JSON files (File, Import); JabRef and LaTeX read the BibTeX file.", ""]
    return "\n".join(out)
