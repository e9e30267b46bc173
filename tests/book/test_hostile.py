"""Hostile and broken input (issue 5): corpus text is data, never markup; clear errors; nothing lost.

The fixture book tests/fixtures/hostile holds titles and abstracts made of HTML and JavaScript, MyST and
Markdown syntax, LaTeX and BibTeX breakers, Unicode oddities, path-like titles, near-duplicates, a
title without an abstract and a ~200 KB abstract, plus a taxonomy, overrides and metadata with the same
kind of text. It is generated and built (HTML and PDF) once per session; the tests then look at the
result the way a reader does: in headless Chromium (tests/browser.py), with pdftotext, and through
every BibTeX consumer. Broken input files must stop the run with one line naming the file, the line and
the fix (exit code 2, no traceback), and an interrupted run must leave the previous outputs usable.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import bibtexparser
import pybtex.database
import pytest

from survey import cli, pipeline
from survey.analysis.display import display_text
from survey.inputs.listings import parse_listing, read_listing
from survey.model.paper import normalize_title
from survey.pipeline import generate, write_outputs
from tests.helpers import ROOT, build_html, published_table, require_tool, run_survey

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SENTINEL_FILES = [Path("/tmp/pwned"), Path("/tmp/survey-pwned.md")]  # what the payloads would create
# Invisible characters the generator drops (they carry no text; a right-to-left override would
# otherwise reorder what the reader sees).
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Console and page errors the book theme itself produces on every page, hostile input or not
# (sphinx-book-theme 1.3 includes the thebe snippet twice and reads an unset theme mode).
THEME_NOISE = ("Identifier 'THEBE_JS_URL' has already been declared", "Got invalid theme mode")
THEME_HANDLERS = ("window.print()", "toggleFullScreen()")  # the theme's own buttons


def visible(text: str) -> str:
    """What a reader must see for `text`: single-spaced, without control or bidi-control characters."""
    text = " ".join(text.split())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    return " ".join(BIDI.sub("", text).split())


def plain(text: str) -> str:
    """Text as a bibliography shows it: the style may change case, quote marks and TeX's ligatures
    (-- and --- for dashes, ?` and !` for ¿ and ¡), and the BibTeX escaping composes accents (NFC)."""
    text = unicodedata.normalize("NFC", visible(text)).casefold()
    text = re.sub(r"[?!]`", lambda m: "¿" if m.group()[0] == "?" else "¡", text)
    text = re.sub(r"``|''|[`'\"“”‘’]", '"', text).replace("—", "---").replace("–", "--")
    return " ".join(text.split())


def listings(root: Path) -> list:
    return [listing for page in sorted((root / "data" / "raw").glob("*.txt")) for listing in read_listing(page)]


def generated_files(root: Path) -> dict[str, bytes]:
    """Every file under the book except its inputs and the Sphinx build."""
    inputs = {"_config.yml", "data/themes.yml", "data/overrides.yml", "data/arxiv_metadata.csv"}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "_build" not in p.relative_to(root).parts
            and not p.relative_to(root).as_posix().startswith("data/raw/") and not p.name.endswith(".tmp")
            and p.relative_to(root).as_posix() not in inputs}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


# --------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The hostile fixture generated and built into HTML once per session."""
    existing = {sentinel for sentinel in SENTINEL_FILES if sentinel.exists()}
    root = tmp_path_factory.mktemp("hostile") / "book"
    shutil.copytree(HOSTILE, root, symlinks=True)
    generated = run_survey(root, "build")
    assert generated.returncode == 0, generated.stderr[-3000:]
    assert "Traceback" not in generated.stderr
    built = build_html(root)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return SimpleNamespace(root=root, html=root / "_build" / "html", stderr=generated.stderr,
                           table=published_table(root / "data" / "papers.csv"), listings=listings(root),
                           sentinels=[s for s in SENTINEL_FILES if s not in existing])


@pytest.fixture(scope="session")
def hostile_pdf(hostile) -> SimpleNamespace:
    """The PDF edition of the hostile fixture (xelatex), built once per session."""
    require_tool("xelatex")
    require_tool("latexmk")
    pdftotext = require_tool("pdftotext")
    result = run_survey(hostile.root, "pdf")
    latex = hostile.root / "_build" / "latex"
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdf = latex / "survey.pdf"
    assert pdf.is_file()
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    log = (latex / "survey.log").read_text(encoding="utf-8", errors="replace")
    return SimpleNamespace(pdf=pdf, text=text, log=log)


# ------------------------------------------------------------------------------- nothing is lost

def test_line_separators_inside_a_title_do_not_split_it():
    """Only CR, LF and CRLF end a line of a listing page: U+2028, U+0085, a form feed or a record separator
    pasted into a title must not split it into two papers (and shift every later title and abstract)."""
    text = HEAD + "One\u2028Title\x85with\x0cseparators\x1e\u202e\n\n" + ABSTRACT + "\n\nNext Title\n\n" + ABSTRACT
    listings = parse_listing(text, "p.txt")
    assert [(listing.title, listing.abstract, listing.line) for listing in listings] == [
        ("One Title with separators", ABSTRACT, 11), ("Next Title", ABSTRACT, 15)]


