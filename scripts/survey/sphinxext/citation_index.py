"""A speed-up: sphinxcontrib-bibtex (2.7) without its costs that grow with the corpus; the HTML it
produces is unchanged.

- `BibtexDomain.resolve_xref` scans every citation of the book, twice, for each `{cite:p}` role: with a
  citation per paper and a role per table row that is quadratic (a 10,000-paper survey has 20,000 roles).
  Here each call sees only the citations of its own keys, from an index by key, in the original order.
- `pybtex.plugin.find_plugin` searches the installed packages' entry points on every call, once per role
  (~11 ms each: a third of the real survey's cold build). Plugins cannot change during a build: cached.
- `BibtexDomain.get_filtered_entries` collects, for every entry of the .bib files, the pages citing it
  by scanning every citation reference of the book: entries x references, per bibliography directive.
  Here the references are indexed by key once (same pages, same result).
- `BibliographyTransform.run` looks, for each citation of a bibliography, for back-references among all
  citation references of the book, though it keeps only those of the bibliography's own page: here it
  is shown only the references of the pages its bibliographies are on (same back-references).
- `BibtexDomain.env_updated` formats every bibliography entry (twice: entry and tooltip) on every build,
  even one that reads no page: 150 s of a 10,000-paper rebuild with no change. Its result is kept in the
  pickled environment; here it is reused when the build read and removed no page and neither the .bib
  files nor a `bibtex_*` setting changed, since those are all it is computed from.
"""
from __future__ import annotations

import functools

import pybtex.plugin
import sphinxcontrib.bibtex.transforms
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from .compat import Patch

logger = logging.getLogger(__name__)

_resolve_xref = BibtexDomain.resolve_xref
_env_updated = BibtexDomain.env_updated
_transform_run = sphinxcontrib.bibtex.transforms.BibliographyTransform.run

# Set on the environment when this build reads or removes a page; reset when the builder starts.
PAGES_CHANGED = "survey_pages_changed"
# Domain data: the inputs of the citations last formatted (kept in the pickled environment with them).
FORMATTED_FROM = "survey_formatted_from"


def _derived(domain: BibtexDomain, data_key: str, build):
    """`build(domain.data[data_key])`, cached on the domain until that list changes (another list, or
    another length)."""
    values = domain.data[data_key]
    stamp = (id(values), len(values))
    cache = domain.__dict__.setdefault("_survey_derived", {})
    if data_key not in cache or cache[data_key][0] != stamp:
        cache[data_key] = (stamp, build(values))
    return cache[data_key][1]


def _citations_by_key(citations) -> dict[str, list[tuple[int, object]]]:
    """(position, citation) of every citation, by key."""
    index: dict[str, list[tuple[int, object]]] = {}
    for position, citation in enumerate(citations):
        index.setdefault(citation.key, []).append((position, citation))
    return index


def _citing_pages(refs) -> dict[str, set[str]]:
    """The pages citing each key."""
    cited: dict[str, set[str]] = {}
    for ref in refs:
        for target in ref.targets:
            cited.setdefault(target.key, set()).add(ref.docname)
    return cited


def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
    """The original resolve_xref, shown only the citations it can match (same order, same result)."""
    index = _derived(self, "citations", _citations_by_key)
    keys = {t.key for t in parse_citation_targets(target)}
    everything = self.data["citations"]
    self.data["citations"] = [c for _, c in sorted((pc for k in keys for pc in index.get(k, ())), key=lambda pc: pc[0])]
    try:
        return _resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode)
    finally:
        self.data["citations"] = everything


def get_filtered_entries(self, bibliography_key):
    """sphinxcontrib-bibtex 2.7's get_filtered_entries, with each entry's citing pages from the index."""
    bibliography = self.bibliographies[bibliography_key]
    cited = _derived(self, "citation_refs", _citing_pages)
    for entry in self.get_entries(bibliography.bibfiles):
        key = bibliography.keyprefix + entry.key
        cited_docnames = cited.get(key, set())
        visitor = _FilterVisitor(entry=entry, docname=bibliography_key.docname, cited_docnames=cited_docnames)
        try:
            success = visitor.visit(bibliography.filter_)
        except ValueError as err:
            logger.warning(f"syntax error in :filter: expression; {err}",
                           location=(bibliography_key.docname, bibliography.line),
                           type="bibtex", subtype="filter_syntax_error")
            success = bool(cited_docnames)  # sphinxcontrib-bibtex's fallback
        if success or entry.key in bibliography.keys:
            yield key, entry


def transform_run(self, **kwargs) -> None:
    """The original BibliographyTransform.run, shown the citation references of its bibliographies' pages."""
    domain = self.document.settings.env.get_domain("cite")
    pages = {node["docname"] for node in self.document.findall(bibliography_node)}
    everything = domain.data["citation_refs"]
    domain.data["citation_refs"] = [ref for ref in everything if ref.docname in pages]
    try:
        return _transform_run(self, **kwargs)
    finally:
        domain.data["citation_refs"] = everything


def _formatting_inputs(domain: BibtexDomain) -> str:
    """What the formatted citations depend on besides the pages: the .bib files (path and modification
    time, which is what sphinxcontrib-bibtex rereads them by) and every bibtex_* setting."""
    config = domain.env.config
    settings = sorted((item.name, repr(item.value)) for item in config if item.name.startswith("bibtex_"))
    bibfiles = [(str(path), bibfile.mtime) for path, bibfile in domain.bibdata.bibfiles.items()]
    return repr((settings, domain.bibdata.encoding, bibfiles))


def env_updated(self):
    """The original env_updated, skipped when its result from the last build is still valid."""
    inputs = _formatting_inputs(self)
    if (not getattr(self.env, PAGES_CHANGED, True) and self.citations
            and self.data.get(FORMATTED_FROM) == inputs):
        logger.info("bibliography: no page or .bib file changed, citations kept from the last build")
        return []
    updated = _env_updated(self)
    self.data[FORMATTED_FROM] = inputs
    return updated


def _builder_inited(app) -> None:
    setattr(app.env, PAGES_CHANGED, False)


def _page_forgotten(app, env, docname) -> None:
    """Sphinx forgets a page (env-purge-doc) before reading it again and when it is removed."""
    setattr(env, PAGES_CHANGED, True)


find_plugin = functools.lru_cache(maxsize=None)(pybtex.plugin.find_plugin)

PATCHES = [
    Patch(pybtex.plugin, "find_plugin", find_plugin, "pybtex"),
    Patch(BibtexDomain, "resolve_xref", resolve_xref, "sphinxcontrib-bibtex"),
    Patch(BibtexDomain, "env_updated", env_updated, "sphinxcontrib-bibtex"),
    Patch(BibtexDomain, "get_filtered_entries", get_filtered_entries, "sphinxcontrib-bibtex"),
    Patch(sphinxcontrib.bibtex.transforms.BibliographyTransform, "run", transform_run, "sphinxcontrib-bibtex"),
]


def connect(app) -> None:
    """What the reused citations need to know: whether this build read or removed a page."""
    app.connect("builder-inited", _builder_inited)
    app.connect("env-purge-doc", _page_forgotten)
