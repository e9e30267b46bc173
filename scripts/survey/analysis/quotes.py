"""Which sentences can be quoted, and how a quote reads on its own.

A quote is an exact sentence of an abstract. It is shown as it is, or with a leading "It" or "This
method" (the paper's own method) replaced by the method's name in brackets ("[CatVTON] achieves ..."),
or not at all when it needs the sentences before it ("(2) ...", "And ...", "These methods ...").
"""
from __future__ import annotations

import re

from ..core.literals import Guarded

MIN_QUOTE, MAX_QUOTE = 50, 400  # characters: shorter is a fragment, longer is a run-on the splitter missed
# Searched only where a required literal occurs (core.literals.Guarded): most sentences hold none.
URL_LIKE = Guarded(re.compile(r"https?\s?:|www\.|github\.|\.io\b|\.com\b", re.IGNORECASE))


def quotable(sentence: str) -> bool:
    """A whole, readable sentence: not a fragment, not a run-on, no link."""
    return MIN_QUOTE <= len(sentence) <= MAX_QUOTE and not URL_LIKE.search(sentence)


# "Moreover, ", "In addition, " ...: a discourse marker before the subject.
_MARKER = r"(?:(?:moreover|furthermore|additionally|in addition|besides|also|notably|importantly|specifically|" \
          r"in particular|as a result|consequently|finally|overall|crucially|remarkably|in summary|however|" \
          r"most importantly|more importantly|in practice|empirically|experimentally|results|" \
          r"nevertheless|nonetheless|unfortunately|yet|still|meanwhile|in contrast|instead)\s*,\s*)?"
_NOUN = r"(?:method|approach|framework|model|technique|architecture|network|system|pipeline|algorithm|design|" \
        r"strategy|scheme|module|solution)"
# A subject that is the paper's own method: shown as "[Name]" when the paper names its method.
OWN_SUBJECT = re.compile(rf"^({_MARKER})(it|this {_NOUN}|the proposed {_NOUN}|this new {_NOUN})\b", re.IGNORECASE)
# Openings that need the sentence before: enumerations, conjunctions, pronouns and demonstratives.
UNRESOLVED = re.compile(
    rf"^(?:\(?\d+\)|\(?[ivx]+\)|\(?[a-h]\)|\d+\.\s|(?:and|or|but|nor|so|then|thus|hence|therefore|also)\b|{_MARKER}"
    r"(?:it|its|they|their|them|this(?! (?:paper|work|study|article|thesis|survey)\b)|these|those|that|such|both|he|she|"
    r"the former|the latter|the above)\b)",
    re.IGNORECASE)
BACKWARD = Guarded(re.compile(r"\b(?:the above|the former|the latter|aforementioned|as mentioned|mentioned above)\b",
                              re.IGNORECASE))
# "this failure", "these desirable properties", "such conversion": a thing named in an earlier sentence.
DEMONSTRATIVE = Guarded(re.compile(r"\b(?:this|these|such)\s+(?!(?:paper|work|study|article|survey|thesis|end|as)\b)[a-z]",
                                   re.IGNORECASE))
# A detachable lead-in whose "this" is harmless: "To address these issues, ...", "In this paper, ...".
LEAD_IN = re.compile(r"^(?:to|in|for|with|building on|motivated by|inspired by)\b[^,]{0,80},\s*", re.IGNORECASE)


def shown_text(sentence: str, name: str) -> str | None:
    """`sentence` as a quote readable on its own: unchanged; or its leading "It"/"This method" (the paper's
    own method) replaced by "[name]"; or None when it needs the sentences before it."""
    if BACKWARD.search(sentence):
        return None
    own = OWN_SUBJECT.match(sentence)
    if own and name:
        shown = sentence[:own.start(2)] + f"[{name}]" + sentence[own.end(2):]
    elif UNRESOLVED.match(sentence):
        return None
    else:
        shown = sentence
    lead = LEAD_IN.match(shown)
    return None if DEMONSTRATIVE.search(shown[lead.end() if lead else 0:]) else shown
