"""Sphinx extension: sphinxcontrib-bibtex (2.7) without its two costs that grow with the corpus; the
HTML it produces is unchanged.

- `BibtexDomain.resolve_xref` scans every citation of the book, twice, for each `{cite:p}` role: with a
  citation per paper and a role per table row that is quadratic (a 10,000-paper survey has 20,000 roles).
  Here each call sees only the citations of its own keys, from an index by key, in the original order.
- `pybtex.plugin.find_plugin` searches the installed packages' entry points on every call, once per role
  (~11 ms each: a third of the real survey's cold build). Plugins cannot change during a build: cached.
"""
from __future__ import annotations

import functools

import pybtex.plugin
import sphinxcontrib.bibtex.transforms
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain

_resolve_xref = BibtexDomain.resolve_xref


def _by_key(domain: BibtexDomain) -> dict[str, list[tuple[int, object]]]:
    """(position, citation) of every citation by key; rebuilt when the citation list changes."""
    citations = domain.data["citations"]
    stamp = (id(citations), len(citations))
    cached = getattr(domain, "_survey_citation_index", None)
    if cached is None or cached[0] != stamp:
        index: dict[str, list[tuple[int, object]]] = {}
        for position, citation in enumerate(citations):
            index.setdefault(citation.key, []).append((position, citation))
        cached = (stamp, index)
        domain._survey_citation_index = cached
    return cached[1]


def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
    """The original resolve_xref, shown only the citations it can match (same order, same result)."""
    index = _by_key(self)
    keys = {t.key for t in parse_citation_targets(target)}
    everything = self.data["citations"]
    self.data["citations"] = [c for _, c in sorted((pc for k in keys for pc in index.get(k, ())), key=lambda pc: pc[0])]
    try:
        return _resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode)
    finally:
        self.data["citations"] = everything


def setup(app):
    if not hasattr(pybtex.plugin.find_plugin, "cache_info"):
        cached = functools.lru_cache(maxsize=None)(pybtex.plugin.find_plugin)
        pybtex.plugin.find_plugin = cached
        sphinxcontrib.bibtex.transforms.find_plugin = cached
    BibtexDomain.resolve_xref = resolve_xref
    return {"parallel_read_safe": True, "parallel_write_safe": True}