@pytest.mark.slow
def test_the_fixture_holds_every_kind_of_hostile_input(hostile):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((hostile.root / "data" / "raw").glob("*.txt")))
    for payload in ["<script>", "onerror=", "javascript:", "{raw} html", "{eval-rst}", "{cite}", "$x^2$",
                    "<!--", "| Cell |", ":::", "# Heading", "\\input{", "\\write18{", "\\end{document}", "%", "&",
                    "#", "_", "~", "^", "\\", "@misc{", '"', "🚀", "深度", "\u202e", "\u200b", "\u0301",
                    "../../etc/passwd", "C++", "C#"]:
        assert payload in text, payload
    assert max(len(listing.abstract) for listing in hostile.listings) > 150_000
    assert any(not listing.abstract for listing in hostile.listings)
    themes = (hostile.root / "data" / "themes.yml").read_text(encoding="utf-8")
    assert "{raw} html" in themes and "\\\\write18" in themes and "|" in themes


@pytest.mark.slow
def test_every_distinct_title_is_in_the_table_and_on_its_pages(hostile):
    """A paper never silently disappears: one row per normalized title, shown on its chapter page,
    on the all-papers page and in the bibliography."""
    table = hostile.table
    distinct = {normalize_title(listing.title) for listing in hostile.listings}
    assert len(table) == len(distinct) == 31  # 35 listings: 2 spelling variants, C/C++/C# merged
    assert table["key"].is_unique
    first: dict[str, str] = {}
    for listing in hostile.listings:
        first.setdefault(normalize_title(listing.title), listing.title)
    # each paper's title as first listed, as readable text ($x^2$ shown as x²: analysis.display)
    assert {normalize_title(t) for t in table["title"]} == {normalize_title(display_text(t)) for t in first.values()}
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (hostile.root / "chapters").glob("*.md")}
    bib = bibtexparser.parse_string((hostile.root / "references.bib").read_text(encoding="utf-8"))
    assert sorted(e.key for e in bib.entries) == sorted(table["key"])
    for _, row in table.iterrows():
        assert f"{{cite:p}}`{row['key']}`" in pages[row["primary_theme"]]
        assert pages["all-papers"].count(f"{{cite:p}}`{row['key']}`") == 1


@pytest.mark.slow
def test_a_merged_title_that_is_spelled_differently_is_reported(hostile):
    """Titles that differ only in punctuation ('C++ Kernels', 'C Kernels', 'C# Kernels') are merged into
    one paper by design; the run must say so, naming the title that no longer appears, so that a
    different paper is never merged away silently. Case, spacing and a final period are not worth a
    message."""
    kept = set(hostile.table["title"])

    def same(a: str, b: str) -> bool:
        return " ".join(a.casefold().split()).rstrip(".") == " ".join(b.casefold().split()).rstrip(".")

    unreported = [listing.title for listing in hostile.listings  # a title is kept as readable text (analysis.display)
                  if display_text(listing.title) not in kept and not any(same(display_text(listing.title), k) for k in kept)
                  and listing.title not in hostile.stderr]
    assert not unreported, f"merged into another paper without a message: {unreported}"


@pytest.mark.slow
def test_nothing_is_written_outside_the_book_and_two_runs_are_byte_identical(hostile, tmp_path):
    """Whatever a title says (../../etc/passwd, /absolute/path), the run writes exactly the files the
    generator declares, all inside the book; a second run elsewhere, with another hash seed, gives
    byte-identical files."""
    root = tmp_path / "deep" / "er" / "book"
    shutil.copytree(HOSTILE, root, symlinks=True)
    before = set(tmp_path.rglob("*"))
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-m", "survey", "--root", str(root), "build"],
                            capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path / "deep")
    assert result.returncode == 0, result.stderr[-3000:]
    new_paths = set(tmp_path.rglob("*")) - before
    assert not [p for p in new_paths if not p.resolve().is_relative_to(root.resolve())]
    created = {p.relative_to(root).as_posix() for p in new_paths if p.is_file()}
    declared = set(generate(root))
    # Besides the declared files, `survey build` keeps its manifest and its fitted role model in _build/.
    bookkeeping = {name for name in created if name.startswith("_build/")}
    assert bookkeeping == {"_build/survey-digest.json", *(n for n in bookkeeping if n.startswith("_build/survey-cache/roles-"))}
    assert len(bookkeeping) == 2
    assert created - bookkeeping == declared
    for sentinel in hostile.sentinels:
        assert not sentinel.exists()
    second, first = generated_files(root), generated_files(hostile.root)
    assert sorted(second) == sorted(first)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"not deterministic: {different}"


