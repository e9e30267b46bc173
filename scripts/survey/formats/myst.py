"""Corpus text as MyST source that renders literally: no markup, role, directive, math or HTML.

CommonMark lets a backslash escape any ASCII punctuation character, so escaping all of them leaves
nothing for the parser to interpret (`|` included, so table cells never split).
"""
from __future__ import annotations

import re
import string
from urllib.parse import quote

from .latex import INVISIBLE

_ESCAPES = {ord(ch): "\\" + ch for ch in string.punctuation}
URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def text(value: str) -> str:
    """Literal inline text on one line."""
    return INVISIBLE.sub("", " ".join(value.split())).translate(_ESCAPES)


def lines(markup: str, width: int = 100) -> list[str]:
    """An escaped paragraph as source lines of at most `width` characters (a longer word on a line of its
    own), broken at its spaces, which render as spaces. A LaTeX build reads a paragraph as one line of at
    most 200,000 bytes. Words are joined by one space, as text() leaves them; the same lines as
    textwrap.wrap(markup, width, break_long_words=False, break_on_hyphens=False), five times faster."""
    out: list[str] = []
    current = ""
    for word in markup.split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return out + [current] if current or not out else out


def link(label: str, url: str) -> str:
    """A Markdown link to an http(s) URL; other schemes (javascript:, data:) are shown, not linked."""
    if not url.lower().startswith(("http://", "https://")):
        return text(label)
    scheme, rest = url.split(":", 1)  # MyST links only a lowercase scheme (HTTPS://x is a broken reference)
    return f"[{text(label)}](<{quote(scheme.lower() + ':' + rest, safe=URL_SAFE)}>)"


def cite(key: str) -> str:
    return f"{{cite:p}}`{key}`"


def table(header: list[str], rows: list[list[str]], widths: list[int], classes: tuple[str, ...] = ()) -> str:
    """A pipe table with relative column widths (cells must already be escaped MyST).

    In the PDF it is a `longtable` (breaks across pages) with fixed, wrapping columns; `classes` are
    added to its HTML class (the site's script makes `survey-table` tables sortable and filterable).
    """
    assert len(widths) == len(header) and all(len(row) == len(header) for row in rows)
    columns = "".join(f"\\X{{{w}}}{{{sum(widths)}}}" for w in widths)
    lines = [f"```{{tabularcolumns}} {columns}", "```", "", "```{table}", ":class: " + " ".join(("longtable", *classes)),
             f":widths: {' '.join(map(str, widths))}",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines + ["```"])


def fence(content: str, language: str = "") -> list[str]:
    """A fenced code block holding `content` verbatim: the fence is longer than any backtick run in it."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    marks = "`" * max(3, longest + 1)
    return [f"{marks}{language}", *content.rstrip("\n").split("\n"), marks]
