"""LaTeX escaping of corpus text (for BibTeX fields), as pylatexenc's encoder does it.

Only LaTeX's special ASCII characters are replaced; other Unicode is kept as UTF-8, which biber,
pandoc, Zotero, JabRef and xelatex all read. A brace that has its partner becomes `\\{` or `\\}` (which
pandoc and biber read back as a brace); a lone one becomes a command (`\\textbraceleft{}`), because
BibTeX counts every brace, escaped or not, when it looks for the end of a field. Straight double quotes
become TeX's opening and closing quotes (``...''), which BibTeX, biber, pybtex and pandoc all read as
“...”.
"""
from __future__ import annotations

import functools
import re
import unicodedata

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
    ord("@"): "{@}",
}
# Stand-ins for the two kinds of double quote and for paired braces while the text is encoded
# (private-use characters).
_OPEN, _CLOSE, _LEFT, _RIGHT = "\ue000", "\ue001", "\ue002", "\ue003"
# Control characters, Unicode format characters (e.g. a right-to-left override) and the stand-ins
# carry no text.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000-\ue003]")
# A straight double quote opens a quotation at the start, after a space, an opening bracket or a dash;
# anywhere else it closes one.
OPENING_QUOTE = re.compile(r'(?:^|(?<=[\s(\[{<\-/‘“–—]))"')
# Words whose capitalisation matters: an inner capital or digit (CatVTON, MoE, LoRA, GPT-4, 3D), or a
# capital after a symbol inside the word (N:M).
KEEP_CASE = re.compile(r"\S*(?:[A-Za-z][A-Z]|[A-Z]\d|\d[A-Za-z]|[A-Za-z0-9][^\sA-Za-z0-9\-'’][A-Z])\S*")
# Names that bibliography styles must not lowercase when they set a title in sentence case.
PROPER_NOUNS = frozenset("""
    Bayes Bayesian Bernoulli Boltzmann Byzantine Carlo Dirichlet Euclidean Fisher Fourier Gaussian
    Gaussians Gibbs Gromov Hamiltonian Hessian Hilbert Itô Kalman Kullback Lagrangian Langevin Laplace
    Laplacian Leibler Lipschitz Lyapunov Mamba Markov Markovian Monte Nash Nesterov Newton Pareto
    Poisson Riemannian Shapley Stein Wasserstein
""".split())
PROPER_PHRASES = frozenset({("Stable", "Diffusion"), ("Segment", "Anything")})
# A hyphen-separated part of a word: leading punctuation, the letters and digits, trailing punctuation.
_PART = re.compile(r"^(\W*)(\w+?)([\W_]*)$")
_PUNCTUATION = ".,:;!?()" + _OPEN + _CLOSE


def _mark_paired_braces(text: str) -> str:
    if "{" not in text or "}" not in text:  # no pair: most fields, which the loop below would copy char by char
        return text
    chars = list(text)
    opened: list[int] = []
    for index, char in enumerate(chars):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            chars[opened.pop()], chars[index] = _LEFT, _RIGHT
    return "".join(chars)


def _clean(text: str) -> str:
    """One line, single-spaced, invisible characters removed, double quotes marked open or close,
    paired braces marked."""
    text = INVISIBLE.sub("", " ".join(text.split()))
    if '"' in text:  # the quote search tries a lookbehind at every position: only where there is a quote
        text = OPENING_QUOTE.sub(_OPEN, text).replace('"', _CLOSE)
    return _mark_paired_braces(text)


_QUOTE_NEXT_TO_QUOTE = re.compile(f"(?<=[`'])(?=[{_OPEN}{_CLOSE}])|(?<=[{_OPEN}{_CLOSE}])(?=[`'])")


def _finish(latex: str) -> str:
    """The marked quotes as TeX quotes, kept apart from a neighbouring single quote or backtick; the
    marked braces as escaped braces."""
    if _OPEN in latex or _CLOSE in latex:  # the search tries two lookarounds at every position
        latex = _QUOTE_NEXT_TO_QUOTE.sub("{}", latex)
    return latex.replace(_OPEN, "``").replace(_CLOSE, "''").replace(_LEFT, r"\{").replace(_RIGHT, r"\}")