@pytest.mark.slow
def test_no_output_carries_control_or_bidi_characters(hostile):
    """A right-to-left override in a title reverses what follows it wherever the title is shown (the
    paper table in a spreadsheet, chart labels and tooltips, the terminal): no generated file, chart spec
    or log line may carry control or bidirectional formatting characters."""
    invisible = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    found = []
    for name, content in generated_files(hostile.root).items():
        if not name.endswith((".md", ".csv", ".bib", ".yml")):
            continue
        text = content.decode("utf-8")
        found += [(name, m.group()) for m in invisible.finditer(text)]
        for spec in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', text, re.S):
            found += [(name, s) for s in strings(json.loads(spec)) if invisible.search(s)]
    assert not found, found
    assert not invisible.search(hostile.stderr.replace("\n", " "))


# --------------------------------------------------------------------------- the site, in a browser

def _pages(html_root: Path) -> list[str]:
    return sorted(p.relative_to(html_root).as_posix() for p in html_root.rglob("*.html")
                  if not p.relative_to(html_root).parts[0].startswith(("_static", "_sources")))


def _load(page, url: str) -> None:
    page.goto(url, wait_until="load")
    # Charts are drawn by the bundle after DOMContentLoaded; give them (and any injected handler) time.
    page.wait_for_function("() => Array.from(document.querySelectorAll('div.survey-chart'))"
                           ".every(el => el.querySelector('svg, canvas') || el.textContent.trim())", timeout=15000)
    page.wait_for_timeout(150)


def _assert_clean(page, watch, where: str, content: bool = True) -> None:
    assert not watch.pwned(page), f"{where}: an injected script ran: {watch.problems()}"
    unexpected = [p for p in watch.problems() if not any(noise in p for noise in THEME_NOISE)]
    assert not unexpected, f"{where}: {unexpected}"
    dom = page.evaluate("""(themeHandlers) => {
        const all = Array.from(document.querySelectorAll('*'));
        // The page's own content: the sections Sphinx made from the generated Markdown.
        const content = Array.from(document.querySelectorAll('article.bd-article > section'));
        return {
          handlers: all.flatMap(el => Array.from(el.attributes).filter(a => /^on/i.test(a.name))
                                            .filter(a => !themeHandlers.includes(a.value))
                                            .map(a => el.tagName + ' ' + a.name + '=' + a.value)),
          jsLinks: all.filter(el => /^\\s*(javascript|data|vbscript):/i.test(el.getAttribute('href') || el.getAttribute('src') || ''))
                      .map(el => el.outerHTML.slice(0, 200)),
          active: content.flatMap(section => Array.from(section.querySelectorAll(
                      'script:not([type="application/json"]), iframe, object, embed, img, style, link, base, meta, form, input, textarea, button, video, audio, svg')))
                      .filter(el => !el.closest('div.survey-chart'))  // what Vega draws inside a chart
                      .filter(el => !el.closest('div.highlight > button.copybtn'))  // sphinx-copybutton's button
                      .filter(el => !(el.matches('svg.sd-octicon') && el.closest('details.sd-dropdown > summary')))  // the BibTeX dropdown's chevron
                      .map(el => el.outerHTML.slice(0, 200)),
          sections: content.length,
        };
    }""", list(THEME_HANDLERS))
    assert dom["sections"] >= 1 or not content, f"{where}: no content section found"
    assert (dom["handlers"], dom["jsLinks"], dom["active"]) == ([], [], []), f"{where}: {dom}"


