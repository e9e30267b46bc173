"""The survey's citation files, read by the real tools people import them with.

Every test regenerates the files in memory from data/ (so they do not depend on committed outputs)
and fails on any complaint but the allowed ones: a missing author or year for exactly the papers whose
authors or year are not known (computed from the paper table). A missing tool skips locally and fails
in CI (conftest.require_tool).
"""
from __future__ import annotations

import functools
import io
import json
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import bibtexparser
import pandas as pd
import pybtex.database
import pybtex.errors
import pytest
import rispy
from pybtex.plugin import find_plugin

from survey.formats.bibtex import paper_url, provenance_note, to_bibtex
from survey.formats.exports import chapter_bibtex, download_files, name_parts, to_csl_json, to_ris
from survey.inputs.taxonomy import load_taxonomy
from survey.model.table import row_paper
from survey.pipeline import generate
from tests.builders import paper
from tests.helpers import ROOT, require_tool

MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


@functools.cache
def real_survey() -> SimpleNamespace:
    """The real survey generated once per session: outputs, paper table, taxonomy, exports."""
    outputs = generate(ROOT)
    table = pd.read_csv(io.StringIO(outputs["data/papers.csv"]), dtype="string", keep_default_na=False)
    papers = [row_paper(row) for row in table.to_dict("records")]
    taxonomy = load_taxonomy(ROOT / "data" / "themes.yml")
    return SimpleNamespace(
        outputs=outputs, table=table, taxonomy=taxonomy, bib=outputs["references.bib"],
        keys=list(table["key"]), rows={r["key"]: r for _, r in table.iterrows()},
        no_author=frozenset(table.loc[table["authors"] == "", "key"]),
        no_year=frozenset(table.loc[table["year"] == "", "key"]),
        downloads=download_files(papers, taxonomy),
    )


@pytest.fixture(scope="module")
def survey() -> SimpleNamespace:
    return real_survey()


