"""A speed-up: the sidebar's table of contents without copying every page's sections on every
page; the HTML is the same, byte for byte (tests/test_book.py).

The sidebar of sphinx-book-theme asks Sphinx, on every page, for the book's table of contents with
`titles_only=True`. Sphinx copies each page's whole table of contents (every section) and only then cuts
it down to the page titles and the sub-tables of contents (toctrees) under them. A page of 300 paper
entries is 300 sections, so every page of the book copied every entry of the book: pages x entries,
quadratic in the corpus (143 s of a profiled 10,000-paper cold build). Here a `titles_only` call sees
each page's table of contents already reduced to what that cut keeps: its title entries, and of their
sections only the branches that lead to a toctree, at the same depth (so the depth limit drops the
same toctrees).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import sphinx.builders.html
from docutils import nodes
from sphinx import addnodes

from .compat import Patch

_global_toctree_for_doc = sphinx.builders.html.global_toctree_for_doc


def toctree_branches(node: nodes.Element) -> nodes.Element | None:
    """A copy of `node` holding only what leads to a toctree: the entries' titles (paragraphs, which hold
    the references) on the way, and the toctrees; None when no toctree is below it."""
    if isinstance(node, addnodes.toctree):
        return node.copy()
    kept = [branch for child in node.children if isinstance(child, nodes.Element)
            for branch in [toctree_branches(child)] if branch is not None]
    if not kept:
        return None
    copy = node.copy()
    for child in node.children:
        if isinstance(child, addnodes.compact_paragraph):
            copy.append(child.deepcopy())
    copy.extend(kept)
    return copy


class TitlesOnlyTocs(Mapping):
    """env.tocs as `titles_only` uses it: each page's title entries, with only their toctree branches."""

    def __init__(self, tocs: dict[str, nodes.bullet_list], cache: dict):
        self.tocs, self.cache = tocs, cache

    def __getitem__(self, docname: str) -> nodes.bullet_list:
        toc = self.tocs[docname]
        cached = self.cache.get(docname)
        if cached is None or cached[0] is not toc:
            reduced = toc.copy()
            for item in toc.children:
                if not isinstance(item, nodes.Element):
                    reduced.append(item.deepcopy())  # never the original: appending would move it
                    continue
                title = item.copy()
                for child in item.children:
                    if isinstance(child, addnodes.compact_paragraph):
                        title.append(child.deepcopy())
                    elif isinstance(child, nodes.Element) and (branch := toctree_branches(child)) is not None:
                        title.append(branch)
                reduced.append(title)
            cached = (toc, reduced)
            self.cache[docname] = cached
        return cached[1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tocs)

    def __len__(self) -> int:
        return len(self.tocs)


def global_toctree_for_doc(env, docname, builder, collapse=False, includehidden=True, maxdepth=0,
                           titles_only=False):
    """Sphinx's global_toctree_for_doc; for titles_only, over the reduced tables of contents."""
    if not titles_only:
        return _global_toctree_for_doc(env, docname, builder, collapse, includehidden, maxdepth, titles_only)
    tocs = env.tocs
    if not hasattr(builder, "survey_titles_only_tocs"):  # on the builder: never pickled with the environment
        builder.survey_titles_only_tocs = {}
    env.tocs = TitlesOnlyTocs(tocs, builder.survey_titles_only_tocs)
    try:
        return _global_toctree_for_doc(env, docname, builder, collapse, includehidden, maxdepth, titles_only)
    finally:
        env.tocs = tocs


PATCHES = [Patch(sphinx.builders.html, "global_toctree_for_doc", global_toctree_for_doc, "sphinx")]
