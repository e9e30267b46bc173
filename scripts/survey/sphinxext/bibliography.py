"""The site's bibliography shows each BibTeX field as the text it encodes (not a speed-up: always on).

sphinxcontrib-bibtex renders entries with pybtex, whose LaTeX decoder knows only part of LaTeX: it shows
`\\textbraceleft`, `\\textasciicircum` and `\\$` as they are and takes `\\{` for the start of a group.
Fields are decoded with pylatexenc here instead (the reader the tests hold latex.escape to); a braced
group stays a protected group, so bibliography styles still keep its case.
"""
from __future__ import annotations

import functools

from pybtex import richtext
from pylatexenc import latex2text, latexwalker

from .compat import Patch

_CONTEXT = latex2text.get_default_latex_context_db()
_CONTEXT.add_context_category("survey-escapes", prepend=True, macros=[
    latex2text.MacroTextSpec(name, text) for name, text in [
        ("textbraceleft", "{"), ("textbraceright", "}"), ("textasciicircum", "^"), ("textasciitilde", "~"),
        ("textbackslash", "\\")]])
_TO_TEXT = latex2text.LatexNodes2Text(latex_context=_CONTEXT, math_mode="verbatim", strict_latex_spaces=True)


def _parts(nodelist) -> list:
    parts = []
    for node in nodelist or []:
        if isinstance(node, latexwalker.LatexGroupNode) and node.delimiters == ("{", "}"):
            parts.append(richtext.Protected(*_parts(node.nodelist)))
        else:
            text = _TO_TEXT.nodelist_to_text([node])
            if text:
                parts.append(richtext.String(text))
    return parts


@functools.lru_cache(maxsize=1 << 16)
def _decoded(latex: str) -> richtext.Text:
    """Each field is decoded twice (the entry and its tooltip) and names recur: decode a string once.
    pybtex's rich text is a value (its operations return new texts), so one object can serve every use."""
    nodelist, _, _ = latexwalker.LatexWalker(latex, tolerant_parsing=True).get_latex_nodes()
    return richtext.Text(*_parts(nodelist))


def text_from_latex(cls, latex: str) -> richtext.Text:
    return _decoded(latex)


PATCHES = [Patch(richtext.Text, "from_latex", classmethod(text_from_latex), "pybtex")]
