import bibtexparser
import pybtex.database
import pybtex.exceptions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.formats.bibtex import entry_texts, escape_url, to_bibtex
from survey.formats.latex import escape, escape_title, title_pieces
from survey.model.paper import Paper
from tests.builders import paper


def row(**values) -> Paper:
    return paper(**{"key": "lee2024catvton", "title": "CatVTON: Try-On with MoE and LoRA", "abstract": "A 50% gain & more.",
                    "sources": "001.txt", "dates": "Mar 12", **values})


def table(*rows: Paper) -> list[Paper]:
    return list(rows)


def test_escape_turns_specials_into_text_commands():
    assert escape(r"50% & a_b #1 $x$ ~ ^ \input{x}") == (
        r"50\% \& a\_b \#1 \$x\$ \textasciitilde{} \textasciicircum{} \textbackslash{}input\{x\}")
    # A lone brace cannot be \{ or \}: BibTeX counts it when it looks for the end of the field.
    assert escape("a } b { c {d}") == r"a \textbraceright{} b \textbraceleft{} c \{d\}"
    assert escape("Itô λ-ECLIPSE ×") == "Itô λ-ECLIPSE ×"


def test_title_braces_words_whose_case_matters():
    assert escape_title("CatVTON: Try-On with MoE, LoRA and GPT-4 in 3D") == (
        "{CatVTON:} Try-On with {MoE,} {LoRA} and {GPT-4} in {3D}")


def test_entry_fields_and_round_trip_through_bibtexparser():
    text = to_bibtex(table(
        row(authors="Ana Müller; Bo Chen", authors_complete="no", year="2024", month="7", arxiv_id="2407.15886",
            doi="10.48550/arXiv.2407.15886"),
        row(key="untitled2024", title="Plain title", code_urls="https://github.com/a/b", year="2024"),
    ))
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    first, second = library.entries
    # "Family, Given": every reader splits it the same way (citation-js reads "Huan-ang Gao" as a particle)
    assert first.key == "lee2024catvton" and first["author"] == "Müller, Ana and Chen, Bo and others"
    assert (first["eprint"], first["archivePrefix"], first["url"]) == ("2407.15886", "arXiv", "https://arxiv.org/abs/2407.15886")
    assert first["doi"] == "10.48550/arXiv.2407.15886" and first["month"] == "jul"
    assert first["abstract"] == r"A 50\% gain \& more."
    assert "author" not in second and second["url"] == "https://github.com/a/b"
    # Nothing internal for the reader's reference list: no note; without authors a `key` to sort by.
    assert "note" not in first.fields_dict and "note" not in second.fields_dict and "key" not in first.fields_dict
    assert second["key"] == "Plain title"


def test_names_are_written_family_first_as_bibtex_reads_them():
    from survey.formats.bibtex import bibtex_name
    assert bibtex_name("Huan-ang Gao") == "Gao, Huan-ang"
    assert bibtex_name("Ludwig van Beethoven") == "van Beethoven, Ludwig"
    assert bibtex_name("Müller, Ana") == "Müller, Ana" and bibtex_name("Plato") == "Plato"
    person = pybtex.database.Person(bibtex_name("Huan-ang Gao"))
    assert (person.first_names, person.last_names) == (["Huan-ang"], ["Gao"])


NAME_CHARS = list("AaBÉéβΓ.-'’ ,{}\\~\t\u00a0\u2003\x1c") + ["Jr", "van", "de", "{\\\"u}", "\\'E"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_CHARS), max_size=14).map("".join))
def test_plain_names_are_split_as_pybtex_splits_them(name):
    """_name_parts skips pybtex's parser for plain "First Middle Last" names: the parts must be pybtex's."""
    from survey.formats.bibtex import _name_parts, pybtex_name_parts
    try:
        expected = pybtex_name_parts(name)
    except pybtex.exceptions.PybtexError:  # a name pybtex rejects ("a, b, c, d") is no plain name either
        with pytest.raises(pybtex.exceptions.PybtexError):
            _name_parts(name)
    else:
        assert _name_parts(name) == expected


def test_the_real_authors_are_split_as_pybtex_splits_them():
    from survey.formats.bibtex import _name_parts, pybtex_name_parts
    from tests.builders import real_papers
    names = {a for p in real_papers() for a in p.authors}
    assert len(names) > 1000 and all(_name_parts(n) == pybtex_name_parts(n) for n in names)


def test_pybtex_reads_every_entry():
    text = to_bibtex(table(row(authors="Ana Müller", year="2024"), row(key="other2023", title="Other {weird} title_")))
    data = pybtex.database.parse_string(text, "bibtex")
    assert list(data.entries) == ["lee2024catvton", "other2023"]
    assert str(data.entries["lee2024catvton"].persons["author"][0]) == "Müller, Ana"


def test_straight_double_quotes_become_tex_quotes():
    assert escape('Taking "Text" out ("x") and 5" "\'a\'"') == "Taking ``Text'' out (``x'') and 5'' ``{}'a'{}''"
    assert escape_title('Prompt-Free Diffusion: Taking "Text" out') == "Prompt-Free Diffusion: Taking ``Text'' out"


def test_title_braces_names_lone_capitals_and_leading_method_names():
    assert escape_title("The Itô Density Estimator with Fisher-Weighted Averaging") == (
        "The {Itô} Density Estimator with {Fisher}-Weighted Averaging")
    assert escape_title("N:M Sparsity, Top-K Routing and a W_+ Adapter for A Survey") == (
        r"{N:M} Sparsity, Top-{K} Routing and a {W}\_+ Adapter for A Survey")
    assert escape_title("Stable-Hair: When StyleGAN Meets Stable Diffusion") == (
        "{Stable-Hair:} When {StyleGAN} Meets {Stable Diffusion}")
    assert escape_title("λ-ECLIPSE: Multi-Concept") == "{λ-ECLIPSE:} Multi-Concept"


def test_title_pieces_mark_the_same_words_escape_title_braces():
    assert title_pieces('A "Top-K" Router for λ-ECLIPSE') == [
        ('A "Top-', False), ("K", True), ('" Router for ', False), ("λ-ECLIPSE", True)]


def test_urls_stay_verbatim_except_characters_a_field_cannot_hold():
    assert escape_url("https://x.org/a%20b_c~d?q=1#frag") == "https://x.org/a%20b_c~d?q=1#frag"
    assert escape_url(r"https://x.org/{a} b\c") == "https://x.org/%7Ba%7D%20b%5Cc"


def test_entry_texts_are_the_entries_of_the_file_and_join_into_any_subset_file():
    rows = [row(key=f"k{i}", title=f"Title {i} @home\n@misc{{x,", abstract=f"Abstract\n@book{{y, {i}") for i in range(4)]
    texts = entry_texts(table(*rows))
    assert len(texts) == 4 and "\n".join(texts) == to_bibtex(table(*rows))
    for subset in ([0], [1, 3], [0, 1, 2, 3]):
        assert "\n".join(texts[i] for i in subset) == to_bibtex(table(*[rows[i] for i in subset]))
    assert entry_texts(table()) == []
