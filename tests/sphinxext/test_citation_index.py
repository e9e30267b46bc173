"""survey.sphinxext.citation_index's replacements give sphinxcontrib-bibtex's own results (the whole-site
byte identity and the rebuild behaviour are tested on real builds in test_book.py)."""
from __future__ import annotations

import ast
import itertools

import pytest
from pybtex.database import Entry
from sphinxcontrib.bibtex.citation_target import CitationTarget
from sphinxcontrib.bibtex.directives import BibliographyKey, BibliographyValue
from sphinxcontrib.bibtex.roles import CitationRef

from survey.sphinxext import citation_index as sphinx_citation_index

UPSTREAM = next(p.original for p in sphinx_citation_index.PATCHES if p.name == "get_filtered_entries")


class Domain:
    """What get_filtered_entries reads of a BibtexDomain."""

    def __init__(self, bibliography: BibliographyValue, refs: list[CitationRef], entries: list[Entry]):
        self.bibliographies = {BibliographyKey("chapters/bibliography", "bib-1"): bibliography}
        self.data = {"citation_refs": refs}
        self.entries = entries

    @property
    def citation_refs(self):
        return self.data["citation_refs"]

    def get_entries(self, bibfiles):
        return iter(self.entries)


def bibliography(filter_: str, keys: list[str] = (), keyprefix: str = "") -> BibliographyValue:
    return BibliographyValue(line=3, bibfiles=[], style="plain", list_="citation", enumtype="arabic", start=1,
                             labelprefix="", keyprefix=keyprefix, filter_=ast.parse(filter_), citation_nodes={},
                             keys=list(keys))


def entries() -> list[Entry]:
    out = []
    for n, (kind, year) in enumerate(itertools.product(["misc", "article"], ["2023", "2024"])):
        entry = Entry(kind, fields={"title": f"Paper {n}", "year": year})
        entry.key = f"k{n}"
        out.append(entry)
    return out


REFS = [CitationRef("r1", "chapters/a", 1, [CitationTarget("k0", "", ""), CitationTarget("k2", "", "")]),
        CitationRef("r2", "chapters/b", 5, [CitationTarget("k2", "", "")]),
        CitationRef("r3", "chapters/bibliography", 9, [CitationTarget("p-k3", "", "")])]


@pytest.mark.parametrize("filter_", ["True", "cited", "not cited", "False", "docname in cited_docnames",
                                     'type == "article" and year == "2024"', "cited_docnames == {'chapters/a'}",
                                     "f(cited)", "unknown_name"])
@pytest.mark.parametrize("keyprefix", ["", "p-"])
def test_filtered_entries_equal_sphinxcontrib_bibtex_s(filter_, keyprefix):
    def run(function):
        domain = Domain(bibliography(filter_, keys=["k1"], keyprefix=keyprefix), list(REFS), entries())
        key = next(iter(domain.bibliographies))
        try:
            return [(k, e.key) for k, e in function(domain, key)]
        except Exception as error:  # the same error, if any
            return repr(error)

    assert sphinx_citation_index.get_filtered_entries is not UPSTREAM
    assert run(sphinx_citation_index.get_filtered_entries) == run(UPSTREAM)


def test_the_citing_pages_follow_a_changed_reference_list():
    domain = Domain(bibliography("cited"), list(REFS), entries())
    key = next(iter(domain.bibliographies))
    assert [k for k, _ in sphinx_citation_index.get_filtered_entries(domain, key)] == ["k0", "k2"]
    domain.data["citation_refs"] = [REFS[1]]
    assert [k for k, _ in sphinx_citation_index.get_filtered_entries(domain, key)] == ["k2"]
    domain.data["citation_refs"] = []
    assert [k for k, _ in sphinx_citation_index.get_filtered_entries(domain, key)] == []
