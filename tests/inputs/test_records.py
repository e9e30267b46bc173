"""Readers of bibliographic exports: fixtures in every format, broken files, literal text properties."""
from __future__ import annotations

import json
import re
import string
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.core.errors import InputError
from survey.inputs.records import Reading, Record, arxiv_id, decode_latex, doi, given_family, read_records, year_month
from survey.model.paper import normalize_title

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
BROKEN = FIXTURES / "broken"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SKRETA = ("Marta Skreta", "Lazar Atanackovic", "Avishek Joey Bose", "Alexander Tong", "Kirill Neklyudov")
BLATTMANN = ("Andreas Blattmann", "Robin Rombach", "Kaan Oktay", "Jonas Müller", "Björn Ommer")
WANG = ("Ke Wang", "Nikolaos Dimitriadis", "Guillermo Ortiz-Jiménez", "François Fleuret", "Pascal Frossard")


def by_title(reading: Reading) -> dict[str, Record]:
    return {r.title: r for r in reading.records}


# ---------------------------------------------------------------------------------------- BibTeX

def test_zotero_bibtex():
    reading = read_records(FIXTURES / "zotero.bib")
    assert len(reading.records) == 4
    [superposition, localizing, semi, hostile] = reading.records
    assert superposition == Record(
        title="The Superposition of Diffusion Models Using the Itô Density Estimator",
        abstract="The Cambrian explosion of easily accessible pre-trained diffusion models suggests a demand for "
                 "methods that combine multiple different pre-trained diffusion models. SuperDiff leverages a new "
                 "scalable Itô density estimator with $𝒪(1)$ cost & no re-training.",
        authors=SKRETA, year=2024, month=12, doi="10.48550/arXiv.2412.17762", arxiv_id="2412.17762",
        url="http://arxiv.org/abs/2412.17762", source="zotero.bib", where="entry skreta_superposition_2024 (line 2)")
    assert localizing.authors == WANG and localizing.month == 5
    assert semi.authors == BLATTMANN and semi.arxiv_id == "2204.11824" and semi.doi == ""  # id from the URL (v3)
    assert reading.skipped == [("entry noauthor_untitled_2024 (line 39)", "no title")]


def test_hostile_bibtex_text_stays_literal():
    hostile = read_records(FIXTURES / "zotero.bib").records[-1]
    assert hostile.title == "<script>alert(1)</script> & 100% {braces} $5 and \\input"
    assert hostile.abstract == "Uses \\input{/etc/passwd} and $x^2$ and \\cite{evil} literally."
    assert hostile.authors == ("Barack Obama Foundation", "Cathy O'Neil")  # "others" dropped
    assert hostile.doi == "10.5555/TEST.2024.001"  # the https://doi.org/ prefix removed


def test_jabref_biblatex_date_and_eprint():
    roth, mos = read_records(FIXTURES / "jabref.bib").records
    assert (roth.year, roth.month, roth.arxiv_id) == (2023, 10, "2310.17653")  # eprint 2310.17653v1
    assert roth.authors[4] == "Olivier Hénaff"
    assert (mos.title, mos.year, mos.month, mos.arxiv_id) == (
        "MoS: Unleashing Parameter Efficiency of Low-Rank Adaptation with Mixture of Shards", 2024, 10, "2410.00938")


def test_google_scholar_arxiv_id_from_journal():
    localizing, baek = read_records(FIXTURES / "scholar.bib").records
    assert localizing.arxiv_id == "2405.07813" and localizing.authors == WANG
    assert baek.arxiv_id == "" and baek.authors[-1] == "Sung Ju Hwang" and baek.year == 2023


def test_arxiv_export_bibtex():
    [record] = read_records(FIXTURES / "arxiv.bib").records
    assert record.title == "The Superposition of Diffusion Models Using the Itô Density Estimator"
    assert (record.authors, record.arxiv_id, record.url) == (SKRETA, "2412.17762", "https://arxiv.org/abs/2412.17762")


def test_broken_and_duplicate_bibtex_entries_are_skipped_with_their_line():
    reading = read_records(FIXTURES / "partly-broken.bib")
    assert [r.title for r in reading.records] == ["A Good Entry", "Another Good Entry"]
    assert [where for where, _ in reading.skipped] == ["line 7", "line 11"]
    assert "not valid BibTeX" in reading.skipped[0][1] and "duplicate entry key 'good2024'" in reading.skipped[1][1]
    assert reading.records[1].year == 2023 and reading.records[1].month == 7


