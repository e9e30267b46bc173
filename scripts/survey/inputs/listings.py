"""Listing pages: pair each title with its abstract by the lines' shape and the page's blank-line layout.

Listing format: the header lines `new`, `Get trending papers in your email inbox!`, `Subscribe`,
`byAK and the research community`, a date line such as `Mar 12`, then for each paper a title line and
an abstract line (or none), separated by blank lines.

Pairing: every content line after the date is labelled *title* or *abstract*
by the best-scoring consistent labelling of the whole page (a Viterbi pass over two labels), so a missing
abstract never shifts the pairs after it, and a page that can be read two ways about equally well is an
InputError naming the line, instead of a silent guess.

The model (all weights are in this module, in log-odds units):

- Shape of a line, `abstract_evidence(line)` (positive: abstract-like, negative: title-like):
  final punctuation (a period or a URL at the end: abstract; `?`/`!`: title; nothing: title),
  sentence breaks (one is common in titles, e.g. "Non-i.i.d. Data"; each further one is strong evidence
  of prose), capitalisation (Title Case leans title, a little), and more than ten lowercase words of
  four or more letters (prose; real titles have at most nine). A line over 300 characters can only be an
  abstract.
- Structure: a title is followed by at most one abstract, an abstract always follows a title; a title
  without an abstract costs a little (they are rare).
- Blank lines: real pages put one blank line after every title and every abstract, which says nothing
  about the pairing, so it is ignored. A page in "block" layout (a title and its abstract on adjacent
  lines, papers separated by blank lines) is recognised and its blocks then decide (only a
  line over 300 characters or a three-sentence paragraph is never a title).

Decisions closer than `AMBIGUITY_MARGIN` raise InputError at the line in doubt.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import InputError

log = logging.getLogger(__name__)

HEADER = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
)
DATE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(, \d{4})?$")
# The listing's line breaks: only those an editor shows as line ends (str.splitlines would also split a
# title at U+2028, U+0085, a form feed or another separator hidden inside it).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control and bidirectional formatting characters carry no text, and a right-to-left override would make
# a title show something else than it says: they are dropped when a page is read.
INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# An abstract is prose; a title is not. The pairing below scores each line's shape, and a
# "title" longer than TITLE_MAX_CHARS is a misplaced abstract.
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z(]")
TITLE_MAX_CHARS = 300

# Weights of the pairing model (log-odds; see the module docstring).
END_PERIOD = 4.0          # "... on two benchmarks."
END_URL = 4.0             # "... Code: https://github.com/x/y"
END_QUESTION = -4.0       # "Do Generated Data Always Help?" (an abstract rarely ends so)
END_NOTHING = -5.0        # "Personalized Subgraph Federated Learning"
FIRST_BREAK = 1.0         # one sentence break: "Non-i.i.d. Environments", "ticket! Making ..."
FURTHER_BREAK = 3.0       # each further sentence break
CASE_WEIGHT = 1.0         # Title Case -0.5 ... sentence case +0.5
PROSE_WORDS_FREE = 10     # lowercase words of 4+ letters a title may have (real titles: up to 9) ...
PROSE_WORD = 0.5          # ... each further one reads like prose
PROSE_CAP = 4.0
LONG_LINE = 10.0          # over TITLE_MAX_CHARS: can only be an abstract
MISSING_ABSTRACT = 0.5    # cost of a title without an abstract
BLOCK_LAYOUT = 20.0       # weight of the blank-line blocks in a page in block layout (decisive)
AMBIGUITY_MARGIN = 1.0    # a line whose two readings score closer than this is an InputError
PARAGRAPH_AS_TITLE = 7.0  # three or more sentences and this abstract-like (e.g. a final period): never a title

TITLE, ABSTRACT = 0, 1
CLOSERS = ")]}\"'\u201d\u2019\u00bb*_`"
# A word: a letter, then letters, digits, "_", apostrophes and hyphens. Only words of 4 characters or more
# count: a run shorter than that cannot hold a longer one, so the regex asks for 4 at once (tested equal to
# filtering every word by length).
LONG_WORD = re.compile(r"[^\W\d_][\w'\u2019-]{3,}")


@dataclass(frozen=True)
class Listing:
    """One title/abstract pair as it appears in one listing page."""

    title: str
    abstract: str
    source: str
    date: str
    line: int


@dataclass
class ListedPaper:
    """A distinct listed paper: the first listing's text, plus every page and date it was listed on.

    A paper read from a bibliographic export (inputs.raw_files) also carries the export's own facts; they
    rank below data/arxiv_metadata.csv, which wins where both speak."""

    title: str
    abstract: str
    sources: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    # Facts from bibliographic exports (empty for a paper known from listing pages only).
    authors: tuple[str, ...] = ()
    authors_complete: bool = True
    year: int | None = None
    month: int | None = None
    doi: str = ""
    arxiv_id: str = ""


def split_lines(text: str) -> list[str]:
    """The lines of `text` as an editor numbers them (a final line break ends the last line)."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def clean(raw: str) -> str:
    """A line as the survey keeps it: invisible characters dropped, whitespace collapsed."""
    return " ".join(INVISIBLE.sub("", raw).split())


