"""Property-based tests (hypothesis) of the parts that turn corpus text into other languages.

- `listings.parse_listing`: any titles and abstracts written in the listing format parse back to the same
  text (whitespace normalized, invisible control and bidi characters dropped).
- `myst.lines` breaks lines where textwrap does.
- `myst.text` and `myst.link`: whatever the text, myst-parser's real parser (docutils) gives only text
  nodes (and an http(s) link for `link`), showing exactly that text; in a pipe table the cell never splits.
  A chart's title survives as the `alt` option of its image directive.
- `latex.escape` / `latex.escape_title`: no LaTeX special is left unescaped, a LaTeX reader
  (pylatexenc) reads the text back, and bibtexparser and pybtex read the escaped field back unchanged.
- `bibtex.to_bibtex`: any title and abstract give one entry that bibtexparser and pybtex load.
- `keys`: base keys are non-empty `[a-z0-9-]`, keys of distinct papers are distinct.

Strategies draw from all of Unicode except surrogates (which UTF-8 files cannot hold); where a format
has constraints they are stated at the strategy.
"""
from __future__ import annotations

import io
import re
import string
import tempfile
import unicodedata
from pathlib import Path

import bibtexparser
import pybtex.database
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser as MystParser
from pylatexenc import latex2text, latexencode
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec

from survey.analysis.keys import assign_keys, base_key
from survey.formats import latex, myst
from survey.formats.bibtex import to_bibtex
from survey.formats.latex import escape, escape_title
from survey.inputs.listings import HEADER, abstract_evidence, parse_listing
from survey.inputs.raw_files import read_raw_files
from survey.model.paper import Paper, normalize_title
from survey.site import charts
from tests.builders import paper

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Any character a UTF-8 file can hold.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
# Characters that must stay literal in MyST and LaTeX: ASCII punctuation (every markup character), the
# characters that end or split lines, controls, bidi controls, zero-width and combining characters.
NASTY = st.sampled_from(list(string.punctuation) + list("\t\x00\x0b\x0c\x1c\x1f\x7f\x85\x9b\u00a0\u2028\u2029\ufeff")
                        + list("\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u0301\u0336") + ["🚀", "深", "ש"])
TEXT_CHAR = st.one_of(ANY_CHAR, NASTY)
# The escapers use U+E000-U+E003 (private use) as internal stand-ins and drop them.
ESCAPER_CHAR = TEXT_CHAR.filter(lambda ch: not "\ue000" <= ch <= "\ue003")


def visible(text: str) -> str:
    """What a reader sees: single-spaced, without control or bidi-control characters."""
    text = " ".join(text.split())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    return " ".join(BIDI.sub("", text).split())


# ---------------------------------------------------------------------------------- listing pages

# The listing format's constraints: a title is one line (any character but CR and LF) that is not blank
# once invisible characters are dropped and has at most 300 characters; an abstract is one line that
# looks like an abstract (here: a 200-character sentence is appended to any text), so that the parser's
# shape-based pairing (inputs.listings.abstract_evidence)
# never takes it for the title of a paper without an abstract.
LINE_CHAR = ESCAPER_CHAR.filter(lambda ch: ch not in "\r\n")
TITLES = st.text(LINE_CHAR, min_size=1, max_size=120).filter(lambda t: visible(t) != "")
FILLER = ("We evaluate the method on several public benchmarks against strong baselines, and the experiments "
          "show consistent gains in accuracy and efficiency across settings, datasets and model sizes alike, "
          "with code and data released for every result.")
ABSTRACTS = st.text(LINE_CHAR, max_size=200).map(lambda a: f"{a} {FILLER}")