@pytest.mark.parametrize("latex, expected", [
    (r"Caf{\'e} \& {\"o}", "Café & ö"),
    (r"$x\cdot y$", "$x· y$"),
    (r"{ImageNet}: {A} Large-Scale", "ImageNet: A Large-Scale"),
    (r"It\^o and Garc{\'\i}a and {\v{S}}imon", "Itô and García and Šimon"),
    (r"100\% \$5 \#1 \_x \{y\}", "100% $5 #1 _x {y}"),
    (r"{\textless}b{\textgreater} \textbackslash{}n", "<b> \\n"),
    (r"\input{/etc/passwd} \cite{x} \unknown{y}", "\\input{/etc/passwd} \\cite{x} \\unknowny"),
    (r"\url{https://x.org/a_b%20c} and \href{https://y.org}{site}", "https://x.org/a_b%20c and site (https://y.org)"),
    (r"\end{document} stray", "\\enddocument stray"),
    ("plain text <script> stays", "plain text <script> stays"),
    ("line\n   break", "line break"),
])
def test_latex_decoding(latex, expected):
    assert decode_latex(latex) == expected


@pytest.mark.parametrize("name, expected", [
    ("Doe, Jane", "Jane Doe"), ("Jane Doe", "Jane Doe"), ("Ford, Jr., Henry", "Henry Ford Jr."),
    ("{Barack Obama Foundation}", "{Barack Obama Foundation}"), ("  de la Fontaine,  Jean ", "Jean de la Fontaine"),
])
def test_given_family(name, expected):
    assert given_family(name) == expected


# ------------------------------------------------------------------------------------------- RIS

def test_zotero_ris_crlf():
    reading = read_records(FIXTURES / "zotero.ris")
    semi, grounding = reading.records
    assert (semi.authors, semi.year, semi.month, semi.doi, semi.arxiv_id, semi.where) == (
        BLATTMANN, 2022, 4, "10.48550/arXiv.2204.11824", "2204.11824", "line 1")
    assert grounding.arxiv_id == "2501.09194" and grounding.authors == ("Ahmad Süleyman", "Göksel Biricik")
    assert reading.skipped == [("line 28", "no title (TI or T1)")]


def test_mendeley_and_endnote_ris():
    [fast] = read_records(FIXTURES / "mendeley.ris").records
    assert fast.authors[2:4] == ("William T. Freeman", "Frédo Durand") and fast.arxiv_id == "2305.10431"
    [baek] = read_records(FIXTURES / "endnote.ris").records
    assert (baek.title, baek.year, baek.authors[0]) == ("Personalized Subgraph Federated Learning", 2023, "Jinheon Baek")
    assert baek.abstract.startswith("Subgraphs of a larger global graph")


# ------------------------------------------------------------------------------------------ JSON

def test_csl_json():
    reading = read_records(FIXTURES / "zotero-csl.json")
    grounding, superposition, consortium = reading.records
    assert (grounding.year, grounding.month, grounding.arxiv_id, grounding.doi) == (
        2025, 1, "2501.09194", "10.48550/arXiv.2501.09194")
    assert superposition.authors == SKRETA and superposition.year == 2025
    assert consortium.authors == ("The FL Benchmark Consortium",) and (consortium.year, consortium.month) == (2024, 3)
    assert consortium.title == "A Report by a Consortium: <b>bold</b> {braces} $x$ \\alpha"  # not LaTeX: literal
    assert reading.skipped == [("item 4 (id untitled-item)", "no title")]


def test_hugging_face_daily_papers():
    reading = read_records(FIXTURES / "hf-daily.json")
    mos, fast = reading.records
    assert mos.title == "MoS: Unleashing Parameter Efficiency of Low-Rank Adaptation with Mixture of Shards"
    assert (mos.arxiv_id, mos.year, mos.month, len(mos.authors)) == ("2410.00938", 2024, 10, 8)
    assert "<script>alert(1)</script>" in fast.abstract
    assert reading.skipped == [("item 3 (id 2499.00003)", "no title")]


