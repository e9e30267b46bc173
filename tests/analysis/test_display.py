"""Readable text from LaTeX residue (analysis.display): known macros decoded, math kept readable, unknown
macros visibly as typed, plain text untouched, never an exception."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.analysis.display import KNOWN_MACROS, TRIGGER_CHARS, _chunks, _decode, display_text, needs_processing

BRIEF_CASES = [
    (r"ART$\cdot$V: Auto-Regressive Text-to-Video Generation", "ART·V: Auto-Regressive Text-to-Video Generation"),
    (r"ART\cdotV: Auto-Regressive", "ART·V: Auto-Regressive"),
    (r"Joint-Image Diffusion (\jedi", r"Joint-Image Diffusion (\jedi"),
    (r"118\times", "118×"),
    (r"118\times lower", "118× lower"),
    (r"runs in $O(n^2)$ time", "runs in O(n²) time"),
    (r"$O(n \log n)$", "O(n log n)"),
    (r"Sch{\"o}lkopf", "Schölkopf"),
    (r"G\"odel and Erd\H{o}s", "Gödel and Erdős"),
    (r"Fran\c{c}ois, Pe\~na, \v{S}koda", "François, Peña, Škoda"),
    (r"Search \& Rescue", "Search & Rescue"),
    (r"50\% faster", "50% faster"),
    (r"scalar {\alpha}", "scalar α"),
    (r"It\^o calculus", "Itô calculus"),
    (r"$\{0, 1\}$", "{0, 1}"),
    (r"$\mathbb{R}^3 \times S^2$", "ℝ³ × S²"),
    (r"$\mathbf{3.56}$ FID", "3.56 FID"),
    (r"$\ell_1$ ball", "ℓ₁ ball"),
    (r"\textbf{Bold} and \emph{\jedi}", r"Bold and \jedi"),
    (r"{\em emphasis} here", "emphasis here"),
    (r"\url{https://x.org/a_b}", "https://x.org/a_b"),
    (r"a~b", "a b"),
    (r"\alpha\beta \gamma", "αβ γ"),
    (r"\alpha{}x", "αx"),
    (r"\sysname{} is", r"\sysname{} is"),
    # non-LaTeX characters survive when LaTeX is present elsewhere
    (r"5% of $\alpha$, x_1, A & B, 2--3, #1, ``q''", "5% of α, x_1, A & B, 2--3, #1, ``q''"),
    # dollar signs that are not math
    (r"costs $5 and $10 \& more", "costs $5 and $10 & more"),
    (r"costs $5", "costs $5"),
    # malformed input: kept as typed
    ("a \\", "a \\"),
    ("{", "{"),
    ("}}}{{", "}}}{{"),
    (r"\verb|x|", r"\verb|x|"),
    (r"\begin{foo} x", r"\begin{foo} x"),
]


@pytest.mark.parametrize("text,expected", BRIEF_CASES)
def test_latex_becomes_text(text, expected):
    assert display_text(text) == expected


def test_the_real_corpus_residue_is_decoded():
    """Residue that reached the survey's abstracts with its backslash (data/raw)."""
    assert display_text(r"while incurring 118\times lower cost") == "while incurring 118× lower cost"
    assert display_text(r"a new scalable It\^o density estimator") == "a new scalable Itô density estimator"
    assert display_text(r"Feed-Forward Network~(FFN) and") == "Feed-Forward Network (FFN) and"
    assert display_text(r"by up to 40.6\% while, \eg, in {0, 1}") == "by up to 40.6% while, e.g., in {0, 1}"


def test_empty_and_deterministic():
    assert display_text("") == ""
    s = r"ART$\cdot$V $\alpha$ \jedi {\"o}"
    assert len({display_text(s) for _ in range(20)}) == 1


PLAIN = st.text(alphabet=st.characters(blacklist_characters="".join(TRIGGER_CHARS), blacklist_categories=("Cs",)))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="\\${}~^%_&#abc xyz0'\"-`@", max_size=40))
def test_never_raises(s):
    assert isinstance(display_text(s), str)


@settings(max_examples=300)
@given(PLAIN)
def test_plain_text_is_unchanged(s):
    assert display_text(s) == s


