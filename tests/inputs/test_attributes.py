"""inputs.attributes: every pattern of data/attributes.yml matches whole words only, read in one scan of a
text for all of them (core.patterns): the values found are those of the rule as first written, a search
for the pattern followed by no word character, from each start that no word character precedes."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.inputs.attributes import load_attributes, match
from survey.model.table import read_csv
from tests.helpers import ROOT

ATTRIBUTES = load_attributes(ROOT / "data" / "attributes.yml")
PREFIX, SUFFIX = r"(?:^|\W)(?:", r")(?:\W|$)"
WORD = re.compile(r"\w")


def bodies() -> list[tuple[int, int, str, bool]]:
    """(attribute, value, the pattern as the editor's rules made it, casefolded?) of every pattern."""
    out = []
    for a, attribute in enumerate(ATTRIBUTES.attributes):
        for v, value in enumerate(attribute.values):
            for compiled in value._compiled:
                source = compiled.regex.pattern
                assert source.startswith(PREFIX) and source.endswith(SUFFIX)
                out.append((a, v, source[len(PREFIX):-len(SUFFIX)], compiled.folded))
    return out


BODIES = bodies()
FIRST_RULE = [(a, v, re.compile(f"(?:{body})(?!\\w)"), folded) for a, v, body, folded in BODIES]


def first_rule(text: str) -> set[tuple[int, int]]:
    """The values found by the rule as first written (before Hyperscan read the patterns)."""
    folded_text = text.casefold()
    found = set()
    for a, v, regex, folded in FIRST_RULE:
        searched, start = folded_text if folded else text, 0
        while (hit := regex.search(searched, start)) is not None:
            if hit.start() == 0 or not WORD.match(searched, hit.start() - 1):
                found.add((a, v))
                break
            start = hit.start() + 1
    return found


def read_by(scan_from: int) -> None:
    """From now on ATTRIBUTES' patterns are read by Hyperscan (0) or by `re` only (a large number)."""
    for patterns, _ in ATTRIBUTES._sets:
        patterns.scan_from = scan_from


@pytest.mark.parametrize("scan_from", [0, 10**9])
def test_every_real_paper_gets_the_values_of_the_first_rule(scan_from):
    read_by(scan_from)
    papers = read_csv(ROOT / "data" / "papers.csv")
    texts = [f"{p.title}\n{p.abstract}" for p in papers]
    assert len(ATTRIBUTES._sets[0][0].patterns) + len(ATTRIBUTES._sets[1][0].patterns) == len(BODIES) > 150
    found = [ATTRIBUTES._found(text, text.casefold()) for text in texts]
    assert found == [first_rule(text) for text in texts]
    assert sum(map(len, found)) > 300
    assert all(match(ATTRIBUTES, p.title, p.abstract) == dict(p.attributes) for p in papers)  # the published table


GLUE = st.sampled_from(["", " ", "x", "X", "_", "1", "-", "é", "\n", ".", "(", "s", "es", "ſ", "\x1c"])


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_texts_drawn_from_the_patterns_with_any_neighbours(data):
    """A text a pattern matches, glued to letters, digits, underscores, separators or characters only `re`
    reads, possibly upper-cased, inside another: the same values as the first rule, by either engine."""
    read_by(data.draw(st.sampled_from([0, 10**9])))
    _, _, body, folded = data.draw(st.sampled_from(BODIES))
    core = data.draw(st.from_regex(re.compile(body), fullmatch=True))
    text = data.draw(GLUE) + (core.upper() if data.draw(st.booleans()) else core) + data.draw(GLUE)
    for candidate in (text, f"A {text} b", text.title()):
        assert ATTRIBUTES._found(candidate, candidate.casefold()) == first_rule(candidate)
