"""Corpus text as MyST source that renders literally: no markup, role, directive, math or HTML.

CommonMark lets a backslash escape any ASCII punctuation character, so escaping all of them leaves
nothing for the parser to interpret (`|` included, so table cells never split).
"""
from __future__ import annotations

import functools
import re
import string
from urllib.parse import quote

from .latex import INVISIBLE

PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")
URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def text(value: str) -> str:
    """Literal inline text on one line. A paper's title, name and tags are written on several pages: a
    short value is escaped once (kept); an abstract or a sentence is written about once and not kept."""
    return _escape_short(value) if len(value) <= SHORT else _escape(value)


SHORT = 300  # characters: titles, names, tags and labels; not abstracts


# A 100,000-paper corpus escapes 2.5 million short values, 436,000 distinct (titles, method names, authors'
# names): 65,536 entries left 638,000 misses, 262,144 leave 443,000 (0.5 s less at 2.6 us an escape, for
# at most about 55 MB more, measured with 80-character titles); a 10,000-paper corpus's 44,000 fit either way.
@functools.lru_cache(maxsize=1 << 18)
def _escape_short(value: str) -> str:
    return _escape(value)


def _escape(value: str) -> str:
    # A substitution by a function is about three times faster than str.translate with a table, and faster
    # than a template replacement (measured on the corpus's titles and abstracts).
    return PUNCTUATION.sub(_escaped, INVISIBLE.sub("", " ".join(value.split())))


def _escaped(match: re.Match[str]) -> str:
    return "\\" + match.group()


def lines(markup: str, width: int = 100) -> list[str]:
    """An escaped paragraph as source lines of at most `width` characters (a longer word on a line of its
    own), broken at its spaces, which render as spaces. A LaTeX build reads a paragraph as one line of at
    most 200,000 bytes. Words are joined by one space, as text() leaves them; the same lines as
    textwrap.wrap(markup, width, break_long_words=False, break_on_hyphens=False), found by searching for
    each line's last space rather than adding words one at a time (ten times faster than textwrap)."""
    paragraph = " ".join(markup.split())
    out: list[str] = []
    start = 0
    while len(paragraph) - start > width:
        # The longest run of whole words that fits ends at the last space within width + 1 characters
        # (a word never starts with a space, so that space is after `start`); none: a word longer than width.
        cut = paragraph.rfind(" ", start, start + width + 1)
        if cut < 0:
            cut = paragraph.find(" ", start + width)
            if cut < 0:
                break
        out.append(paragraph[start:cut])
        start = cut + 1
    return [*out, paragraph[start:]]


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
