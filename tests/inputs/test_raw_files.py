"""Any corpus in: listing pages and bibliographic exports in data/raw, merged into one paper each, through
the whole generation (authors, keys, Sources page), and a drafted taxonomy when data/themes.yml is missing."""
from __future__ import annotations

import csv
import io
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from survey.core.errors import InputError
from survey.formats import myst
from survey.inputs.raw_files import read_raw_files
from survey.model.paper import normalize_title
from survey.pipeline import DRAFT_THEMES, generate

from ..helpers import FIXTURE_BOOK, ROOT, run_survey

EXPORTS = ROOT / "tests" / "fixtures" / "exports"
GOOD = sorted(p for p in EXPORTS.iterdir() if p.is_file())  # every format: .bib, .ris, .json, .xml


def book_with_exports(folder: Path) -> Path:
    shutil.copytree(FIXTURE_BOOK, folder, symlinks=True)
    for export in GOOD:
        shutil.copy(export, folder / "data" / "raw" / export.name)
    return folder


@lru_cache(maxsize=1)
def generated(folder: Path) -> dict[str, str | bytes]:
    return generate(folder)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return book_with_exports(tmp_path_factory.mktemp("exports") / "book")


def table(outputs) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(outputs["data/papers.csv"].decode("utf-8"), newline="")))


def test_every_format_is_recognised_and_read():
    kinds = {f.source: f.kind for f in read_raw_files(EXPORTS.parent / "book" / "data" / "raw").report.files}
    assert set(kinds.values()) == {"listing page"}
    files = {f.source: f for f in read_raw_files(EXPORTS).report.files}
    assert {files[name].kind for name in files} == {
        "BibTeX", "RIS", "CSL-JSON", "Hugging Face daily papers", "arXiv Atom"}


def test_each_paper_appears_once_with_its_authors_and_every_source(book):
    rows = table(generated(book))
    titles = [normalize_title(r["title"]) for r in rows]
    assert len(titles) == len(set(titles))
    ids = [r["arxiv_id"] for r in rows if r["arxiv_id"]]
    assert len(ids) == len(set(ids))
    by_title = {r["title"]: r for r in rows}
    superposition = by_title["The Superposition of Diffusion Models Using the Itô Density Estimator"]
    assert superposition["sources"].split(";") == ["arxiv.bib", "zotero-csl.json", "zotero.bib"]  # name order
    assert superposition["authors"] and superposition["arxiv_id"]
    # An export repeating a listed paper under another spelling meets it by the curated arXiv id; the
    # curated metadata (2024, Ana Müller; Bo Chen) wins over the export's (2023).
    fedavgx = by_title["FedAvgX: Robust Federated Learning against Byzantine Clients"]
    assert fedavgx["sources"].split(";") == ["001_first.txt", "002_second.txt", "book-duplicates.bib"]
    assert (fedavgx["year"], fedavgx["authors"]) == ("2024", "Ana Müller; Bo Chen")
    # A listed paper the curated metadata does not know takes the export's authors and date.
    coffee = by_title["A Study of Coffee Brewing Temperatures"]
    assert (coffee["authors"], coffee["authors_complete"], coffee["year"], coffee["month"]) == ("Jo Barista", "no", "2022", "5")
    # LaTeX decoded to Unicode; an export-only paper without any listing has no listing date.
    ito = by_title["Stochastic Differential Equations for $λ$-Calculus & Diffusion: A 100% Study"]
    assert ito["authors"] == "Kiyoshi Itô; Ivan Vulić; Søren Østergaard" and ito["dates"] == ""
    assert ito["abstract"].startswith("We relate Itô calculus")
    # Entries without an abstract are kept with their title only.
    assert any(r["abstract"] == "" and r["sources"] == "partly-broken.bib" for r in rows)
    # A list that goes on where the first source's stops completes it (arXiv's feed gave three of six).
    gains = next(r for r in rows if r["title"].startswith("Fantastic Gains"))
    assert gains["authors"].split("; ")[-1] == "Zeynep Akata" and gains["sources"] == "arxiv-api.xml;jabref.bib"


def test_the_sources_page_reports_each_file(book):
    outputs = generated(book)
    page = outputs["chapters/sources.md"]
    assert "chapters/sources" in outputs["_toc.yml"] and "{ref}`sources`" in outputs["index.md"]
    reported = {f.source for f in read_raw_files(book / "data" / "raw").report.files}
    assert reported == {p.name for p in (book / "data" / "raw").iterdir()}
    assert all(f"| {name.split('.')[0][:4]}" in page.replace("\\", "") for name in reported)
    assert "no title" in page  # skipped entries say why
    assert "same arXiv id" in page and "same title" in page
    assert "Sources that disagree" in page and "year" in page


def test_hostile_text_in_exports_stays_text(book):
    """Markup in exported titles and abstracts is escaped as MyST text (charts carry it as JSON data, and
    tests/book/test_hostile.py checks the rendered site)."""
    outputs = generated(book)
    pages = [name for name in outputs if name.startswith("papers/") or name in (
        "chapters/sources.md", "chapters/all-papers.md", "index.md")]
    assert len(pages) > 3
    for name in pages:
        text = re.sub(r"(?ms)^(`{3,})bibtex\n.*?^\1$", "", outputs[name])  # code blocks show their text verbatim
        assert "<b>bold</b>" not in text and "<script>alert" not in text, name
    assert any(myst.text("<b>bold</b>") in outputs[name] for name in pages)  # shown, escaped


def test_an_unreadable_export_stops_the_build_with_one_line(tmp_path):
    root = book_with_exports(tmp_path / "book")
    shutil.copy(EXPORTS / "broken" / "bad.json", root / "data" / "raw" / "bad.json")
    result = run_survey(root, "--quiet", "build")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith("WARNING: ")]
    assert len(errors) == 1 and errors[0].startswith("error: ") and "bad.json:4: not valid JSON" in errors[0]
    assert "Traceback" not in result.stderr


def test_without_themes_yml_the_build_drafts_a_taxonomy_and_says_so(tmp_path):
    root = book_with_exports(tmp_path / "book")
    (root / "data" / "themes.yml").unlink()
    outputs = generate(root)
    draft = outputs[DRAFT_THEMES]
    assert draft.startswith("# DRAFT") and "fallback_chapter: other" in draft
    assert "The taxonomy is a draft" in outputs["index.md"]
    rows = table(outputs)
    assert len(rows) == len(table(generated(book_with_exports(tmp_path / "again"))))
    assert generate(root)[DRAFT_THEMES] == draft  # deterministic
    result = run_survey(root, "draft-themes")
    assert result.returncode == 0, result.stderr
    assert (root / DRAFT_THEMES).read_text(encoding="utf-8") == draft
    assert not (root / "data" / "themes.yml").exists()  # never written: that file is the editor's


def test_a_folder_without_inputs_is_an_input_error(tmp_path):
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    with pytest.raises(InputError, match="no listing pages"):
        read_raw_files(tmp_path)


def test_files_neither_listings_nor_exports_are_named_and_left_out(tmp_path, caplog):
    from survey.inputs.raw_files import input_files

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("b.txt", "A.TXT", "refs.bib", "notes.md", "scan.pdf", ".hidden.txt", "z.ris"):
        (raw / name).write_text("x", encoding="utf-8")
    (raw / "folder.txt").mkdir()
    with caplog.at_level("WARNING"):
        assert [p.name for p in input_files(raw)] == ["A.TXT", "b.txt", "refs.bib", "z.ris"]
    assert sorted(r.getMessage().split(":")[0] for r in caplog.records) == [str(raw / "notes.md"), str(raw / "scan.pdf")]