def abstract_evidence(line: str) -> float:
    """Log-odds that `line` is an abstract rather than a title, from its shape alone."""
    stripped = line.rstrip(CLOSERS) or line
    last_token = line.rsplit(None, 1)[-1] if line.strip() else ""
    if "://" in last_token or last_token.startswith("www."):
        score = END_URL
    elif stripped.endswith("."):
        score = END_PERIOD
    elif stripped.endswith(("?", "!")):
        score = END_QUESTION
    else:
        score = END_NOTHING
    breaks = len(SENTENCE_BREAK.findall(line))
    if breaks:
        score += FIRST_BREAK + FURTHER_BREAK * min(breaks - 1, 5)
    words = LONG_WORD.findall(line)
    if len(words) >= 2:
        initials = "".join([w[0] for w in words])
        capitalised = sum(map(str.isupper, initials)) / len(words)
        score += CASE_WEIGHT * (0.5 - capitalised)
        lowercase = sum(map(str.islower, initials))
        score += min(PROSE_CAP, PROSE_WORD * max(0, lowercase - PROSE_WORDS_FREE))
    if len(line) > TITLE_MAX_CHARS:
        score += LONG_LINE
    return score


def parse_listing(text: str, source: str) -> list[Listing]:
    """Parse one listing page; raise InputError if it does not follow the format."""
    lines = [(number, clean(raw)) for number, raw in enumerate(split_lines(text), 1)]
    content = [(number, line) for number, line in lines if line]
    fix = "A listing page starts with the lines " + ", ".join(repr(h) for h in HEADER) + \
        " and a date such as 'Mar 12', then a title line and an abstract line per paper"
    for expected, (number, line) in zip(HEADER, content):
        if line != expected:
            raise InputError(source, f"expected header line {expected!r}, found {line[:60]!r}", fix, number)
    if len(content) <= len(HEADER):
        raise InputError(source, "the page ends before its listing date", fix, len(lines) or 1)
    date_number, date = content[len(HEADER)]
    if not DATE.match(date):
        raise InputError(source, f"expected a listing date such as 'Mar 12', found {date[:60]!r}", fix, date_number)
    return pair_titles_and_abstracts(content[len(HEADER) + 1:], source, date, fix)