@pytest.mark.slow
def test_no_page_runs_injected_code_and_every_title_shows_literally(hostile):
    from tests.browser import browser_page, serve

    table = hostile.table
    with serve(hostile.html) as base, browser_page(base) as (page, watch):
        texts = {}
        for name in _pages(hostile.html):
            _load(page, f"{base}/{name}")
            _assert_clean(page, watch, name, content=name not in ("genindex.html", "search.html"))
            texts[name] = " ".join(page.inner_text("main").split())
            watch.clear()
    for _, row in table.iterrows():
        title = visible(row["title"])
        assert title in texts[f"chapters/{row['primary_theme']}.html"], title
        assert texts["chapters/all-papers.html"].count(title + " [") >= 1, title
        if row["short_name"]:
            assert visible(row["short_name"]) in texts["chapters/all-papers.html"]
    for literal in ["<script>window.__pwned=1;alert(1)</script> Robust Federated Learning",
                    "<img src=x onerror=alert(1)>: Diffusion Models", "[here](javascript:window.__pwned=1)",
                    "```{raw} html <script>document.title='PWNED'</script> ```", "{cite}`fake2024`",
                    "$x^2$", "<!-- hidden -->", "| Cell | Splitter |", ":::{note}", "# Heading Title with **bold**",
                    "\\input{/etc/passwd} and \\write18{touch /tmp/pwned} then \\end{document}",
                    "100% & #1 _under_score~tilde^caret \\backslash {unbalanced { braces",
                    '@misc{evil, title={Injected Entry}} "quoted", commas, and {braces',
                    "Emoji 🚀🔥 Models: 👩‍👩‍👧‍👦 Families", "深度学习 CJK Federated Learning: 联邦学习",
                    "Right-to-left override and Arabic مرحبا", "Zero\u200bwidth\u200cjoiners\u200d and combining e\u0301\u0300",
                    "../../etc/passwd", "../../../tmp/survey-pwned.md", "C:\\Windows\\system32\\evil.bat"]:
        # LaTeX the generator recognises is shown as text ($x^2$ as x², ~ as a space: analysis.display); the
        # rest, unknown macros included, literally as typed. Nothing runs.
        assert display_text(literal) in texts["chapters/all-papers.html"], literal
    assert "x²" in texts["chapters/all-papers.html"] and "\\write18{touch /tmp/pwned}" in texts["chapters/all-papers.html"]
    # Text from the taxonomy: headings, scope and intro paragraphs.
    fed = texts["chapters/federated-learning.html"]
    assert "Federated learning & 100% {cite}`x` $y$ #1" in fed
    assert "```{raw} html <script>window.__pwned=1</script> ``` Training across clients" in fed
    assert "Robustness \\write18{x} #1 _a_ ~ ^" in fed and "# Attacks | and | defenses :::{note} x ::: <!-- c -->" in fed


@pytest.mark.slow
def test_links_from_the_corpus_are_only_http(hostile):
    """Code links come from abstracts: only http(s) URLs become links, percent-encoded, never javascript:."""
    html = (hostile.html / "chapters" / "all-papers.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a class="reference external" href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    assert "https://github.com/evil/repo)%5D(javascript:alert(1" in hrefs  # a harmless path, not a link target
    assert 'href="javascript' not in html.lower()


@pytest.mark.slow
def test_search_and_chart_tooltips_run_no_injected_code(hostile):
    """The search page renders titles with innerHTML (Sphinx 7.4) and chart tooltips render paper titles:
    neither may turn hostile text into markup."""
    from tests.browser import browser_page, serve

    with serve(hostile.html) as base, browser_page(base) as (page, watch):
        for query in ["federated", "robustness", "hostile", "script", "img", "heading", "diffusion models"]:
            page.goto(f"{base}/search.html?q={query}", wait_until="load")
            page.wait_for_selector("#search-results .search-summary", timeout=15000)
            page.wait_for_timeout(300)
            _assert_clean(page, watch, f"search {query!r}", content=False)
            watch.clear()
        _load(page, f"{base}/chapters/overview.html")
        points = page.locator("#chart-overview-map svg path[role='graphics-symbol'], #chart-overview-map svg .mark-symbol path")
        count = points.count()
        assert count >= len(hostile.table)
        shown = []
        for index in range(count):
            point = points.nth(index)
            box = point.bounding_box()
            for kind in ("pointerover", "pointermove", "mouseover", "mousemove"):  # reaches points under others
                point.dispatch_event(kind, {"clientX": box["x"] + box["width"] / 2, "clientY": box["y"] + box["height"] / 2})
            tooltip = page.locator("#vg-tooltip-element")
            if tooltip.count() and tooltip.is_visible():
                shown.append(tooltip.inner_text())
                assert page.evaluate("() => document.querySelectorAll('#vg-tooltip-element *:not(table):not(tbody):not(tr):not(td)"
                                     ":not(h2)').length") == 0
        _assert_clean(page, watch, "overview map tooltips")
    text = "\n".join(shown)
    assert "<script>window.__pwned=1;alert(1)</script> Robust Federated Learning" in text
    assert "<img src=x onerror=alert(1)>" in text


def _bibliography_text(hostile) -> str:
    from tests.browser import browser_page, serve

    with serve(hostile.html) as base, browser_page(base) as (page, watch):
        _load(page, f"{base}/chapters/bibliography.html")
        _assert_clean(page, watch, "bibliography")
        return plain(page.inner_text("main"))


PYBTEX_CANNOT_SHOW = re.compile(r"[{}^$]")


@pytest.mark.slow
def test_bibliography_page_shows_every_title(hostile):
    """The site's bibliography (pybtex via sphinxcontrib-bibtex) shows every title; the style may
    change case, quote marks and dashes, nothing else (no LaTeX command name, no lost character)."""
    text = _bibliography_text(hostile)
    titles = [t for t in hostile.table["title"] if not PYBTEX_CANNOT_SHOW.search(t)]
    assert len(titles) >= 20
    missing = [t for t in titles if plain(t) not in text]
    assert not missing, f"not shown literally in the bibliography: {missing}"


@pytest.mark.slow
def test_bibliography_page_shows_braces_carets_and_dollars(hostile):
    """pybtex's own LaTeX decoder shows \\textbraceleft, \\textasciicircum and \\$ as they are and reads
    \\{ as a group: no BibTeX escape of {, }, ^ or $ survives it, so the book decodes fields itself."""
    text = _bibliography_text(hostile)
    assert "\\text" not in text and "\\$" not in text
    missing = [t for t in hostile.table["title"] if PYBTEX_CANNOT_SHOW.search(t) and plain(t) not in text]
    assert not missing, f"not shown literally in the bibliography: {missing}"


# ------------------------------------------------------------------------------------------- PDF

LONGEST_WORD = 40
CJK_OR_EMOJI = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U0001f000-\U0001faff\u200d\ufe0f]")