@st.composite
def listing_pages(draw):
    papers = draw(st.lists(st.tuples(TITLES, ABSTRACTS), min_size=1, max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    gaps = st.integers(min_value=1, max_value=3)
    lines = [*HEADER, "Mar 12"]
    for title, abstract in papers:
        lines += [title, abstract]
    text = ""
    for line in lines:
        text += draw(st.sampled_from(["", " ", "\t"])) + line + draw(st.sampled_from(["", "  "]))
        text += newline * (draw(gaps) + 1)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # a missing final newline is fine
    return papers, text


@SETTINGS
@given(listing_pages())
@example(([("One\u2028Title", FILLER)], "\n\n".join([*HEADER, "Mar 12", "One\u2028Title", FILLER])))
@example(([("Form\x0cfeed\x85NEL\x1eRS", FILLER)], "\n\n".join([*HEADER, "Mar 12", "Form\x0cfeed\x85NEL\x1eRS", FILLER])))
@example(([("Right-to-left \u202eevil", FILLER)], "\n\n".join([*HEADER, "Mar 12", "Right-to-left \u202eevil", FILLER])))
def test_listing_pages_parse_back_to_their_titles_and_abstracts(page):
    papers, text = page
    listings = parse_listing(text, "page.txt")
    assert [(listing.title, listing.abstract) for listing in listings] == [(visible(t), visible(a)) for t, a in papers]
    assert all(listing.date == "Mar 12" and listing.source == "page.txt" for listing in listings)
    # Line numbers point at the title's line as an editor counts lines (CR, LF or CRLF).
    physical = re.split(r"\r\n|\r|\n", text)
    assert all(visible(physical[listing.line - 1]) == listing.title for listing in listings)


@SETTINGS
@given(st.lists(TITLES.filter(lambda t: normalize_title(t) != ""), min_size=1, max_size=12))
def test_deduplication_keeps_one_paper_per_normalized_title_in_first_seen_order(titles):
    text = "\n\n".join([*HEADER, "Mar 12"] + [line for t in titles for line in (t, FILLER)])
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "page.txt").write_text(text, encoding="utf-8", newline="")
        papers = read_raw_files(Path(folder)).papers
    expected = list(dict.fromkeys(normalize_title(visible(t)) for t in titles))
    assert [normalize_title(p.title) for p in papers] == expected


def test_the_filler_looks_like_an_abstract():
    assert abstract_evidence(FILLER) > 5  # prose: a final period and many lowercase words


# ------------------------------------------------------------------------------------------- MyST

# The book's own MyST configuration (tests/fixtures/*/_config.yml: no extensions), and one with every
# extension that leaves text as typed, in case a later edition enables them.
MYST_CONFIGS = {
    "book": [],
    "extensions": ["amsmath", "attrs_inline", "colon_fence", "deflist", "dollarmath", "fieldlist",
                   "html_admonition", "html_image", "strikethrough", "substitution", "tasklist"],
}


def doctree(source: str, extensions: list[str]) -> nodes.document:
    return publish_doctree(source, parser=MystParser(), settings_overrides={
        "myst_enable_extensions": extensions, "report_level": 5, "halt_level": 5, "warning_stream": False})


def content_nodes(document: nodes.document) -> set[str]:
    return {type(n).__name__ for n in document.findall() if n is not document}


@pytest.mark.parametrize("config", sorted(MYST_CONFIGS))
@SETTINGS
@given(st.text(ESCAPER_CHAR, max_size=80))
@example("a|b *c* {cite}`x` <script>alert(1)</script> $m$ [x](javascript:alert(1)) <!-- c -->")
@example("```{raw} html\n<script>alert(1)</script>\n```")
@example("{eval-rst}`.. raw:: html` :::{note}\nx\n::: # H \\| \\\\| (label)= +++ {{ sub }} &amp; &#60;")
def test_myst_text_is_only_text_and_shows_what_it_was_given(config, value):
    escaped = myst.text(value)
    assert "\n" not in escaped
    document = doctree(escaped, MYST_CONFIGS[config])
    assert content_nodes(document) <= {"paragraph", "Text"}
    assert visible(document.astext()) == visible(value)
    table = doctree(f"| A | B |\n|---|---|\n| {escaped or ' '} | end |\n", MYST_CONFIGS[config])
    cells = [entry.astext() for entry in table.findall(nodes.entry)]
    assert len(cells) == 4 and visible(cells[2]) == visible(value) and cells[3] == "end"
    assert {type(n).__name__ for n in table.findall(nodes.Element) if n.parent is not None
            and isinstance(n.parent, nodes.entry)} <= {"paragraph"}
    assert all(isinstance(child, nodes.Text) for p in table.findall(nodes.paragraph) for child in p.children)


URLS = st.one_of(
    st.text(ESCAPER_CHAR, max_size=40),
    st.builds(lambda scheme, rest: scheme + rest,
              st.sampled_from(["http://", "https://", "HTTPS://", "javascript:", "JavaScript:", "data:", "vbscript:", " javascript:"]),
              st.text(ESCAPER_CHAR, max_size=40)),
)


@SETTINGS
@given(st.text(ESCAPER_CHAR, min_size=1, max_size=20).filter(lambda t: visible(t) != ""), URLS)
@example("code", "javascript:alert(1)")
@example("code", "https://github.com/a/b)](javascript:alert(1))")
@example("x>", "https://e.com/<script>")
def test_myst_link_links_only_to_http_and_shows_its_label(label, url):
    document = doctree(myst.link(label, url), [])
    assert content_nodes(document) <= {"paragraph", "Text", "reference"}
    references = list(document.findall(nodes.reference))
    assert len(references) <= 1
    for reference in references:
        target = reference["refuri"]
        assert target.lower().startswith(("http://", "https://")) and url.lower().startswith(("http://", "https://"))
        assert not re.search(r"[\s<>\"`]", target)
    assert visible(document.astext()) == visible(label)


@SETTINGS
@given(st.text(ESCAPER_CHAR, min_size=1, max_size=60).filter(lambda t: t.split()))
@example("Federated learning & 100% {cite}`x` $y$ #1: papers per section")
@example("'quoted' | > - [x] {y} *z &a !b %c @d")
@example("```")
def test_chart_alt_text_reads_back_without_a_warning(title):
    """A chart's PNG carries its title as the `alt` option of an image directive, which MyST reads as YAML."""
    markdown = charts.chart_markdown(charts.Chart("some-chart", title, {}))
    image = markdown[markdown.index("```{image}"):]
    image = image[: image.index("\n```") + 4]  # up to the closing fence (a line of its own)
    warnings = io.StringIO()
    document = publish_doctree(image, parser=MystParser(), settings_overrides={
        "report_level": 2, "halt_level": 5, "warning_stream": warnings})
    [node] = document.findall(nodes.image)
    assert node["alt"] == " ".join(title.split()) and warnings.getvalue() == ""


# ------------------------------------------------------------------------------------------ LaTeX

_CONTEXT = latex2text.get_default_latex_context_db()
_CONTEXT.add_context_category("survey-escapes", prepend=True, macros=[
    MacroTextSpec(name, text) for name, text in [("textbraceleft", "{"), ("textbraceright", "}"), ("textasciicircum", "^"),
                                                 ("textasciitilde", "~"), ("textbackslash", "\\")]])
LATEX_TO_TEXT = LatexNodes2Text(latex_context=_CONTEXT, math_mode="verbatim", strict_latex_spaces=True)
# The escapes latex.escape may write; anything else with a backslash, and any bare %, &, #, _, $, ~ or ^,
# would be LaTeX for a LaTeX reader.
ESCAPES = re.compile(r"\\(?:textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum)\{\}|\\[%&#_${}]|\{@\}|\{\}")


def read_as_bibtex_reader(text: str) -> str:
    """How a reader of the BibTeX sees a field: LaTeX decoded; TeX's quote and dash ligatures (which
    latex.escape keeps on purpose, as typed in abstracts) and composed accents (NFC) normalized."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[?!]`", lambda m: "¿" if m.group()[0] == "?" else "¡", text)
    return " ".join(re.sub(r"``|''|[`'\"“”‘’]", '"', text).replace("—", "---").replace("–", "--").split())


def unescaped_specials(latex: str) -> str:
    """What is left of `latex` once its escapes and its (balanced) grouping braces are taken out."""
    rest = ESCAPES.sub("", latex)
    depth = 0
    for ch in rest:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, f"unbalanced braces in {latex!r}"
    assert depth == 0, f"unbalanced braces in {latex!r}"
    return "".join(ch for ch in rest if ch in "\\%&#_$~^")


@SETTINGS
@given(st.text(ESCAPER_CHAR, max_size=80))
@example(r"\input{/etc/passwd} \write18{rm -rf /} \end{document} % & # _ $ ~ ^ { }} {{")
@example('@misc{evil, title="x"} "quoted", commas')
def test_latex_escape_leaves_no_special_and_reads_back(value):
    for escaped in (escape(value), escape_title(value)):
        assert unescaped_specials(escaped) == ""
        assert "\n" not in escaped and "\x00" not in escaped
        decoded = LATEX_TO_TEXT.latex_to_text(escaped)
        assert read_as_bibtex_reader(visible(decoded)) == read_as_bibtex_reader(visible(value))


PYLATEXENC = latexencode.UnicodeToLatexEncoder(
    conversion_rules=[latexencode.UnicodeToLatexConversionRule(latexencode.RULE_DICT, latex.SPECIALS)],
    unknown_char_policy="keep", unknown_char_warning=False, replacement_latex_protection="none")


@SETTINGS
@given(st.text(max_size=120))
@example("e\u0301 A\u030a \x00\x7f\t\n % & # _ $ ~ ^ { } \\ @ ﬁ 𝔉 Ⅻ")
def test_latex_encoding_is_pylatexencs_with_the_same_rules(value):
    """latex._encode is pylatexenc's encoder with the same rules, without its per-character loop."""
    assert latex._encode(value) == PYLATEXENC.unicode_to_latex(value)


def _papers(**values) -> list[Paper]:
    return [paper(**{"key": "k2024x", "sources": "001.txt", "dates": "Mar 12", **values})]


@SETTINGS
@given(st.text(ESCAPER_CHAR, max_size=80).filter(lambda t: visible(t) != ""), st.text(ESCAPER_CHAR, max_size=300))
@example("@misc{evil, title={x}} \"quoted\", commas, and {braces", "} @string{s = \"v\"} { \\")
@example('}"', '"}')
def test_bibtex_entry_loads_in_bibtexparser_and_pybtex_with_the_escaped_text(title, abstract):
    text = to_bibtex(_papers(title=title, abstract=abstract))
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.key == "k2024x" and entry["title"] == escape_title(title)
    if visible(abstract):
        assert entry["abstract"] == escape(abstract)
    data = pybtex.database.parse_string(text, "bibtex")
    assert list(data.entries) == ["k2024x"]
    assert data.entries["k2024x"].fields["title"] == escape_title(title)


# ------------------------------------------------------------------------------------------- keys

AUTHORS = st.lists(st.text(ANY_CHAR, max_size=30), max_size=3).map(tuple)
YEARS = st.one_of(st.just(""), st.integers(min_value=1900, max_value=2099).map(str))


@SETTINGS
@given(st.text(ANY_CHAR, max_size=80), AUTHORS, YEARS)
@example("", (), "")
@example("../../etc/passwd", ("O'Brien, Jr.",), "2024")
@example("深度学习 🚀", ("李 明",), "2024")
def test_base_key_is_a_non_empty_plain_identifier(title, authors, year):
    assert re.fullmatch(r"[a-z0-9-]+", base_key(title, authors, year))


@SETTINGS
@given(st.lists(st.tuples(st.text(ANY_CHAR, min_size=1, max_size=40), AUTHORS, YEARS), min_size=1, max_size=8)
       .map(lambda papers: list({normalize_title(t): (t, a, y) for t, a, y in papers if normalize_title(t)}.values()))
       .filter(bool))
def test_distinct_papers_get_distinct_keys(papers):
    keys = assign_keys(papers)
    assert len(set(keys)) == len(keys) == len(papers)
    assert all(re.fullmatch(r"[a-z0-9]+(-[0-9a-f]+)?", key) for key in keys)
    assert assign_keys(papers[::-1]) == keys[::-1]  # no key depends on input order


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1,
                        max_size=40), max_size=60), st.integers(min_value=1, max_value=120))
@SETTINGS
def test_myst_lines_are_textwrap_s_lines(words, width):
    """myst.lines breaks a single-spaced paragraph exactly where textwrap.wrap would (no long word broken)."""
    import textwrap

    markup = " ".join(words)
    assert myst.lines(markup, width) == (textwrap.wrap(markup, width=width, break_long_words=False,
                                                       break_on_hyphens=False) or [""])
