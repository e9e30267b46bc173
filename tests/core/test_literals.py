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
