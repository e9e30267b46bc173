"""The real survey in this repository: complete, current, and building without warnings."""
import re
import shutil

import bibtexparser
import pytest

from survey.inputs.taxonomy import load_taxonomy
from survey.pipeline import generate
from tests.helpers import ROOT, build_html, published_table, run_survey


@pytest.fixture(scope="module")
def outputs():
    return generate(ROOT)


def test_committed_outputs_are_current_and_deterministic(outputs):
    """The generated files in the repository are exactly what the generator makes from data/."""
    assert outputs == generate(ROOT)
    committed = [name for name in outputs if not name.startswith(("_static/", "chapters/figures/"))]  # not binaries
    assert {"references.bib", "downloads/survey.json", "_extra/feed.xml", "index.md"} <= set(committed)
    for name in committed:
        content = outputs[name]
        expected = content.encode("utf-8") if isinstance(content, str) else content  # the downloads are bytes
        assert (ROOT / name).read_bytes() == expected, f"{name} is stale: run `make generate`"


def test_table_and_bibliography_hold_all_325_papers(outputs):
    table = published_table(ROOT / "data" / "papers.csv")
    assert len(table) == 325 and table["key"].is_unique
    library = bibtexparser.parse_string(outputs["references.bib"].decode("utf-8"))
    assert not library.failed_blocks and [e.key for e in library.entries] == list(table["key"])


def test_every_paper_appears_in_a_chapter_page_and_other_is_small(outputs):
    table = published_table(ROOT / "data" / "papers.csv")
    taxonomy = load_taxonomy(ROOT / "data" / "themes.yml")
    for _, row in table.iterrows():
        assert f"`{row['key']}`" in outputs[f"chapters/{row['primary_theme']}.md"]
    assert (table["primary_theme"] == taxonomy.fallback).sum() <= 0.05 * len(table)
    assert set(table["primary_theme"]) == {c.slug for c in taxonomy.chapters}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    """The real survey generated and built into HTML in a temporary copy of the repository."""
    book = tmp_path_factory.mktemp("site") / "survey"
    shutil.copytree(ROOT, book, symlinks=True, ignore=shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "tests",
                                                              "figures", "vega-bundle.js"))
    generated = run_survey(book, "build")
    assert generated.returncode == 0, generated.stderr
    result = build_html(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build" / "html"


@pytest.mark.slow
def test_real_site_builds_with_zero_warnings(real_site):
    html = (real_site / "chapters" / "virtual-try-on.html").read_text(encoding="utf-8")
    assert "CatVTON" in html and 'href="bibliography.html#cite-' in html


EXTERNAL_LOAD = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE)


@pytest.mark.slow
def test_no_page_loads_scripts_styles_or_fonts_from_another_host(real_site):
    offenders = []
    for path in sorted(real_site.rglob("*")):
        if path.suffix in {".html", ".css"}:
            for match in EXTERNAL_LOAD.finditer(path.read_text(encoding="utf-8", errors="replace")):
                offenders.append(f"{path.relative_to(real_site)}: {match.group(0)[:120]}")
    assert offenders == []
    assert (real_site / "_static" / "vega-bundle.js").stat().st_size > 100_000


@pytest.mark.slow
def test_charts_draw_with_tooltips_and_no_request_leaves_the_site(real_site, tmp_path):
    """Real headless Chromium on the real survey, every other host blocked: each chart holds a drawn SVG,
    hovering a point of the corpus map shows a tooltip, and nothing is fetched from elsewhere."""
    from tests.browser import browser_page, serve

    with serve(real_site) as base, browser_page(base) as (page, watch):
        for name in ["overview", "virtual-try-on", "federated-learning"]:
            page.goto(f"{base}/chapters/{name}.html", wait_until="load")
            page.wait_for_function("() => Array.from(document.querySelectorAll('div.survey-chart'))"
                                   ".every(el => el.querySelector('svg path, svg text'))", timeout=20000)
            charts = page.locator("div.survey-chart").count()
            assert charts >= 3, name
            page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
        point = page.locator("#chart-overview-map svg .mark-symbol path").first
        page.goto(f"{base}/chapters/overview.html", wait_until="load")
        page.wait_for_function("() => document.querySelector('#chart-overview-map svg .mark-symbol path')", timeout=20000)
        point.hover(force=True)
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
        assert page.locator("#vg-tooltip-element.visible").inner_text().strip()
        # sphinx-thebe (a Jupyter Book default) declares THEBE_JS_URL twice on every page: a known theme error.
        errors = [e for e in watch.page_errors if "THEBE_JS_URL" not in e]
        assert watch.blocked == [] and watch.failed == [] and errors == []
