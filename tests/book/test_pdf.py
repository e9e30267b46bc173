"""The PDF edition of the real survey, built with the real Jupyter Book LaTeX builder and xelatex."""
import re
import shutil
import subprocess

import pytest

from survey.inputs.taxonomy import load_taxonomy
from survey.site.charts import PLACEHOLDER_PNG, png_text
from tests.helpers import ROOT, published_table, require_tool, run_survey

pytestmark = pytest.mark.slow


def flat(text: str) -> str:
    """Text with hyphenation, line breaks and case differences removed, for robust searching."""
    return re.sub(r"\s+", " ", text.replace("-\n", "-").replace("\u00ad", "")).casefold()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    require_tool("xelatex")
    require_tool("latexmk")
    require_tool("pdftotext")
    book = tmp_path_factory.mktemp("pdf") / "survey"
    shutil.copytree(ROOT, book, symlinks=True, ignore=shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "tests",
                                                              "figures", "vega-bundle.js"))
    generated = run_survey(book, "build")
    assert generated.returncode == 0, generated.stderr
    result = run_survey(book, "pdf", timeout=1800)  # it draws the charts' PNGs too (8 min under a load of 10)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build" / "latex" / "survey.pdf"


@pytest.fixture(scope="module")
def pdf_text(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_title_page_and_every_chapter(pdf_text):
    text = flat(pdf_text)
    assert "a survey of recent machine-learning papers" in text and "the survey editors" in text
    for chapter in load_taxonomy(ROOT / "data" / "themes.yml").chapters:
        assert flat(chapter.title) in text, chapter.title
    assert "overview of the corpus" in text and "all papers" in text


def test_every_chart_is_an_image_in_the_pdf(pdf):
    require_tool("pdfimages")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    images = len(listing.splitlines()) - 2  # two header lines
    pngs = sorted((pdf.parents[2] / "chapters" / "figures").glob("*.png"))
    assert len(pngs) >= 3 * 17 and images >= len(pngs)
    # `survey build` leaves placeholders; `survey pdf` draws every chart.
    assert all(png_text(p.read_bytes())["survey-chart"] != png_text(PLACEHOLDER_PNG)["survey-chart"] for p in pngs)


def test_unicode_titles_come_out_right(pdf_text):
    text = flat(pdf_text)
    assert flat("The Superposition of Diffusion Models Using the Itô Density Estimator") in text
    assert flat("λ-ECLIPSE: Multi-Concept Personalized Text-to-Image Diffusion") in text


def test_citations_resolve_to_a_bibliography_at_the_end(pdf_text):
    table = published_table(ROOT / "data" / "papers.csv")
    start = pdf_text.find("\nBIBLIOGRAPHY\n")  # the last chapter's heading
    assert start > pdf_text.find("\nOTHER TOPICS\n") > 0, "the bibliography must come after the chapters"
    labels = {int(n) for n in re.findall(r"^\[(\d+)\](?:\s|$)", pdf_text[start:], flags=re.MULTILINE)}
    assert labels == set(range(1, len(table) + 1))
    assert "[?]" not in pdf_text and "??" not in pdf_text
