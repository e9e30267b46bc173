"""Title identity (model.paper.normalize_title) and a paper's stated attribute values (Paper.attribute)."""
from __future__ import annotations

import sys
import unicodedata

from survey.model.paper import Paper, normalize_title


def by_character(title: str) -> str:
    """The definition: every character that is not a letter or digit (str.isalnum) is a space."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def test_normalize_title_treats_every_code_point_as_the_definition_does():
    characters = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for start in range(0, len(characters), 64):
        chunk = characters[start:start + 64]
        assert normalize_title(chunk) == by_character(chunk)
    assert normalize_title("  CatVTON: Concatenation_Is  All--You Need!") == "catvton concatenation is all you need"


def test_an_attribute_gives_its_stated_values_and_nothing_for_another_name():
    paper = Paper(key="k", title="t", abstract="", attributes=(("backbone", ("DiT", "U-Net")), ("task", ())))
    assert paper.attribute("backbone") == ("DiT", "U-Net")
    assert paper.attribute("task") == ()
    assert paper.attribute("representation_3d") == ()