def read_listing(path: Path) -> list[Listing]:
    """Read and parse one listing file; bytes that are not UTF-8 are an InputError."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise InputError(path, f"byte {error.start} is not valid UTF-8", "Save the file as UTF-8", line) from None
    return parse_listing(text.removeprefix("\ufeff"), path.name)


# ------------------------------------------------------------------------------------------ pairing

def block_layout(items: list[tuple[int, str]]) -> bool:
    """True if titles and abstracts sit on adjacent lines and blank lines separate the papers.

    Recognised when no run of adjacent lines is longer than two and at least half of the runs are pairs;
    a page with one blank line after every line (the real pages) is not in block layout.
    """
    runs, size = [], 1
    for (a, _), (b, _) in zip(items, items[1:]):
        if b == a + 1:
            size += 1
        else:
            runs.append(size)
            size = 1
    runs.append(size)
    pairs = runs.count(2)
    return pairs > 0 and max(runs) <= 2 and 2 * pairs >= len(runs)


def pair_titles_and_abstracts(items: list[tuple[int, str]], source: str, date: str, fix: str) -> list[Listing]:
    """Label every line title or abstract by the best consistent reading of the page (see module doc)."""
    if not items:
        return []
    labels = _best_labelling(items, source, fix)
    listings: list[Listing] = []
    for index, (number, line) in enumerate(items):
        if labels[index] != TITLE:
            continue
        if index + 1 < len(items) and labels[index + 1] == ABSTRACT:
            listings.append(Listing(line, items[index + 1][1], source, date, number))
        else:
            log.warning("%s:%d: paper %r has no abstract; it is kept with an empty one", source, number, line[:80])
            listings.append(Listing(line, "", source, date, number))
    return listings


def _best_labelling(items: list[tuple[int, str]], source: str, fix: str) -> list[int]:
    n = len(items)
    # A line longer than any title is an abstract in every reading, so its evidence adds the same to each
    # and is not computed: its word and sentence searches were most of a listing page's reading time.
    evidence = [abstract_evidence(line) if len(line) <= TITLE_MAX_CHARS else 0.0 for _, line in items]
    not_title = [len(line) > TITLE_MAX_CHARS or (score >= PARAGRAPH_AS_TITLE and len(SENTENCE_BREAK.findall(line)) >= 2)
                 for (_, line), score in zip(items, evidence)]
    blocks = block_layout(items)
    NEG = -math.inf

    def shape(i: int, label: int) -> float:
        if label == TITLE:
            return NEG if not_title[i] else -evidence[i] / 2
        return evidence[i] / 2

    def step(i: int, a: int, b: int) -> float:
        """Score of labels a at item i and b at item i + 1."""
        if a == ABSTRACT and b == ABSTRACT:
            return NEG
        if a == TITLE and b == TITLE:
            return -MISSING_ABSTRACT
        if a == TITLE and b == ABSTRACT and blocks:
            adjacent = items[i + 1][0] == items[i][0] + 1
            return BLOCK_LAYOUT if adjacent else -BLOCK_LAYOUT
        return 0.0

    def end(label: int) -> float:
        return -MISSING_ABSTRACT if label == TITLE else 0.0

    forward = [[NEG, NEG] for _ in range(n)]
    back = [[0, 0] for _ in range(n)]
    forward[0][TITLE] = shape(0, TITLE)
    for i in range(1, n):
        for b in (TITLE, ABSTRACT):
            options = [forward[i - 1][a] + step(i - 1, a, b) for a in (TITLE, ABSTRACT)]
            a = max((TITLE, ABSTRACT), key=lambda x: options[x])
            forward[i][b] = options[a] + shape(i, b)
            back[i][b] = a
    backward = [[NEG, NEG] for _ in range(n)]
    backward[n - 1] = [end(TITLE), end(ABSTRACT)]
    for i in range(n - 2, -1, -1):
        for a in (TITLE, ABSTRACT):
            backward[i][a] = max(step(i, a, b) + shape(i + 1, b) + backward[i + 1][b] for b in (TITLE, ABSTRACT))

    final = [forward[n - 1][label] + end(label) for label in (TITLE, ABSTRACT)]
    if max(final) == NEG:
        _raise_unreadable(items, not_title, source, fix)
    label = TITLE if final[TITLE] >= final[ABSTRACT] else ABSTRACT
    labels = [label]
    for i in range(n - 1, 0, -1):
        label = back[i][label]
        labels.append(label)
    labels.reverse()

    for i in range(1, n):
        as_title = forward[i][TITLE] + backward[i][TITLE]
        as_abstract = forward[i][ABSTRACT] + backward[i][ABSTRACT]
        if as_title == NEG or as_abstract == NEG or abs(as_abstract - as_title) >= AMBIGUITY_MARGIN:
            continue
        number, line = items[i]
        previous = items[i - 1][0]
        raise InputError(
            source, f"cannot tell whether {line[:60]!r} is the abstract of the title on line {previous} or the "
                    f"title of another paper (then the paper on line {previous} has no abstract)",
            "End every abstract with a period, write titles without a final period, or put the missing "
            "abstract back on its own line after its title", number)
    return labels


def _raise_unreadable(items: list[tuple[int, str]], not_title: list[bool], source: str, fix: str) -> None:
    """No reading exists: a paragraph stands where only a title can (first, or after an abstract)."""
    for i, (number, line) in enumerate(items):
        if not_title[i] and (i == 0 or not_title[i - 1]):
            if len(line) > TITLE_MAX_CHARS:
                raise InputError(source, f"expected a title but found a {len(line)}-character paragraph "
                                         "(two abstracts in a row?)", fix, number)
            sentences = len(SENTENCE_BREAK.findall(line)) + 1
            raise InputError(source, f"expected a title but found a paragraph of {sentences} sentences "
                                     "(two abstracts in a row?)",
                             fix + "; join an abstract's paragraphs into one line, or add the missing title", number)
    raise AssertionError("a page without two paragraphs in a row always has a reading")  # pragma: no cover