# The characters SPECIALS replaces: found by a regex scan, which is several times faster than
# str.translate's lookup of every character in a text that holds few of them (most fields hold none).
SPECIAL = re.compile("[" + re.escape("".join(map(chr, SPECIALS))) + "]")


def _special(match: re.Match[str]) -> str:
    return SPECIALS[ord(match.group())]


def _encode(text: str) -> str:
    """What pylatexenc's UnicodeToLatexEncoder gives with SPECIALS as its only rules and every other
    character kept (NFC, then each special replaced); tests/formats/test_escaping_properties.py holds the
    two equal on arbitrary text. pylatexenc's own loop takes ~0.3 ms a field, most of a 10,000-paper BibTeX
    file's time."""
    return SPECIAL.sub(_special, unicodedata.normalize("NFC", text))


def escape(text: str) -> str:
    """Plain text as LaTeX source that typesets the same characters and runs no command."""
    return _finish(_encode(_clean(text)))


@functools.lru_cache(maxsize=1 << 18)
def _word_pieces(word: str, first: bool) -> tuple[tuple[str, bool], ...]:
    """A word as (text, keep case) pieces: the whole word when its case matters (CatVTON, a leading
    method name such as Stable-Hair:), else its hyphen-separated names and lone capitals (Top-K, W_+;
    the article "A" is no name). Cached: titles share most of their words."""
    if KEEP_CASE.fullmatch(word) or (first and "-" in word and word.endswith(":")):
        return ((word, True),)
    pieces: list[tuple[str, bool]] = []
    for number, part in enumerate(word.split("-")):
        if number:
            pieces.append(("-", False))
        match = _PART.match(part)
        core = match.group(2) if match else ""
        lone_capital = len(core) == 1 and core.isupper() and not (core == "A" and word.strip(_PUNCTUATION) == "A")
        if match and (core in PROPER_NOUNS or lone_capital):
            pieces += [(match.group(1), False), (core, True), (match.group(3), False)]
        else:
            pieces.append((part, False))
    return tuple(pieces)


def _marked_title_pieces(marked: str) -> list[tuple[str, bool]]:
    words = marked.split()
    pieces: list[tuple[str, bool]] = []
    index = 0
    while index < len(words):
        if index:
            pieces.append((" ", False))
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if (word.lstrip(_PUNCTUATION), following.rstrip(_PUNCTUATION)) in PROPER_PHRASES:
            pieces.append((f"{word} {following}", True))
            index += 2
        else:
            pieces += _word_pieces(word, index == 0)
            index += 1
    merged: list[tuple[str, bool]] = []  # adjacent plain pieces joined, empty ones dropped
    for text, keep in pieces:
        if merged and not keep and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + text, False)
        elif text:
            merged.append((text, keep))
    return merged


@functools.lru_cache(maxsize=1 << 18)
def _title_marks(title: str) -> tuple[tuple[str, bool], ...]:
    """The title's marked pieces, found once per title: the BibTeX entry and the CSL-JSON item both
    write them. The BibTeX stage reads every title before CSL-JSON reads them again, so the cache holds a
    title per paper (up to 262,144; about 4 MB per 10,000 papers): at 65,536, 100,000 papers' titles
    pushed each other out and were all marked twice (8 s)."""
    return tuple(_marked_title_pieces(_clean(title)))


_PLAIN = str.maketrans({_OPEN: '"', _CLOSE: '"', _LEFT: "{", _RIGHT: "}"})


def title_pieces(title: str) -> list[tuple[str, bool]]:
    """The title, single-spaced, as (text, keep case) pieces: the words and names whose
    capitalisation a bibliography style must not change (CatVTON, MoE, GPT-4, N:M, Gaussian, Top-K,
    Stable Diffusion). BibTeX braces them; CSL-JSON wraps them in <span class="nocase">."""
    return [(text.translate(_PLAIN), keep) for text, keep in _title_marks(title)]


def escape_title(title: str) -> str:
    """Escaped title with case-sensitive words braced so bibliography styles keep their case."""
    return _finish("".join(f"{{{_encode(text)}}}" if keep else _encode(text) for text, keep in _title_marks(title)))
