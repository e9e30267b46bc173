"""The survey's citation files, read by the real tools people import them with.

Every test regenerates the files in memory from data/ (so they do not depend on committed outputs)
and fails on any complaint but the allowed ones: a missing author or year for exactly the papers whose
authors or year are not known (computed from the paper table, at most 5% of them). Six consumers:
bibtexparser, pybtex, biber, BibTeX, pandoc and citation-js (npm, `npm ci --prefix tests`). A missing
tool skips locally and fails in CI (conftest.require_tool).
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

from survey.formats.bibtex import bibtex_name, paper_url, to_bibtex
from survey.formats.exports import chapter_bibtex, name_parts, to_csl_json, to_ris
from survey.inputs.raw_files import read_raw_files
from survey.inputs.sources import load_sources
from survey.inputs.taxonomy import load_taxonomy
from survey.model.table import row_paper
from survey.pipeline import generate
from survey.site.sources import SOURCES_PAGE
from tests.browser import missing
from tests.builders import paper
from tests.helpers import ROOT, require_tool, text_outputs

MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


@functools.cache
def real_survey() -> SimpleNamespace:
    """The real survey generated once per session: outputs, paper table, taxonomy, exports."""
    outputs = text_outputs(generate(ROOT))
    table = pd.read_csv(io.StringIO(outputs["data/papers.csv"]), dtype="string", keep_default_na=False)
    papers = [row_paper(row) for row in table.to_dict("records")]
    taxonomy = load_taxonomy(ROOT / "data" / "themes.yml")
    pages = load_sources(ROOT / "data" / "sources.yml", read_raw_files(ROOT / "data" / "raw").listing_dates)
    return SimpleNamespace(
        outputs=outputs, table=table, papers=papers, by_key={p.key: p for p in papers}, taxonomy=taxonomy, bib=outputs["references.bib"],
        keys=list(table["key"]), rows={r["key"]: r for _, r in table.iterrows()},
        no_author=frozenset(table.loc[table["authors"] == "", "key"]),
        no_year=frozenset(table.loc[table["year"] == "", "key"]),
        pages=pages, downloads={name: text for name, text in outputs.items() if name.startswith("downloads/")},
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
    """At most 5% of the entries lack authors or a year (issue #15: 60 did); the bibliography must not hide more."""
    assert len(survey.keys) == 325
    assert len(survey.no_author | survey.no_year) <= 0.05 * len(survey.keys)
    for key in survey.no_author:
        assert survey.rows[key]["authors"] == ""


RAW_NAMES = sorted(p.name for p in (ROOT / "data" / "raw").glob("*.txt"))


def test_no_export_or_page_names_a_file_of_data_raw(survey):
    """What readers copy holds nothing internal: the listing pages are named in words (data/sources.yml)."""
    assert RAW_NAMES
    # every generated file but the editors' table and the Sources page (which documents the input files, for
    # editors): the exports and every page of the site and the PDF
    exports = {name: text for name, text in survey.outputs.items()
               if isinstance(text, str) and name not in ("data/papers.csv", SOURCES_PAGE)}
    assert all(raw in survey.outputs[SOURCES_PAGE].replace("\\", "") for raw in RAW_NAMES)
    assert "papers/w.md" in exports and "index.md" in exports
    assert {"downloads/survey.ris", "downloads/survey.json", "downloads/papers.csv", "references.bib"} <= set(exports)
    for name, text in exports.items():
        found = [raw for raw in RAW_NAMES if raw in text or raw.removesuffix(".txt") in text]
        assert not found, (name, found)
    assert "Found in Hugging Face Daily Papers, 11 March 2025" in survey.outputs["downloads/survey.ris"]
    assert "note = {" not in survey.bib  # the BibTeX note held the file names
    site = "\n".join(text for name, text in exports.items() if name.endswith(".md"))
    assert "Found in:** Hugging Face Daily Papers\\, 11 March 2025" in site
    for residue in ("ARTcdotV", "\\\\jedi", "\\\\times", "46\\.7times"):  # as MyST escapes them
        assert residue not in site, residue
    assert "ART·V" in site and "118× lower cost" in site


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
        names = [bibtex_name(a) for a in row["authors"].split("; ") if a] + (["others"] if row["authors_complete"] == "no" else [])
        assert (fields["author"].value.split(" and ") if "author" in fields else []) == names
        assert (fields["year"].value if "year" in fields else "") == row["year"]
        month = MONTHS[int(row["month"]) - 1] if row["month"] else ""
        assert (fields["month"].value if "month" in fields else "") == month
        if row["arxiv_id"]:
            assert (entry["eprint"], entry["archivePrefix"]) == (row["arxiv_id"], "arXiv")
            assert entry["url"] == f"https://arxiv.org/abs/{row['arxiv_id']}"
        assert "primaryClass" not in fields and "note" not in fields
        assert (fields["doi"].value if "doi" in fields else "") == row["doi"]
        if row["arxiv_id"]:
            assert row["doi"] == f"10.48550/arXiv.{row['arxiv_id']}"
        if not row["authors"]:
            assert fields["key"].value  # what BibTeX sorts by instead of the author


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
    allowed = {f"Warning--empty author in {k}" for k in survey.no_author}
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
    """pandoc's BibTeX reader (a real LaTeX decoder) gives back every title, abstract, author and
    date: the escaping loses nothing."""
    pandoc = require_tool("pandoc")
    (tmp_path / "references.bib").write_text(survey.bib, encoding="utf-8")
    result = run([pandoc, "-f", "bibtex", "-t", "csljson", "references.bib"], tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert set(items) == set(survey.keys)
    for key, item in items.items():
        row = survey.rows[key]
        for field, want in (("title", row["title"]), ("abstract", row["abstract"])):
            assert plain(item.get(field, "")) == plain(want), (key, field)
        families = [a.get("family") or a.get("literal") for a in item.get("author", [])]
        expected = [name_parts(a)["family"] for a in row["authors"].split("; ") if a]
        assert families == expected + (["others"] if row["authors_complete"] == "no" else [])
        parts = item.get("issued", {}).get("date-parts", [[]])[0]
        assert parts == ([int(row["year"])] + ([int(row["month"])] if row["month"] else []) if row["year"] else [])
        assert item.get("URL", "") == paper_url(survey.by_key[key])
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
        assert text == chapter_bibtex(survey.papers, chapter.slug).decode()
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
    assert text == to_ris(survey.papers, survey.pages).decode()
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
    assert text == to_csl_json(survey.papers).decode()
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


# --- citation-js (npm) -----------------------------------------------------------------------------

CITATIONJS = Path(__file__).with_name("citationjs.mjs")
CITATIONJS_FILES = {"bibtex": "downloads/references.bib", "ris": "downloads/survey.ris", "csl": "downloads/survey.json"}


def citationjs(path: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    """tests/book/citationjs.mjs: citation-js 0.7 parses the file; any warning or error it logs, a record it
    skips, an item without an id or title is fatal (exit 1)."""
    node = require_tool("node")
    if not (ROOT / "tests" / "node_modules" / "@citation-js" / "core").is_dir():
        missing("citation-js is not installed: npm ci --prefix tests")
    return run([node, str(CITATIONJS), str(path), fmt], path.parent)


def reader_name(author: str) -> str:
    """'Given von Family', the form citationjs.mjs prints a parsed name in."""
    parts = name_parts(author)
    return " ".join(p for p in (parts.get("given"), parts.get("non-dropping-particle"), parts.get("family")) if p)


@pytest.mark.parametrize("fmt", sorted(CITATIONJS_FILES))
def test_citationjs_reads_every_export_with_the_tables_titles_authors_and_years(survey, tmp_path, fmt):
    path = tmp_path / Path(CITATIONJS_FILES[fmt]).name
    path.write_text(survey.outputs[CITATIONJS_FILES[fmt]], encoding="utf-8")
    result = citationjs(path, fmt)
    assert result.returncode == 0 and result.stderr == "", result.stderr[-3000:]
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == survey.keys
    for item in items:
        row = survey.rows[item["id"]]
        # BibTeX is LaTeX: citation-js reads ``x'' as “x” and -- as an en dash, as LaTeX does (plain() ignores both)
        assert plain(item["title"]) == plain(row["title"]), (fmt, item["id"])
        assert item["authors"] == [reader_name(a) for a in row["authors"].split("; ") if a], (fmt, item["id"])
        assert item["year"] == (int(row["year"]) if row["year"] else None), (fmt, item["id"])
    assert "ART·V: Auto-Regressive Text-to-Video Generation with Diffusion Models" in {i["title"] for i in items}


@pytest.mark.parametrize("fmt, content", [
    ("bibtex", "@misc{a,\n  title = {Unclosed\n"),
    ("bibtex", "@misc{a, title={A}, year={2020})\n"),  # plugin-bibtex logs a warning and goes on
    ("bibtex", "@misc{a, title={A}}\n\n@misc {b title={B}}\n"),  # skipped silently as junk: counted
    ("ris", "TY  - UNPB\nTI  - No end record\n"),
    ("csl", '{"id": "x"}'),
])
def test_citationjs_check_fails_on_a_broken_file(tmp_path, fmt, content):
    path = tmp_path / f"bad.{fmt}"
    path.write_text(content, encoding="utf-8")
    result = citationjs(path, fmt)
    assert result.returncode == 1 and result.stderr.strip() and result.stdout == ""


def test_citationjs_splits_family_first_names_as_bibtex_does(tmp_path):
    """The reason BibTeX names are written 'Family, Given': citation-js reads 'Huan-ang Gao' as a particle."""
    path = tmp_path / "names.bib"
    path.write_text("@misc{a,\n  title = {A},\n  author = {Gao, Huan-ang and Huan-ang Gao}\n}\n", encoding="utf-8")
    result = citationjs(path, "bibtex")
    assert result.returncode == 0, result.stderr
    authors = json.loads(result.stdout)[0]["authors"]
    assert authors[0] == "Huan-ang Gao" and authors[1] != "Huan-ang Gao"
