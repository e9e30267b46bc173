"""Sentences of an abstract and their rhetorical roles."""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("background", "challenge", "contribution", "result", "future", "other")
# background: context about the field; challenge: a problem, limitation or gap (of prior work or of the
# field); contribution: what this paper proposes, builds, studies or does; result: a reported outcome
# (measured, qualitative "we find that ...", or a proven guarantee); future: future work or a limitation
# of the paper's own approach; other: links, boilerplate, fragments.
PAPER_TYPES = ("method", "dataset-benchmark", "survey", "analysis", "theory", "system")
TRAINING_FREE = ("yes", "no", "unknown")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paper's abstract: `abstract[start:end]`, its position and its role."""

    index: int
    start: int
    end: int
    role: str


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence labelled by hand (data/sentence_roles.csv), found by its paper's title."""

    title: str
    index: int
    role: str
    text: str
    held_out: bool  # labelled after the classifier was written, to measure it on unseen abstracts