def run(command: list[str], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def plain(text: str) -> str:
    """Text as a reader sees it: case, the kind of quote mark and TeX's quote and dash ligatures (which
    some abstracts hold as they were typed) ignored."""
    text = re.sub(r"``|''|[`'\"“”‘’]", '"', text.casefold()).replace("—", "---").replace("–", "--")
    return " ".join(text.split())


def test_the_allowed_warnings_are_few(survey):
    """Only papers with no metadata lack authors or year; the bibliography must not hide more."""
    assert len(survey.keys) == 325
    assert len(survey.no_author) <= 60 and len(survey.no_year) <= 40
    for key in survey.no_author:
        assert survey.rows[key]["authors"] == ""


# --- BibTeX -------------------------------------------------------------------------------------

def test_bibtexparser_reads_every_entry_back(survey):
    library = bibtexparser.parse_string(survey.bib)
    assert not library.failed_blocks
    assert len(library.blocks) == len(library.entries) == 325  # no stray comments, strings or preambles
    assert [e.key for e in library.entries] == survey.keys
    for entry in library.entries:
        row = survey.rows[entry.key]
        assert entry.entry_type == "misc"
        assert len(entry.fields) == len({f.key for f in entry.fields})
        fields = entry.fields_dict
        names = [a for a in row["authors"].split("; ") if a] + (["others"] if row["authors_complete"] == "no" else [])
        assert (fields["author"].value.split(" and ") if "author" in fields else []) == names
        assert (fields["year"].value if "year" in fields else "") == row["year"]
        month = MONTHS[int(row["month"]) - 1] if row["month"] else ""
        assert (fields["month"].value if "month" in fields else "") == month
        if row["arxiv_id"]:
            assert (entry["eprint"], entry["archivePrefix"]) == (row["arxiv_id"], "arXiv")
            assert entry["url"] == f"https://arxiv.org/abs/{row['arxiv_id']}"
        assert "primaryClass" not in fields and "doi" not in fields
        if not row["authors"]:
            assert entry["note"].endswith("authors not yet known")


def test_pybtex_parses_strictly_and_formats_every_entry_without_latex_left_over(survey):
    """pybtex is what sphinxcontrib-bibtex renders the site's bibliography with (style plain)."""
    pybtex.errors.set_strict_mode(True)
    data = pybtex.database.parse_string(survey.bib, "bibtex")
    assert list(data.entries) == survey.keys
    style = find_plugin("pybtex.style.formatting", "plain")()
    backend = find_plugin("pybtex.backends", "text")()
    rendered = {e.key: e.text.render(backend) for e in style.format_bibliography(data).entries}
    assert set(rendered) == set(survey.keys)
    leftovers = {k: t for k, t in rendered.items() if "\\" in t or "{" in t or "}" in t}
    assert not leftovers, f"undecoded LaTeX in the rendered bibliography: {leftovers}"
    text = "\n".join(rendered.values())
    assert "λ-ECLIPSE" in text and " Itô " in text and "Stable Diffusion" in text and "“text”" in text


def test_biber_tool_validates_the_file_with_only_the_allowed_warnings(survey, tmp_path):
    biber = require_tool("biber")
    (tmp_path / "references.bib").write_text(survey.bib, encoding="utf-8")
    result = run([biber, "--tool", "--validate-datamodel", "--output-file=checked.bib", "references.bib"], tmp_path)
    log = result.stdout + result.stderr + (tmp_path / "references.bib.blg").read_text(encoding="utf-8")
    assert result.returncode == 0, log[-3000:]
    allowed = re.compile(r"WARN - Datamodel: Entry '([^']+)' \(references\.bib\): Missing mandatory field - one of "
                         r"'(date, year|author, editor)' must be defined")
    complaints = [line for line in log.splitlines() if re.search(r"\b(WARN|ERROR)\b", line)]
    unexpected = []
    for line in complaints:
        match = allowed.search(line)
        if not match or match.group(1) not in (survey.no_year if match.group(2) == "date, year" else survey.no_author):
            unexpected.append(line)
    assert not unexpected, "\n".join(unexpected[:20])
    assert (tmp_path / "checked.bib").read_text(encoding="utf-8").count("@MISC{") == 325


LATEX_DOCUMENT = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{FreeSerif}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{references}
\end{document}
"""


def test_bibtex_under_latexmk_cites_every_key_with_only_the_allowed_warnings(survey, tmp_path):
    """Classic BibTeX (style plain) through latexmk and xelatex, which reads the UTF-8 entries."""
    latexmk = require_tool("latexmk")
    require_tool("xelatex")
    require_tool("bibtex")
    pdftotext = require_tool("pdftotext")
    (tmp_path / "references.bib").write_text(survey.bib, encoding="utf-8")
    (tmp_path / "survey.tex").write_text(LATEX_DOCUMENT, encoding="utf-8")
    result = run([latexmk, "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "survey.tex"], tmp_path, 300)
    assert result.returncode == 0, result.stdout[-3000:]
    blg = (tmp_path / "survey.blg").read_text(encoding="utf-8")
    assert "error message" not in blg, blg
    allowed = {f"Warning--to sort, need author or key in {k}" for k in survey.no_author}
    allowed |= {f"Warning--empty author in {k}" for k in survey.no_author}
    allowed |= {f"Warning--empty year in {k}" for k in survey.no_year}
    unexpected = [line for line in blg.splitlines() if line.startswith("Warning--") and line not in allowed]
    assert not unexpected, "\n".join(unexpected)
    log = (tmp_path / "survey.log").read_text(encoding="utf-8", errors="replace")
    problems = [line for line in log.splitlines() if "Warning" in line or "Missing character" in line]
    assert not problems, "\n".join(problems)
    bbl = (tmp_path / "survey.bbl").read_text(encoding="utf-8")
    assert sorted(re.findall(r"\\bibitem\{([^}]+)\}", bbl)) == sorted(survey.keys)
    text = " ".join(run([pdftotext, "survey.pdf", "-"], tmp_path).stdout.split())
    for expected in ("λ-ECLIPSE", "the Itô density", "Taking “text” out", "W_+ adapter", "PA&DA", "MoE++"):
        assert expected in text


def pandoc_citeproc(pandoc: str, bibliography: Path, cwd: Path) -> tuple[str, str]:
    (cwd / "all.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    result = run([pandoc, "all.md", "--citeproc", "--bibliography", bibliography.name, "-t", "html"], cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def rendered_entries(html: str) -> dict[str, str]:
    return {key: " ".join(re.sub(r"<[^>]+>", "", body).split())
            for key, body in re.findall(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', html, re.S)}


def test_pandoc_citeproc_renders_every_bibtex_entry_without_a_warning(survey, tmp_path):
    pandoc = require_tool("pandoc")
    (tmp_path / "references.bib").write_text(survey.bib, encoding="utf-8")
    html, stderr = pandoc_citeproc(pandoc, tmp_path / "references.bib", tmp_path)
    assert stderr == ""
    entries = rendered_entries(html)
    assert set(entries) == set(survey.keys)
    assert "λ-ECLIPSE: Multi-Concept" in entries["patel2024eclipsemulti"]
    assert "the Itô Density" in entries["skreta2024superpositiondiffusion"]


def test_pandoc_reads_the_bibtex_back_to_the_original_text(survey, tmp_path):
    """pandoc's BibTeX reader (a real LaTeX decoder) gives back every title, abstract, note, author and
    date: the escaping loses nothing."""
    pandoc = require_tool("pandoc")
    (tmp_path / "references.bib").write_text(survey.bib, encoding="utf-8")
    result = run([pandoc, "-f", "bibtex", "-t", "csljson", "references.bib"], tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert set(items) == set(survey.keys)
    for key, item in items.items():
        row = survey.rows[key]
        for field, want in (("title", row["title"]), ("abstract", row["abstract"]), ("note", provenance_note(row))):
            assert plain(item.get(field, "")) == plain(want), (key, field)
        families = [a.get("family") or a.get("literal") for a in item.get("author", [])]
        expected = [name_parts(a)["family"] for a in row["authors"].split("; ") if a]
        assert families == expected + (["others"] if row["authors_complete"] == "no" else [])
        parts = item.get("issued", {}).get("date-parts", [[]])[0]
        assert parts == ([int(row["year"])] + ([int(row["month"])] if row["month"] else []) if row["year"] else [])
        assert item.get("URL", "") == paper_url(row)
    assert items["skreta2024superpositiondiffusion"]["title"].endswith("the Itô density estimator")


def test_urls_with_percent_and_hash_reach_every_consumer_unchanged(tmp_path):
    pandoc = require_tool("pandoc")
    biber = require_tool("biber")
    url = "https://example.org/a%20b_c~d?q=1&r=2#frag"
    bib = to_bibtex([paper("x", "A paper", sources="p.txt", dates="Mar 1", code_urls=url)])
    assert bibtexparser.parse_string(bib).entries[0]["url"] == url
    assert pybtex.database.parse_string(bib, "bibtex").entries["x"].fields["url"] == url
    (tmp_path / "u.bib").write_text(bib, encoding="utf-8")
    converted = run([pandoc, "-f", "bibtex", "-t", "csljson", "u.bib"], tmp_path)
    assert json.loads(converted.stdout)[0]["URL"] == url
    checked = run([biber, "--tool", "--output-file=out.bib", "u.bib"], tmp_path)
    assert checked.returncode == 0 and f"URL = {{{url}}}" in (tmp_path / "out.bib").read_text(encoding="utf-8")


# --- Per-chapter BibTeX, RIS and CSL-JSON ---------------------------------------------------------

def test_chapter_files_hold_exactly_their_chapters_papers(survey):
    entries = {e.key: e for e in bibtexparser.parse_string(survey.bib).entries}
    seen = set()
    for chapter in survey.taxonomy.chapters:
        text = survey.downloads[f"downloads/chapters/{chapter.slug}.bib"]
        assert text == chapter_bibtex(survey.table, chapter.slug)
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks
        expected = [k for k in survey.keys if chapter.slug in survey.rows[k]["themes"].split(";")]
        assert [e.key for e in library.entries] == expected and expected
        for entry in library.entries:
            assert [(f.key, f.value) for f in entry.fields] == [(f.key, f.value) for f in entries[entry.key].fields]
        seen |= set(expected)
    assert seen == set(survey.keys)
    assert survey.downloads["downloads/references.bib"] == survey.bib


def test_rispy_reads_every_ris_record_back(survey):
    text = survey.downloads["downloads/survey.ris"]
    assert text == to_ris(survey.table)
    records = rispy.loads(text)
    assert [r["id"] for r in records] == survey.keys
    for record in records:
        row = survey.rows[record["id"]]
        assert record["type_of_reference"] == "UNPB" and record["title"] == row["title"]
        families = [" ".join(p for p in (name_parts(a).get("non-dropping-particle"), name_parts(a)["family"]) if p)
                    for a in row["authors"].split("; ") if a]
        assert [a.split(", ")[0] for a in record.get("authors", [])] == families
        assert record.get("year", "") == row["year"]
        assert record.get("abstract", "") == row["abstract"]
        assert record["keywords"] == row["themes"].split(";")
        if row["arxiv_id"]:
            assert record["accession_number"] == f"arXiv:{row['arxiv_id']}"
            assert record["urls"] == [f"https://arxiv.org/abs/{row['arxiv_id']}"]
    assert not re.search(r"^\d+\.$", text, re.M)  # no counter lines between records


def test_pandoc_citeproc_renders_every_csl_json_item_without_a_warning(survey, tmp_path):
    pandoc = require_tool("pandoc")
    text = survey.downloads["downloads/survey.json"]
    assert text == to_csl_json(survey.table)
    (tmp_path / "survey.json").write_text(text, encoding="utf-8")
    html, stderr = pandoc_citeproc(pandoc, tmp_path / "survey.json", tmp_path)
    assert stderr == ""
    entries = rendered_entries(html)
    assert set(entries) == set(survey.keys)
    assert "“λ-ECLIPSE: Multi-Concept" in entries["patel2024eclipsemulti"]  # protected from title case: no Λ
    assert "the Itô Density Estimator" in entries["skreta2024superpositiondiffusion"]
    for key in survey.keys:
        row = survey.rows[key]
        if row["year"]:
            assert row["year"] in entries[key]
        else:
            assert "n.d." in entries[key]
        title_words = re.sub(r"[^\w\s]", " ", plain(row["title"])).split()[:3]
        assert all(w in re.sub(r"[^\w\s]", " ", plain(entries[key])).split() for w in title_words), key
