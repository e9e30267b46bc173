"""LaTeX escaping of corpus text (for BibTeX fields), built on pylatexenc.

Only LaTeX's special ASCII characters are replaced; other Unicode is kept as UTF-8, which biber,
pandoc, Zotero, JabRef and xelatex all read. Braces become commands rather than `\\{`, because BibTeX
counts every brace (escaped or not) when it looks for the end of a field.
"""
from __future__ import annotations

import re

from pylatexenc import latexencode

SPECIALS = {
    ord("\\"): r"\textbackslash{}",
    ord("{"): r"\textbraceleft{}",
    ord("}"): r"\textbraceright{}",
    ord("%"): r"\%",
    ord("&"): r"\&",
    ord("#"): r"\#",
    ord("_"): r"\_",
    ord("$"): r"\$",
    ord("~"): r"\textasciitilde{}",
    ord("^"): r"\textasciicircum{}",
    ord('"'): "{''}",
    ord("@"): "{@}",
}
_ENCODER = latexencode.UnicodeToLatexEncoder(
    conversion_rules=[latexencode.UnicodeToLatexConversionRule(latexencode.RULE_DICT, SPECIALS)],
    unknown_char_policy="keep",
    unknown_char_warning=False,
    replacement_latex_protection="none",
)
# Control characters and Unicode format characters (e.g. a right-to-left override) carry no text.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Words whose capitalisation matters: an inner capital or digit (CatVTON, MoE, LoRA, GPT-4, 3D).
KEEP_CASE = re.compile(r"\S*(?:[A-Za-z][A-Z]|[A-Z]\d|\d[A-Za-z])\S*")


def escape(text: str) -> str:
    """Plain text as LaTeX source that typesets the same characters and runs no command."""
    return _ENCODER.unicode_to_latex(INVISIBLE.sub("", " ".join(text.split())))


def escape_title(title: str) -> str:
    """Escaped title with case-sensitive words braced so bibliography styles keep their case."""
    return " ".join(f"{{{escape(w)}}}" if KEEP_CASE.fullmatch(w) else escape(w) for w in title.split())