def test_a_lone_csl_object_is_one_item():
    [record] = read_records(FIXTURES / "lone-object.json").records
    assert record.authors == ("Jane Doe",)


# ------------------------------------------------------------------------------------------- Atom

def test_arxiv_atom():
    semi, roth = read_records(FIXTURES / "arxiv-api.xml").records
    assert semi.title == "Semi-Parametric Neural Image Synthesis" and semi.authors == BLATTMANN
    assert semi.abstract.endswith("We write $\\mathcal{O}(n)$ & <b>keep</b> it.")
    assert (semi.arxiv_id, semi.year, semi.month, semi.url) == ("2204.11824", 2022, 4, "http://arxiv.org/abs/2204.11824v3")
    assert roth.doi == "10.5555/FICTIONAL.2023.17653" and len(roth.authors) == 3
    assert roth.title.startswith("Fantastic Gains and Where to Find Them: On the Existence and Prospect of General")


def test_the_survey_test_feeds_read():
    feeds = Path("/work/main/tests/fixtures/arxiv")
    if not feeds.is_dir():
        pytest.skip("no survey fixtures")
    assert read_records(feeds / "empty.xml").records == []
    ids = [r.arxiv_id for r in read_records(feeds / "title_self_repellent.xml").records]
    assert ids == ["2499.00001", "2401.09665"]


# ------------------------------------------------------------------------------------ broken files

@pytest.mark.parametrize("name, line, words", [
    ("bad.json", 4, "not valid JSON"),
    ("bad.xml", 7, "not well-formed XML"),
    ("entities.xml", 2, "DTD or entities"),
    ("arxiv-error.xml", None, "arXiv API error: incorrect id format"),
    ("latin1.bib", 2, "is not valid UTF-8"),
    ("unclosed.bib", 1, "no BibTeX entry could be read"),
    ("noend.ris", 7, "starts on line 5 has no end"),
    ("notris.ris", 1, "no RIS record found"),
    ("refs.enw", None, "unknown file type '.enw'"),
    ("string.json", 1, "expected a list of items"),
])
def test_unreadable_files_are_input_errors_with_file_and_line(name, line, words):
    with pytest.raises(InputError) as error:
        read_records(BROKEN / name)
    assert error.value.line == line and words in str(error.value) and name in str(error.value)
    assert str(error.value).startswith(str(BROKEN / name) + (f":{line}" if line else "") + ": ")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_records(tmp_path / "nothing.bib")


def test_empty_files_give_nothing(tmp_path):
    for name in ("e.bib", "e.ris"):
        (tmp_path / name).write_text("", encoding="utf-8")
        reading = read_records(tmp_path / name)
        assert (reading.records, reading.skipped) == ([], [])
    (tmp_path / "e.json").write_text("[]", encoding="utf-8")
    reading = read_records(tmp_path / "e.json")
    assert (reading.records, reading.skipped) == ([], [])


def test_bom_is_ignored(tmp_path):
    page = tmp_path / "bom.json"
    page.write_text("\ufeff" + json.dumps([{"title": "T"}]), encoding="utf-8")
    assert read_records(page).records[0].title == "T"


# ---------------------------------------------------------------------------------------- helpers

@pytest.mark.parametrize("value, expected", [
    ("2403.01234v2", "2403.01234"), ("arXiv:2403.01234", "2403.01234"), ("https://arxiv.org/pdf/2403.01234v1", "2403.01234"),
    ("10.48550/arXiv.2403.01234", "2403.01234"), ("hep-th/9901001v2", "hep-th/9901001"),
    ("arXiv preprint arXiv:2305.10431", "2305.10431"), ("math.GT/0309136", "math.GT/0309136"), ("12345", ""),
    ("10.1145/2403.01234", ""),
])
def test_arxiv_ids(value, expected):
    assert arxiv_id(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("https://doi.org/10.1000/xyz.1", "10.1000/xyz.1"), ("doi:10.1000/ABC", "10.1000/ABC"), ("none", ""),
])
def test_dois(value, expected):
    assert doi(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("2024", (2024, None)), ("2024-03-01", (2024, 3)), ("2024/03/01/", (2024, 3)), ("2024///", (2024, None)),
    ("March 2024", (2024, 3)), ([2024, 3, 1], (2024, 3)), (["2025", 1], (2025, 1)), ("2024-13", (2024, None)),
    ("2024-10-01T14:01:27.000Z", (2024, 10)), ("", (None, None)),
])
def test_year_month(value, expected):
    assert year_month(value) == expected


