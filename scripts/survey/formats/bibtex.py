"""references.bib from the papers, written with bibtexparser 2."""
from __future__ import annotations

import re
from collections.abc import Sequence

import bibtexparser
from bibtexparser import middlewares, model

from ..model.paper import Paper
from .latex import escape, escape_title


def provenance_note(paper: Paper) -> str:
    pages = ", ".join(f"{source} ({date})" for source, date in zip(paper.sources, paper.dates))
    note = f"Listed in {pages}"
    if not paper.authors:
        note += "; authors not yet known"
    elif paper.authors_truncated:
        note += "; author list incomplete"
    return note


def paper_url(paper: Paper) -> str:
    """The paper's arXiv page when known, else its first code or project page."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    links = paper.code_urls + paper.project_urls
    return links[0] if links else ""


# arXiv abstracts have at most 1,920 characters. A runaway one (hundreds of KB) is cut in the BibTeX file,
# not in data/papers.csv: biber decodes LaTeX in quadratic time and would stall for minutes on it.
ABSTRACT_MAX_CHARS = 5000


def clip(text: str, limit: int) -> str:
    """`text`, or its first words up to `limit` characters followed by ' […]'."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " […]"


def entry(paper: Paper) -> model.Entry:
    fields = [model.Field("title", escape_title(paper.title))]
    if paper.authors:
        names = [escape(a) for a in paper.authors]
        if paper.authors_truncated:
            names.append("others")
        fields.append(model.Field("author", " and ".join(names)))
    if paper.year is not None:
        fields.append(model.Field("year", str(paper.year)))
    if paper.month:
        fields.append(model.Field("month", paper.month))
    if paper.arxiv_id:
        fields += [model.Field("eprint", paper.arxiv_id), model.Field("archivePrefix", "arXiv")]
    url = paper_url(paper)
    if url:
        fields.append(model.Field("url", escape_url(url)))
    if paper.abstract:
        fields.append(model.Field("abstract", escape(clip(paper.abstract, ABSTRACT_MAX_CHARS))))
    fields.append(model.Field("note", escape(provenance_note(paper))))
    return model.Entry("misc", paper.key, fields)


# Characters a URL field cannot hold as they are: BibTeX counts braces, and a backslash or a space is
# never part of a URL. They are percent-encoded, which every consumer reads back as the same URL.
URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}


def escape_url(url: str) -> str:
    """A URL as a BibTeX field: verbatim, because biber, pybtex, pandoc and the url package read it
    verbatim (`%` and `#` stay as they are: `\\%` would turn into a literal backslash in the link)."""
    return "".join(URL_UNSAFE.get(char, char) for char in url)


def to_bibtex(papers: Sequence[Paper]) -> str:
    library = bibtexparser.Library([entry(paper) for paper in papers])
    library = middlewares.MonthAbbreviationMiddleware(allow_inplace_modification=True).transform(library)
    bibtex_format = bibtexparser.BibtexFormat()
    bibtex_format.indent = "  "
    bibtex_format.block_separator = "\n"
    # The library is made for this write only: the writer may change it in place instead of deep-copying
    # every entry (bibtexparser warns about the copy for large libraries; it is most of the write's time).
    return bibtexparser.write_string(library, bibtex_format=bibtex_format,
                                     unparse_stack=middlewares.default_unparse_stack(allow_inplace_modification=True))


def entry_texts(papers: Sequence[Paper]) -> list[str]:
    """Each paper's entry exactly as `to_bibtex(papers)` writes it, in order, from one write: the
    file split before every line that starts with '@' (every field is one line, and an '@' of the text is
    written {@}). `"\n".join` of any of them is the file of just those papers."""
    whole = to_bibtex(papers)
    texts = re.split(r"\n(?=@)", whole) if whole else []
    if len(texts) != len(papers):
        raise AssertionError(f"{len(texts)} BibTeX entries written for {len(papers)} papers")
    return texts