SYMBOLS = ["cdot", "times", "alpha", "beta", "sim", "leq", "pm", "infty", "ell", "lambda", "approx", "sigma"]
ACCENTED = [r'\"o', r"\'e", r"\^o", r"\`a", r"\~n", r"\c{c}", r'{\"u}', r"\v{s}", r"\H{o}"]
ESCAPES = [r"\%", r"\&", r"\_", r"\#", r"\$"]
WORDS = ["a", "ART", "V", "118", "(", ")", ",", " ", "-", "x", "2", "%", "_"]
assert all(s in KNOWN_MACROS for s in SYMBOLS + ["eg", "ie", "textbf", "emph"])
TOKEN = st.one_of(
    st.sampled_from(["\\" + s + " " for s in SYMBOLS]), st.sampled_from(["{\\" + s + "}" for s in SYMBOLS]),
    st.sampled_from(["$\\" + s + "$" for s in SYMBOLS]), st.sampled_from(ACCENTED), st.sampled_from(ESCAPES),
    st.sampled_from(WORDS), st.sampled_from(WORDS).map(lambda w: r"\textbf{" + w + "}"))
KNOWN = re.compile(r"\\(" + "|".join(sorted(SYMBOLS + ["textbf", '"', "'", "^", "`", "~", "c", "v", "H"],
                                            key=len, reverse=True)) + r")(?![A-Za-z])")


@settings(max_examples=300)
@given(st.lists(TOKEN, max_size=12).map("".join))
def test_no_known_macro_survives(s):
    out = display_text(s)
    assert not KNOWN.search(out) and not re.search(r"\\[%&_#$]", out), (s, out)


@settings(max_examples=200)
@given(PLAIN, st.sampled_from([r"\alpha", r'{\"o}', r"\%", r"$x^2$", r"\jedi"]), PLAIN)
def test_text_around_latex_is_kept(a, latex, b):
    out = display_text(a + latex + b)
    assert out.startswith(a) and out.endswith(b), (a, latex, b, out)


def test_the_survey_shows_text_not_residue():
    """The generated table (what every page and export is made from): the residue of issue #15 is gone."""
    from tests.builders import real_papers

    papers = {p.title: p for p in real_papers()}
    text = "\n".join(f"{p.title}\n{p.abstract}\n{p.summary}" for p in papers.values())
    assert "ART·V: Auto-Regressive Text-to-Video Generation with Diffusion Models" in papers
    assert "Joint-Image Diffusion (JeDi)" in text and "118× lower cost" in text and "46.7×" in text
    for residue in ("ARTcdotV", "\\jedi", "\\times", "\\sysname", "46.7times", "lambda-ECLIPSE", "\\%", "It\\^o"):
        assert residue not in text, residue


def _whole(text: str) -> str:
    """The slow path: the whole string parsed at once (what display_text did before it parsed chunks)."""
    if not needs_processing(text):
        return text
    out = _decode(text)
    return text if out is None else out


def test_chunks_equal_the_whole_string_on_every_real_title_and_abstract():
    from survey.pipeline import corpus_papers
    from tests.builders import ROOT

    texts = [t for p in corpus_papers(ROOT) for t in (p.title, p.abstract) if needs_processing(t)]
    assert texts
    assert any(len(_chunks(t) or ()) > 1 for t in texts)  # the fast path is taken
    for text in texts:
        assert display_text(text) == _whole(text), text


CHUNK_LATEX = [r"\alpha", r"\times", "$", "{", "}", "~", "^", "%", r"\%", r"\emph", r"\frac", r"\href", r"\sqrt",
               "[", "]", '\\"', r"\jedi", "\\ ", "\\", r"\{", r"\}", r"\~", r"\textbf", r"\cdotV", "$x^2$",
               r"$\alpha$", r"\eg", r"\em", "{}", "\\é", r"\(", r"\)", "$$", r"\begin{x}", r"\url", "*", "\n\n"]
CHUNK_PLAIN = [" ", " ", "  ", "\t", "\n", "a", "word", "o", "1", "x", "(", ")", "é", "b.", "_", "&"]


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(CHUNK_LATEX), st.sampled_from(CHUNK_PLAIN), st.sampled_from(CHUNK_PLAIN)),
                max_size=30).map("".join))
def test_chunks_equal_the_whole_string_on_random_latex(s):
    assert display_text(s) == _whole(s), s