def _pdf_normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad" and unicodedata.category(ch) != "Cf")


@pytest.mark.slow
def test_pdf_builds_with_every_title_visible_and_no_latex_executed(hostile, hostile_pdf):
    log = hostile_pdf.log
    assert "runsystem" not in log  # \write18 never reached the shell
    missing = set(re.findall(r"Missing character: There is no (.) \(U\+", log))
    # FreeSerif/FreeSans have no CJK or emoji glyphs: those are missing (a warning, not an error). Every
    # other script of the fixture (Latin, Greek, Arabic, Hebrew, math, combining marks) must be there.
    assert all(CJK_OR_EMOJI.fullmatch(ch) for ch in missing), sorted(missing)
    text = _pdf_normal(hostile_pdf.text)
    for title in hostile.table["title"]:
        for word in visible(title).split():
            word = _pdf_normal("".join(ch for ch in word if ch not in missing and not CJK_OR_EMOJI.fullmatch(ch)))
            # A 250-character word cannot be broken: LaTeX lets it run off the page, where pdftotext
            # does not see it (a known limit, reported). Its start must be there.
            assert word[:LONGEST_WORD] in text, f"{word!r} of {title!r} is not in the PDF"
    assert _pdf_normal("\\input{/etc/passwd} and \\write18{touch") in text
    assert _pdf_normal("then \\end{document} in LaTeX Titles") in text
    assert "[31]" in hostile_pdf.text  # the bibliography after \end{document} in a title is complete
    for sentinel in hostile.sentinels:
        assert not sentinel.exists()


# ----------------------------------------------------------------------------------------- BibTeX

