"""references.bib from the papers, written with bibtexparser 2."""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import bibtexparser
from bibtexparser import middlewares, model
from pybtex.database import Person

from ..model.paper import Paper
from .latex import escape, escape_title


def paper_url(paper: Paper) -> str:
    """The paper's arXiv page when known, else its first code or project page."""
    if paper.arxiv_id:
        return paper.arxiv_url
    links = paper.code_urls + paper.project_urls
    return links[0] if links else ""


def name_parts(author: str) -> dict[str, str]:
    """A 'First von Last' or 'von Last, First' name split as BibTeX splits it (pybtex's parser):
    CSL name parts, with only the non-empty ones."""
    return dict(_name_parts(author))


NOT_PLAIN = frozenset(",{}\\~")  # what makes pybtex read a name otherwise than word by word


@functools.cache
def _name_parts(author: str) -> tuple[tuple[str, str], ...]:
    """name_parts, parsed once per name (authors recur, and BibTeX, RIS and CSL-JSON all need them).
    Unbounded: the names are the corpus's own. A bound below the number of distinct names (65,536 before)
    turns the three passes over the papers, in the same order, into misses only (an LRU cache read
    cyclically), so a 100,000-paper corpus parsed every name three times."""
    words = author.split()
    if words and all(word[0].isupper() for word in words) and not any(char in NOT_PLAIN for char in author):
        # "First Middle Last" without a particle, comma, brace or escape, as most names are: pybtex gives
        # the last word as the family name and the others as given names (tested on arbitrary names), in
        # a twentieth of the time its brace-aware scanner takes.
        return (("family", words[-1]), ("given", " ".join(words[:-1]))) if len(words) > 1 else (("family", words[0]),)
    return pybtex_name_parts(author)


def pybtex_name_parts(author: str) -> tuple[tuple[str, str], ...]:
    """The CSL name parts of pybtex's reading of `author`, non-empty ones only."""
    person = Person(author)
    parts = {
        "family": " ".join(person.last_names),
        "given": " ".join(person.first_names + person.middle_names),
        "non-dropping-particle": " ".join(person.prelast_names),
        "suffix": " ".join(person.lineage_names),
    }
    return tuple((k, v) for k, v in parts.items() if v)


def bibtex_name(author: str) -> str:
    """'von Last, First' (or 'von Last, Jr, First'): the BibTeX form every reader splits the same way. In
    'First Last' form, a given name with a lowercase part after a hyphen (Huan-ang Gao) is read by
    citation-js as a particle."""
    parts = name_parts(author)
    family = " ".join(p for p in (parts.get("non-dropping-particle"), parts.get("family")) if p)
    given = parts.get("given", "")
    if parts.get("suffix"):
        return ", ".join((family, parts["suffix"], given))
    return f"{family}, {given}" if given else family


# arXiv abstracts have at most 1,920 characters. A runaway one (hundreds of KB) is cut in the BibTeX file,
# not in data/papers.csv: biber decodes LaTeX in quadratic time and would stall for minutes on it.
ABSTRACT_MAX_CHARS = 5000


def clip(text: str, limit: int) -> str:
    """`text`, or its first words up to `limit` characters followed by ' […]'."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " […]"


def entry(paper: Paper) -> model.Entry:
    fields = [model.Field("title", escape_title(paper.title))]
    if paper.authors:
        names = [escape(bibtex_name(a)) for a in paper.authors]
        if paper.authors_truncated:
            names.append("others")
        fields.append(model.Field("author", " and ".join(names)))
    else:
        # What BibTeX sorts and labels by when there is no author (`to sort, need author or key`).
        fields.append(model.Field("key", escape(paper.title)))
    if paper.year is not None:
        fields.append(model.Field("year", str(paper.year)))
    if paper.month:
        fields.append(model.Field("month", paper.month))
    if paper.arxiv_id:
        fields += [model.Field("eprint", paper.arxiv_id), model.Field("archivePrefix", "arXiv")]
    if paper.doi:
        fields.append(model.Field("doi", escape_url(paper.doi)))
    url = paper_url(paper)
    if url:
        fields.append(model.Field("url", escape_url(url)))
    if paper.abstract:
        fields.append(model.Field("abstract", escape(clip(paper.abstract, ABSTRACT_MAX_CHARS))))
    return model.Entry("misc", paper.key, fields)


# Characters a URL field cannot hold as they are: BibTeX counts braces, and a backslash or a space is
# never part of a URL. They are percent-encoded, which every consumer reads back as the same URL.
URL_UNSAFE = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"})


def escape_url(url: str) -> str:
    """A URL as a BibTeX field: verbatim, because biber, pybtex, pandoc and the url package read it
    verbatim (`%` and `#` stay as they are: `\\%` would turn into a literal backslash in the link)."""
    return url.translate(URL_UNSAFE)


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