# ------------------------------------------------------------------------------ literal text survives

# Text as users paste it: any printable character (no control characters, which are dropped), with the
# characters markup languages care about over-represented.
HOSTILE = st.sampled_from(list(string.punctuation) + ["<script>", "</b>", "{", "}", "$", "\\", "\\input{x}", "é",
                                                      "深度", "🚀", "\u00a0", "&amp;"])
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
TEXTS = st.lists(st.one_of(HOSTILE, st.text(PRINTABLE, max_size=8)), min_size=1, max_size=12).map("".join).filter(
    normalize_title)  # a title without a letter or digit identifies no paper: skipped (test below)


def normalised(value: str) -> str:
    return " ".join(value.split())


@SETTINGS
@given(TEXTS)
def test_csl_json_keeps_any_text_literally(title):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.json"
        path.write_text(json.dumps([{"title": title, "abstract": title}]), encoding="utf-8")
        [record] = read_records(path).records
    assert record.title == record.abstract == normalised(title)


@SETTINGS
@given(TEXTS)
def test_atom_keeps_any_text_literally(title):
    import tempfile
    feed = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            f"<id>http://arxiv.org/abs/2401.00001v1</id><title>{xml_escape(title)}</title>"
            f"<summary>{xml_escape(title)}</summary></entry></feed>")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.xml"
        path.write_text(feed, encoding="utf-8")
        [record] = read_records(path).records
    assert record.title == record.abstract == normalised(title)


@SETTINGS
@given(TEXTS)
def test_ris_keeps_any_text_literally(title):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.ris"
        path.write_text(f"TY  - JOUR\nTI  - {title}\nAB  - {title}\nER  - \n", encoding="utf-8")
        [record] = read_records(path).records
    assert record.title == record.abstract == normalised(title)


@pytest.mark.parametrize("name, text", [
    ("x.json", '[{"title": "?!", "abstract": "A text."}, {"abstract": "No title."}, {"title": "Kept"}]'),
    ("x.ris", "TY  - JOUR\nTI  - ?!\nER  - \nTY  - JOUR\nAB  - No title.\nER  - \nTY  - JOUR\nTI  - Kept\nER  - \n"),
    ("x.bib", "@article{a, title = {?!}}\n@article{b, abstract = {No title.}}\n@article{c, title = {Kept}}\n"),
])
def test_entries_without_a_usable_title_are_skipped_with_the_reason(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    reading = read_records(path)
    assert [r.title for r in reading.records] == ["Kept"]
    [(_, letters), (_, missing)] = reading.skipped
    assert letters == "title '?!' has no letters or digits" and missing.startswith("no title")


# BibTeX fields are LaTeX: a text written with the standard escapes (as Zotero writes them) reads back.
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
                  "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "<": r"{\textless}", ">": r"{\textgreater}", "@": "{@}"}
BIBTEX_TEXT = st.lists(st.one_of(st.sampled_from(sorted(BIBTEX_ESCAPES) + ["é", "深度", "<script>", "'", '"', "-", "."]),
                                 st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), max_size=6),
                                 st.just(" ")), min_size=1, max_size=15).map("".join).filter(normalize_title)


@SETTINGS
@given(BIBTEX_TEXT)
def test_bibtex_escaped_text_reads_back_literally(title):
    import tempfile
    field = "".join(BIBTEX_ESCAPES.get(ch, ch) for ch in title)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.bib"
        path.write_text(f"@article{{key,\n  title = {{{field}}},\n  year = {{2024}}\n}}\n", encoding="utf-8")
        reading = read_records(path)
    # LaTeX's ligatures: '' is a closing double quote, -- an en dash, --- an em dash; everything else reads
    # back as written.
    ligatures = {"---": "\u2014", "--": "\u2013", "''": "\u201d"}
    expected = re.sub("---|--|''", lambda m: ligatures[m.group(0)], normalised(title))
    assert [r.title for r in reading.records] == [expected], field