@pytest.mark.slow
def test_bibtex_loads_in_every_consumer(hostile, tmp_path):
    bib = (hostile.root / "references.bib").read_text(encoding="utf-8")
    keys = sorted(hostile.table["key"])
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks and sorted(e.key for e in library.entries) == keys
    assert sorted(pybtex.database.parse_string(bib, "bibtex").entries) == keys
    (tmp_path / "references.bib").write_text(bib, encoding="utf-8")
    pandoc = require_tool("pandoc")
    result = subprocess.run([pandoc, "-f", "bibtex", "-t", "csljson", "references.bib"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(item["id"] for item in json.loads(result.stdout)) == keys
    biber = require_tool("biber")
    try:  # biber decodes LaTeX in quadratic time: a 200 KB abstract full of escapes must not stall it
        result = subprocess.run([biber, "--tool", "--output-file=checked.bib", "references.bib"], cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("biber --tool did not finish in 60 s")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "ERROR" not in result.stdout
    assert (tmp_path / "checked.bib").read_text(encoding="utf-8").count("@MISC{") == len(keys)


# --------------------------------------------------------------------------- clear errors, exit 2

HEAD = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 12\n\n"
ABSTRACT = "We study a problem. We propose a method. It works well on two benchmarks."
FIXTURE_BOOK = ROOT / "tests" / "fixtures" / "book"


def _append(rel: str, text: str):
    def mutate(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return mutate


def _write(rel: str, content: str | bytes):
    def mutate(root: Path) -> None:
        path = root / rel
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return mutate


def _replace(rel: str, old: str, new: str):
    def mutate(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def _copy_export(name: str):
    def mutate(root: Path) -> None:
        shutil.copy(ROOT / "tests" / "fixtures" / "exports" / "broken" / name, root / "data" / "raw" / name)
    return mutate


def _remove(rel: str):
    return lambda root: (root / rel).unlink()


COFFEE = "A Study of Coffee Brewing Temperatures"  # a paper of the fixture book


def _latin1_metadata(root: Path) -> None:
    path = root / "data" / "arxiv_metadata.csv"
    path.write_bytes(path.read_bytes() + f"{COFFEE},,Caf\xe9 Owner,yes,,\n".encode("latin-1"))


BROKEN = {
    # listing pages
    "listing-header": (_write("data/raw/003.txt", "old\n\n" + HEAD), "003.txt", 1, "expected header line"),
    "listing-date": (_write("data/raw/003.txt", HEAD.replace("Mar 12", "yesterday")), "003.txt", 9, "listing date"),
    "listing-empty": (_write("data/raw/003.txt", ""), "003.txt", 1, "ends before its listing date"),
    "listing-utf16": (_write("data/raw/003.txt", HEAD.encode("utf-16")), "003.txt", 1, "not valid UTF-8"),
    "listing-title-too-long": (_write("data/raw/003.txt", HEAD + "x " * 200 + "\n\n" + ABSTRACT), "003.txt", 11,
                               "expected a title"),
    "listing-emoji-title": (_write("data/raw/003.txt", HEAD + "🚀🔥\n\n" + ABSTRACT), "003.txt", 11, "no letters or digits"),
    # bibliographic exports that cannot be read at all (a missing data/themes.yml is no error: the build drafts one)
    **{f"export-{name.replace('.', '-')}": (_copy_export(name), name, line, words) for name, line, words in [
        ("arxiv-error.xml", None, "arXiv API error"), ("bad.json", 4, "not valid JSON"), ("bad.xml", 7, "not well-formed XML"),
        ("entities.xml", 2, "DTD or entities"), ("latin1.bib", 2, "not valid UTF-8"), ("noend.ris", 7, "has no end"),
        ("notris.ris", 1, "no RIS record"), ("string.json", 1, "expected a list"), ("unclosed.bib", 1, "no BibTeX entry")]},
    # the taxonomy
    "themes-latin1": (_write("data/themes.yml", "title: Caf\xe9\n".encode("latin-1")), "themes.yml", None, "UTF-8"),
    "themes-yaml": (_replace("data/themes.yml", "chapters:", "chapters: ["), "themes.yml", None, "invalid YAML"),
    "themes-unknown-key": (_replace("data/themes.yml", "    title: \"Federated learning\"",
                                    "    title: \"Federated learning\"\n    colour: red"), "themes.yml", 7, "unknown key"),
    "themes-duplicate-slug": (_replace("data/themes.yml", "slug: diffusion", "slug: federated-learning"), "themes.yml", 24,
                              "duplicate chapter slug"),
    "themes-duplicate-section": (_replace("data/themes.yml", "slug: video", "slug: try-on"), "themes.yml", 35,
                                 "duplicate section slug"),
    "themes-path-slug": (_replace("data/themes.yml", "slug: diffusion", "slug: ../../etc"), "themes.yml", 24,
                         "not a plain identifier"),
    "themes-section-path-slug": (_replace("data/themes.yml", "slug: video", "slug: /tmp/video"), "themes.yml", 35,
                                 "not a plain identifier"),
    "themes-min-score-text": (_replace("data/themes.yml", "min_score: 4", "min_score: many"), "themes.yml", 3, "min_score"),
    "themes-min-similarity-list": (_replace("data/themes.yml", "min_score: 4", "min_score: 4\nmin_similarity: [1]"),
                                   "themes.yml", 4, "min_similarity"),
    "themes-markup-in-title": (_replace("data/themes.yml", 'title: "Diffusion models"',
                                        'title: "Diffusion <img src=x onerror=alert(1)> models"'), "themes.yml", 24, "<"),
    # overrides
    "overrides-unknown-paper": (_write("data/overrides.yml", "overrides:\n  - title: Nope\n    chapters: [diffusion]\n"),
                                "overrides.yml", 2, "does not exist"),
    "overrides-unknown-key": (_write("data/overrides.yml", f"overrides:\n  - title: {COFFEE}\n    chapter: [diffusion]\n"),
                              "overrides.yml", 3, "unknown key"),
    "overrides-twice": (_write("data/overrides.yml", f"overrides:\n  - title: {COFFEE}\n    chapters: [diffusion]\n"
                                                     f"  - title: {COFFEE.lower()}.\n    chapters: [other]\n"),
                        "overrides.yml", 4, "overridden twice"),
    "overrides-not-a-list": (_write("data/overrides.yml", "overrides: 5\n"), "overrides.yml", 1, "overrides"),
    "overrides-section-list": (_write("data/overrides.yml", f"overrides:\n  - title: {COFFEE}\n    chapters: [diffusion]\n"
                                                            "    section: [video]\n"), "overrides.yml", 2, "section"),
    "overrides-nested-chapters": (_write("data/overrides.yml", f"overrides:\n  - title: {COFFEE}\n    chapters: [[diffusion]]\n"),
                                  "overrides.yml", 2, "chapter"),
    "overrides-python-tag": (_write("data/overrides.yml", "overrides: !!python/object/apply:os.system ['touch /tmp/pwned']\n"),
                             "overrides.yml", 1, "invalid YAML"),
    # metadata
    "metadata-missing": (_remove("data/arxiv_metadata.csv"), "arxiv_metadata.csv", None, ""),
    "metadata-latin1": (_latin1_metadata, "arxiv_metadata.csv", 4, "UTF-8"),
    "metadata-short-row": (_append("data/arxiv_metadata.csv", f"{COFFEE},2401.00001\n"), "arxiv_metadata.csv", 4, ""),
    "metadata-bad-id": (_append("data/arxiv_metadata.csv", f"{COFFEE},24.1,,,,\n"), "arxiv_metadata.csv", 4, "arxiv_id"),
    "metadata-impossible-date": (_append("data/arxiv_metadata.csv", f"{COFFEE},,Ann Lee,yes,2024-13-45,\n"),
                                 "arxiv_metadata.csv", 4, "2024-13-45"),
    "metadata-duplicate-paper": (_append("data/arxiv_metadata.csv", f"{COFFEE},2401.00001,,,,\n{COFFEE.upper()},2401.00002,,,,\n"),
                                 "arxiv_metadata.csv", 5, "COFFEE"),
    "metadata-complete-flag": (_append("data/arxiv_metadata.csv", f"{COFFEE},,Ann Lee,maybe,,\n"),
                               "arxiv_metadata.csv", 4, "maybe"),
    "metadata-columns": (_write("data/arxiv_metadata.csv", "title,id\nx,y\n"), "arxiv_metadata.csv", 1, "missing column"),
}




@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_input_stops_with_one_line_naming_file_line_and_fix(case, book, capsys):
    """Every malformed input file stops the run before anything is written: exit code 2, one line
    `error: FILE:LINE: what is wrong. What to do`, no traceback (run in-process: any other exception
    fails the test)."""
    mutate, file, line, words = BROKEN[case]
    mutate(book)
    before = generated_files(book)
    code = cli.main(["--root", str(book), "--quiet", "build"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    [message] = error_lines(err)
    assert file in message and words in message, message
    if line is not None:
        assert re.search(re.escape(Path(file).name) + rf":{line}: ", message), message
    assert len(message.split(". ")) >= 2, f"no fix given: {message}"
    assert generated_files(book) == before


def test_a_folder_named_like_a_listing_is_no_crash(book, capsys):
    (book / "data" / "raw" / "003.txt").mkdir()
    code = cli.main(["--root", str(book), "--quiet", "build"])  # any exception but InputError fails here
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert "003.txt" in error_lines(err)[0]


@pytest.mark.parametrize("case", ["export-bad-json", "metadata-latin1"])
def test_broken_input_through_the_command_line_prints_no_traceback(case, book):
    mutate, file, _, _ = BROKEN[case]
    mutate(book)
    result = run_survey(book, "build")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert len(error_lines(result.stderr)) == 1 and file in error_lines(result.stderr)[0]


def test_theme_title_markup_is_rejected_or_inert(book, tmp_path):
    """The book theme prints page titles unescaped (sphinx-book-theme 1.3's print header and sidebar
    home link) and Sphinx 7.4's search puts section titles into innerHTML. A taxonomy title with markup
    must therefore stop the run (exit 2, one line) — or, if the generator ever renders such titles
    safely, the built site must run none of it."""
    _replace("data/themes.yml", 'title: "Diffusion models"', 'title: "Diffusion <img src=x onerror=alert(1)> models"')(book)
    _replace("data/themes.yml", '        title: "Video"', '        title: "Video <img src=y onerror=alert(2)>"')(book)
    result = run_survey(book, "build")
    if result.returncode == 2:
        assert len(error_lines(result.stderr)) == 1 and "themes.yml:" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    built = build_html(book)
    assert built.returncode == 0, built.stdout[-2000:]
    from tests.browser import browser_page, serve

    with serve(book / "_build" / "html") as base, browser_page(base) as (page, watch):
        for url in ["/index.html", "/chapters/diffusion.html", "/search.html?q=video+img+src+y+onerror+alert+2"]:
            page.goto(base + url, wait_until="load")
            page.wait_for_timeout(1500)
            assert not watch.pwned(page), f"{url}: {watch.dialogs}"


# ------------------------------------------------------------------- interrupted runs lose nothing

def _changed_inputs(root: Path) -> None:
    """Edit the fixture book so that every generated page changes and a new paper (a new key) appears."""
    _replace("_config.yml", 'title: "Fixture Survey"', 'title: "Fixture Survey, second edition"')(root)
    _replace("data/themes.yml", "Training across clients that keep their data.", "Training on clients' own data.")(root)
    _replace("data/themes.yml", "Generating images and videos by denoising.", "Denoising generators.")(root)
    _replace("data/themes.yml", "Papers outside the survey's themes.", "Everything else.")(root)
    (root / "data" / "raw" / "003_new.txt").write_text(
        HEAD + "A New Federated Paper about Clients\n\nWe propose federated clients. It works. We show it.\n",
        encoding="utf-8")


def _temporary_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tmp"))


def test_a_run_that_fails_midway_leaves_each_file_old_or_new_and_no_temporary_file(book, monkeypatch):
    """Generation computes everything before writing; writing replaces each file atomically. An
    interruption after any number of files leaves every file either its old or its new version (never
    partial), no temporary file, and the next run completes the change."""
    assert cli.main(["--root", str(book), "--quiet", "build"]) == 0
    old = generated_files(book)
    _changed_inputs(book)
    new_outputs = generate(book)
    new = {name: (c.encode("utf-8") if isinstance(c, str) else c) for name, c in new_outputs.items()}
    changing = [name for name in sorted(new) if old.get(name) != new[name]]
    assert len(changing) >= 6
    snapshot = book.parent / "snapshot"
    shutil.copytree(book, snapshot, symlinks=True)
    real = pipeline.write_if_changed
    for limit in range(len(changing) + 1):
        shutil.rmtree(book)
        shutil.copytree(snapshot, book, symlinks=True)
        calls = []

        def interrupted(path, content, calls=calls, limit=limit):
            if real(path, content):
                calls.append(path)
                if len(calls) > limit:
                    raise KeyboardInterrupt  # like Ctrl-C right after a rename
                return True
            return False

        monkeypatch.setattr(pipeline, "write_if_changed", interrupted)
        try:
            write_outputs(book, new_outputs)
        except KeyboardInterrupt:
            pass
        now = generated_files(book)
        for name, content in now.items():
            assert content in (old.get(name), new.get(name)), f"{name} is neither old nor new after {limit} writes"
        assert not _temporary_files(book)
    monkeypatch.setattr(pipeline, "write_if_changed", real)
    write_outputs(book, new_outputs)
    assert {n: c for n, c in generated_files(book).items() if n in new} == new


def test_a_run_that_fails_before_writing_changes_nothing(book):
    assert cli.main(["--root", str(book), "--quiet", "build"]) == 0
    old = {book / name: (content, (book / name).stat().st_mtime_ns) for name, content in generated_files(book).items()}
    _changed_inputs(book)
    (book / "data" / "overrides.yml").write_text("overrides:\n  - title: Nope\n    chapters: [other]\n", encoding="utf-8")
    assert cli.main(["--root", str(book), "--quiet", "build"]) == 2
    assert {book / name for name in generated_files(book)} == set(old)
    for path, state in old.items():
        assert (path.read_bytes(), path.stat().st_mtime_ns) == state


KILL_HARNESS = r"""
import os, sys, time
import survey.core.files
real_replace = os.replace
def slow_replace(src, dst):
    print("renaming", dst, flush=True)
    time.sleep(0.3)
    real_replace(src, dst)
survey.core.files.os.replace = slow_replace
from survey.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_a_killed_run_leaves_old_or_new_files_and_the_next_run_leaves_no_temporary_file(book):
    """SIGKILL (no Python cleanup) while a temporary file waits to be renamed: every output is old or
    new, and the next run finishes the job without leaving the dead run's temporary file behind."""
    assert cli.main(["--root", str(book), "--quiet", "build"]) == 0
    old = generated_files(book)
    _changed_inputs(book)
    child = subprocess.Popen([sys.executable, "-c", KILL_HARNESS, "--root", str(book), "--quiet", "build"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    renames = 0
    try:
        for line in child.stdout:
            if line.startswith("renaming"):
                renames += 1
                if renames == 3:
                    time.sleep(0.1)
                    child.send_signal(signal.SIGKILL)
                    break
    finally:
        child.kill()
        child.wait(timeout=30)
    assert renames == 3, child.stderr.read()[-2000:]
    assert _temporary_files(book), "the kill was meant to land between writing and renaming a file"
    new_outputs = generate(book)
    new = {name: (c.encode("utf-8") if isinstance(c, str) else c) for name, c in new_outputs.items()}
    for name, content in generated_files(book).items():
        assert content in (old.get(name), new.get(name)), f"{name} is partial"
    assert cli.main(["--root", str(book), "--quiet", "build"]) == 0
    assert not _temporary_files(book), "a dead run's temporary files are never cleaned up"
    assert {n: c for n, c in generated_files(book).items() if n in new} == new


def test_the_feed_carries_every_hostile_title_as_text(hostile, tmp_path):
    """With an edition recorded, feed.xml announces every hostile paper: it parses, and each title and
    summary comes back as the text of the table (markup, CDATA ends and entities included), never as markup."""
    import feedparser

    root = tmp_path / "book"
    shutil.copytree(HOSTILE, root, symlinks=True)
    assert run_survey(root, "edition", "--date", "2026-12-03").returncode == 0
    assert run_survey(root, "build").returncode == 0
    data = (root / "_extra" / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0 and len(parsed.entries) == len(hostile.table)
    assert b"<script" not in data and b"<b>" not in data
    titles = {" ".join(t.split()) for t in hostile.table["title"]}
    assert {e.title for e in parsed.entries} <= titles and all(e.title_detail.type == "text/plain" for e in parsed.entries)
