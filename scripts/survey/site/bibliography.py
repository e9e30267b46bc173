"""The bibliography page(s), rendered by sphinxcontrib-bibtex from references.bib."""
from __future__ import annotations

from collections.abc import Sequence

from ..model.paper import Paper
from .addresses import OTHER_GROUP, group_slug, groups

BIBLIOGRAPHY_PAGE_LIMIT = 4000  # ~590 bytes of HTML per entry: 2.3 MB


def bibliography_pages(papers: Sequence[Paper], limit: int = BIBLIOGRAPHY_PAGE_LIMIT) -> dict[str, str]:
    """The bibliography: one page, or above `limit` papers an index and a page per first character of the
    key, as the entries are grouped (chapters/bibliography-<group>.md). Each page's labels carry its group
    as a prefix ([S12]), so labels stay unique across the pages."""
    intro = ["(bibliography)=", "# Bibliography", "",
             "Download every entry as {download}`BibTeX </downloads/references.bib>` (LaTeX, JabRef, Zotero), "
             "{download}`RIS </downloads/survey.ris>` (Zotero, EndNote, Mendeley) or "
             "{download}`CSL-JSON </downloads/survey.json>` (Zotero, pandoc). Each chapter page links to "
             "a BibTeX file of its own papers.", ""]
    if len(papers) <= limit:
        return {"chapters/bibliography.md": "\n".join(intro + ["```{bibliography}", ":all:", "```", ""])}
    by_group = groups(papers)
    pages = {"chapters/bibliography.md": "\n".join(intro + [
        "By the first character of the citation key: " + " · ".join(
            f"{{ref}}`{name.upper()} <bibliography-{group_slug(name)}>` ({len(rows)})"
            for name, rows in by_group.items()) + ".", ""])}
    for name in by_group:
        slug = group_slug(name)
        matches = 'not key % "^[a-z]"' if name == OTHER_GROUP else f'key % "^{name}"'
        pages[f"chapters/bibliography-{slug}.md"] = "\n".join([
            f"(bibliography-{slug})=", f"# Bibliography: {name.upper()}", "",
            "```{bibliography}", f":filter: {matches}",
            f":labelprefix: \"{'#' if name == OTHER_GROUP else name.upper()}\"", "```", ""])  # quoted: # starts a comment
    return pages
