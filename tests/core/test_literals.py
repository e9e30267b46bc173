"""core.literals: one pass over a text finds exactly the literals a substring test per literal finds; the
literals read off a regex occur in every match; a guarded search answers as the plain search."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.core.literals import Guarded, Literals, required_literals

ALPHABET = st.sampled_from(list("abAB -é深\n"))  # few characters: literals overlap, nest and repeat


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=4), max_size=12), st.text(ALPHABET, max_size=40))
def test_found_equals_a_substring_test_per_literal(literals, text):
    assert Literals(literals).found(text) == {i for i, literal in enumerate(literals) if literal in text}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=4), max_size=12), st.text(ALPHABET, max_size=40))
def test_occurrences_are_every_position_of_every_literal(literals, text):
    expected = {(start, start + len(literal), i) for i, literal in enumerate(literals) if literal
                for start in range(len(text)) if text.startswith(literal, start)}
    found = {(start, end, i) for start, end, positions in Literals(literals).occurrences(text) for i in positions}
    assert found == expected


def test_overlapping_nested_repeated_and_empty_literals():
    literals = Literals(["VITON", "VITON-HD", "ON-H", "", "VITON", "absent"])
    assert literals.found("TED-VITON-HD") == {0, 1, 2, 3, 4}
    assert Literals([]).found("anything") == set()


PATTERNS = [r"abc", r"\b(we|our|us)\b", r"^(x|y)z+", r"(ab)?cd", r"a|b[0-9]", r"(?=look)ahead", r"\bfrom \d",
            r"(in this|this) (paper|work)", r"x{2,3}y", r"(a|)b", r"[^.]{0,4}q"]


def guarded_patterns() -> list[Guarded]:
    """Every guarded regex of the pipeline."""
    from survey.analysis import quotes, roles, synthesis

    modules = [vars(quotes).values(), vars(synthesis).values(), vars(roles).values(),
               [cue for _, *cues in roles.TYPE_CUES for cue in cues]]
    found = [value for values in modules for value in values if isinstance(value, Guarded)]
    assert len(found) >= 15
    return found


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_match_holds_a_required_literal(data):
    """required_literals is exact as a filter: any text the regex matches holds one of the literals (for a
    case-insensitive regex: an ASCII text, lower-cased)."""
    from survey.analysis.roles import CUES

    patterns = [re.compile(p) for p in PATTERNS] + [re.compile(p, re.IGNORECASE) for p in PATTERNS] + \
        list(CUES.values()) + [g.pattern for g in guarded_patterns()]
    pattern = data.draw(st.sampled_from(patterns))
    required = required_literals(pattern)
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    if required is None or (pattern.flags & re.IGNORECASE and not text.isascii()):
        return
    probe = text.lower() if pattern.flags & re.IGNORECASE else text
    assert any(literal in probe for literal in required), (pattern.pattern, text, required)


def test_required_literals_of_simple_patterns():
    assert required_literals(re.compile(r"\b(we|our|us)\b")) == {"we", "our", "us"}
    assert required_literals(re.compile(r"(ab)?cd")) == {"cd"}
    assert required_literals(re.compile(r"(a|)b")) == {"b"}  # the optional branch requires nothing: b does
    assert required_literals(re.compile(r"[ab]+")) is None
    assert required_literals(re.compile(r"Word|NEST", re.IGNORECASE)) == {"word", "nest"}
    assert required_literals(re.compile("straße", re.IGNORECASE)) is None  # beyond ASCII: lower() is not re's folding


def test_guarded_search_beyond_ascii_is_the_plain_search():
    """Where re's case folding and str.lower part (ſ/s, İ/i, K/k), the regex still decides."""
    for pattern, text in [("survey", "a ſurvey"), ("inverse", "İNVERSE"), ("kernel", "\u212aernel"), ("survey", "SURVEY")]:
        guarded = Guarded(re.compile(pattern, re.IGNORECASE))
        assert guarded.search(text) and guarded.search(text).span() == guarded.pattern.search(text).span(), (pattern, text)
    assert Guarded(re.compile("survey", re.IGNORECASE)).search("a review") is None


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_guarded_search_of_mixed_case_ascii_equals_the_plain_search(data):
    """A case-insensitive pattern searched case-sensitively in the lower-cased text (Guarded) finds the same
    span as the plain search, in generated matches with their letters' case flipped at random."""
    patterns = [g.pattern for g in guarded_patterns()] + [re.compile(p, re.IGNORECASE) for p in PATTERNS]
    pattern = data.draw(st.sampled_from(patterns))
    text = data.draw(st.from_regex(pattern, alphabet=st.characters(min_codepoint=32, max_codepoint=126)))
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    text = "".join(c.swapcase() if flip else c for c, flip in zip(text, flips))
    plain, found = pattern.search(text), Guarded(pattern).search(text)
    assert (found and found.span()) == (plain and plain.span()), (pattern.pattern, text)


def test_patterns_that_name_upper_case_or_beyond_ascii_are_not_folded():
    """An escaped capital, a capital range, a flag turned off in a group or a character that folds to ASCII
    ("ſ" is "s" to IGNORECASE): lower-casing the text would lose these matches, so the plain search decides."""
    for pattern, text in [(r"\x41b", "ab"), (r"[A-Z]x", "ax"), (r"(?-i:A)b", "Ab"), ("ſurvey", "survey"),
                          (r"\N{LATIN CAPITAL LETTER A}b", "ab"), (r"[ -~]z", "Az")]:
        guarded = Guarded(re.compile(pattern, re.IGNORECASE))
        plain = guarded.pattern.search(text)
        assert plain is not None and guarded.search(text).span() == plain.span(), (pattern, text)
    assert Guarded(re.compile(r"\bwe (train|learn)\b", re.IGNORECASE)).search("So WE Train it").span() == (3, 11)


def test_guarded_search_equals_search_on_every_real_sentence():
    """Every sentence, title and abstract of the real corpus: the same match (or none) as the plain regex."""
    from pathlib import Path

    from survey.analysis.sentences import sentence_spans
    from survey.pipeline import corpus_papers

    texts = []
    for paper in corpus_papers(Path(__file__).resolve().parents[2]):
        texts += [paper.title, paper.abstract] + [paper.abstract[a:b] for a, b in sentence_spans(paper.abstract)]
    matched = 0
    for guarded in guarded_patterns():
        for text in texts:
            plain = guarded.pattern.search(text)
            found = guarded.search(text)
            assert (found and found.span()) == (plain and plain.span()), (guarded.pattern.pattern, text)
            matched += plain is not None
    assert matched > 100  # the patterns do match real text: the equality is not only of Nones
