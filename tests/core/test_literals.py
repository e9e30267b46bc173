"""core.literals: one pass over a text finds exactly the literals a substring test per literal finds."""
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.core.literals import Literals

ALPHABET = st.sampled_from(list("abAB -é深\n"))  # few characters: literals overlap, nest and repeat


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=4), max_size=12), st.text(ALPHABET, max_size=40))
def test_found_equals_a_substring_test_per_literal(literals, text):
    assert Literals(literals).found(text) == {i for i, literal in enumerate(literals) if literal in text}


def test_overlapping_nested_repeated_and_empty_literals():
    literals = Literals(["VITON", "VITON-HD", "ON-H", "", "VITON", "absent"])
    assert literals.found("TED-VITON-HD") == {0, 1, 2, 3, 4}
    assert Literals([]).found("anything") == set()


PATTERNS = [r"abc", r"\b(we|our|us)\b", r"^(x|y)z+", r"(ab)?cd", r"a|b[0-9]", r"(?=look)ahead", r"\bfrom \d",
            r"(in this|this) (paper|work)", r"x{2,3}y", r"(a|)b", r"[^.]{0,4}q"]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_every_match_holds_a_required_literal(data):
    """required_literals is exact as a filter: any text the regex matches holds one of the literals."""
    import re

    from survey.analysis.roles import CUES
    from survey.core.literals import required_literals

    pattern = data.draw(st.sampled_from([re.compile(p) for p in PATTERNS] + list(CUES.values())))
    required = required_literals(pattern)
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert required is None or any(literal in text for literal in required), (pattern.pattern, text, required)


def test_required_literals_of_simple_patterns():
    import re

    from survey.core.literals import required_literals

    assert required_literals(re.compile(r"\b(we|our|us)\b")) == {"we", "our", "us"}
    assert required_literals(re.compile(r"(ab)?cd")) == {"cd"}
    assert required_literals(re.compile(r"(a|)b")) == {"b"}  # the optional branch requires nothing: b does
    assert required_literals(re.compile(r"[ab]+")) is None
    assert required_literals(re.compile(r"word", re.IGNORECASE)) is None
