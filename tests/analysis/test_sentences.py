"""analysis.sentences: the spans equal those of reading each whole piece for an abbreviation after cutting
at every boundary found by a lookbehind (the plain algorithm, kept here as the reference) on every real
abstract and on generated ones."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.analysis.sentences import ABBREVIATION, sentence_spans

BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[])")  # the whitespace after . ! or ? before a capital, quote or bracket


def reference_spans(abstract: str) -> list[tuple[int, int]]:
    pieces, start = [], 0
    for boundary in BOUNDARY.finditer(abstract):
        pieces.append((start, boundary.start()))
        start = boundary.end()
    pieces.append((start, len(abstract)))
    merged: list[tuple[int, int]] = []
    for begin, end in pieces:
        if merged and ABBREVIATION.search(abstract[merged[-1][0]:merged[-1][1]].rstrip()):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    spans = []
    for begin, end in merged:
        text = abstract[begin:end]
        left, right = len(text) - len(text.lstrip()), len(text.rstrip())
        if right > left:
            spans.append((begin + left, begin + right))
    return spans


def test_spans_of_every_real_abstract():
    from survey.pipeline import corpus_papers

    abstracts = [p.abstract for p in corpus_papers(Path(__file__).resolve().parents[2])]
    assert sum(len(sentence_spans(a)) for a in abstracts) > 2000
    for abstract in abstracts:
        assert sentence_spans(abstract) == reference_spans(abstract), abstract


PIECES = ["e.g.", "i.e.", "et al.", "vs.", "Fig.", "approx.", "No.", "A.", "J.", "x.", "U.S.", "(", ")", '"', "'", "[1]",
          "We", "The", "model", "works", "well.", "now!", "why?", "3.5", " ", "  ", "\n", "\t", "eg.", "Approx.", "FIG.", "é.",
          ".", "!?", "..."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join), st.sampled_from(["", " ", "  "]))
def test_spans_of_generated_abstracts(text, padding):
    abstract = padding + text + padding
    assert sentence_spans(abstract) == reference_spans(abstract)
