"""core.patterns: which of several regexes match a text is exactly what `search` per regex says, whether
Hyperscan or `re` reads the text (real sentences, generated texts, patterns Hyperscan cannot read)."""
import csv
import re
from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.analysis.roles import CUES
from survey.core.patterns import PatternSet
from tests.helpers import ROOT


def searched(patterns, texts) -> np.ndarray:
    """The reference: `search` of every pattern on every text."""
    return np.array([[bool(p.search(t)) for p in patterns] for t in texts], dtype=bool).reshape(len(texts), len(patterns))


CUE_SET = PatternSet(list(CUES.values()))  # made once: a database takes a few tenths of a second to compile


def real_sentences() -> list[str]:
    with (ROOT / "data" / "sentences.csv").open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def test_the_sentence_cues_of_every_real_sentence():
    """Lower-cased, as the role features read them; some hold Greek or accented letters (read by `re`)."""
    texts = [t.lower() for t in real_sentences()]
    cues = CUE_SET
    assert cues._scanner.gate.patterns == ()  # Hyperscan reads every cue
    assert len(texts) > 3000 and any(not t.isascii() for t in texts)
    found = cues.hits(texts)
    assert np.array_equal(found, searched(cues.patterns, texts))
    assert found.any(axis=0).all()  # every cue matches some sentence


# Pieces of the cues and their neighbours: words they name, the characters their classes and boundaries
# turn on (digits, hyphens, dots, commas, line breaks), upper case, and characters on which the two engines
# would differ if Hyperscan read them (accented, Kelvin sign, long s, control characters).
PIECES = ["we", "our", "us", "propose", "this paper", "code", "is", "available", "released", "http", "s", ":", "www",
          ".", ",", "io", "com", "github", "show", "results", "experiments", "to address", "however", "1", "2.5",
          "%", "x", "×", "times", "from ", "future work", "can", "-", "_", " ", " ", "\n", "\t", "\r", "We", "WE",
          "é", "K", "ſ", "\x1c", "\x0b", "\f", "\x85", "a", "1st", "(", ")", "'"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_generated_texts_match_the_cues_as_search_does(texts):
    assert np.array_equal(CUE_SET.hits(texts), searched(CUE_SET.patterns, texts))


EDGES = [re.compile(p, f) for p, f in [
    (r"\bwe\b", 0), (r"HELLO", re.IGNORECASE), (r"[a-z]+ing\b", re.IGNORECASE), (r"^(x|y)z+", 0),
    (r"abc$", 0), (r"abc$", re.MULTILINE),  # end of text or before a final line break, to both engines
    (r"abc\Z", 0), (r"(?<=a)b", 0), (r"(a)\1", 0), (r"(?>ab)c", 0),  # beyond Hyperscan, or meant otherwise
    (r"x*", 0),  # matches nothing as well: every text
    (r"caf\u00e9", 0), (r"café", 0), (r"^b", re.MULTILINE), (r"a.c", re.DOTALL), (r"a.c", 0),
    (r"\d{2,3}\s\w", 0), (r"[^.]{0,5}q", 0), (r"\Bing", 0), (r"caſe", re.IGNORECASE), (r"[^×]b", 0)]]
EDGE_SET = PatternSet(EDGES)
EDGE_TEXTS = st.lists(st.sampled_from(["we", "hello", "HeLLo", "singing", "x", "yzz", "abc", "ab", "aa", "c", "b",
                                       "café", "caf", "é", "\n", "\r", " ", ".", "12", "345", "q", "ing", "K", "ſ",
                                       "\x1c", "\t", "case", "CASE", "caſe", "×"]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(EDGE_TEXTS, min_size=1, max_size=5))
def test_patterns_hyperscan_cannot_read_alike_are_searched(texts):
    assert np.array_equal(EDGE_SET.hits(texts), searched(EDGES, texts))


def test_which_patterns_hyperscan_reads():
    searched_by_re = EDGE_SET._scanner.gate.patterns
    assert [EDGES[i].pattern for i in searched_by_re] == [
        r"abc$", r"abc\Z", r"(?<=a)b", r"(a)\1", r"(?>ab)c", r"caf\u00e9", r"^b", r"a.c", r"caſe"]
    assert EDGES[searched_by_re[0]].flags & re.MULTILINE  # the other abc$ is Hyperscan's
    assert np.flatnonzero(EDGE_SET.hits(["abc\n"])[0]).tolist() == [i for i, p in enumerate(EDGES) if p.search("abc\n")]
    assert PatternSet([]).hits(["text"]).shape == (1, 0)


@cache
def pipeline_pattern_sets() -> list[PatternSet]:
    """Every PatternSet the pipeline defines (the roles' cues), twice: read by Hyperscan from the first
    text, and by `re` only."""
    from survey.analysis import roles

    found = [value for value in vars(roles).values() if isinstance(value, PatternSet)]
    assert len(found) >= 2
    return [PatternSet(p.patterns, scan_from=first) for p in found for first in (0, 10**9)]


def real_lines() -> list[str]:
    """The titles and abstracts of the real listing pages."""
    return [line for path in sorted((ROOT / "data" / "raw").glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_pattern_set_of_the_pipeline_on_real_text():
    """Titles and abstracts, and the sentences lower-cased (as the cues read them). `search` runs once per
    set of patterns."""
    texts = real_lines() + [s.lower() for s in real_sentences()]
    expected: dict[tuple, np.ndarray] = {}
    for patterns in pipeline_pattern_sets():
        if patterns.patterns not in expected:
            expected[patterns.patterns] = searched(patterns.patterns, texts)
        found = patterns.hits(texts)
        assert np.array_equal(found, expected[patterns.patterns])
        assert found.any()


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_pattern_set_of_the_pipeline_on_texts_drawn_from_its_patterns(data):
    """Texts made to match one of the patterns (hypothesis draws them from the regex), cut and joined with
    pieces on which the engines would differ: each pattern's answer is `search`'s."""
    sets = pipeline_pattern_sets()
    patterns = data.draw(st.sampled_from(sets))
    drawn = data.draw(st.lists(st.from_regex(data.draw(st.sampled_from(patterns.patterns))), min_size=1, max_size=3))
    cut = data.draw(st.lists(st.integers(0, 40), min_size=len(drawn), max_size=len(drawn)))
    texts = drawn + [text[:at] + data.draw(TEXTS) for text, at in zip(drawn, cut)] + [" ".join(drawn).upper()]
    assert np.array_equal(patterns.hits(texts), searched(patterns.patterns, texts))


def test_re_reads_until_scan_from_texts_were_read_then_hyperscan():
    patterns = PatternSet(list(CUES.values()), scan_from=4)
    texts = [t.lower() for t in real_sentences()[:10]]
    rows = [patterns.hits([text])[0] for text in texts[:4]]
    assert "_scanner" not in vars(patterns)  # not compiled yet
    rows += [patterns.hits([text])[0] for text in texts[4:]]
    assert "_scanner" in vars(patterns)
    assert np.array_equal(np.array(rows), searched(patterns.patterns, texts))
