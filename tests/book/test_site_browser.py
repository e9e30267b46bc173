"""The real survey's website as a researcher uses it, end to end in headless Chromium.

The site is generated and built once for the session (a temporary copy of the repository), served by
`python -m http.server` on 127.0.0.1, and every request to another host is blocked and reported: the
site must work offline. The tests search for a method name and reach its entry, filter and sort the
paper tables, click a chart point, copy a BibTeX entry, run axe-core for serious and critical
accessibility violations, check a phone-sized viewport for horizontal overflow, check that every
internal link and anchor of the built site resolves, and take screenshots (saved in
$SURVEY_SCREENSHOTS, else in the session's temporary folder).

Needs: Playwright's Python package (never `playwright install`: the system Chromium is used) and
axe-core from npm (`npm ci --prefix tests`). Missing tools skip locally and fail in CI.
"""
from __future__ import annotations

import html.parser
import os
import re
import shutil
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from survey.analysis.corpus import RELATED_PAPERS
from survey.formats.bibtex import to_bibtex
from survey.site import addresses
from tests.browser import THEME_NOISE, browser_page, launch, missing, serve
from tests.builders import paper, real_corpus
from tests.helpers import ROOT, build_html, published_table, run_survey

pytestmark = pytest.mark.slow


AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
CATVTON = "chong2024catvtonconcatenation"
TRY_ON = "Virtual try-on and fashion generation"
# Files the site links to that another command produces: the PDF edition is copied next to the other
# downloads by `make pdf` (`survey pdf`), which this test does not run.
BUILT_ELSEWHERE = {"downloads/survey.pdf": "make pdf"}



# ------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Path:
    """The real survey generated and built into HTML once, in a temporary copy of the repository."""
    target = tmp_path_factory.mktemp("site") / "survey"
    shutil.copytree(ROOT, target, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".pytest_cache", ".hypothesis", "tests", "figures", "vega-bundle.js", "node_modules"))
    generated = run_survey(target, "build")
    assert generated.returncode == 0, generated.stderr
    start = time.monotonic()
    built = build_html(target)
    print(f"\ncold HTML build of the real survey: {time.monotonic() - start:.1f} s")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return target


@pytest.fixture(scope="session")
def site(book) -> Path:
    return book / "_build" / "html"


@pytest.fixture(scope="session")
def table(book):
    return published_table(book / "data" / "papers.csv")


@pytest.fixture(scope="session")
def base_url(site):
    """The built site served on 127.0.0.1 (a free port) for the whole session."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")  # closed with this module: Playwright runs one sync session at a time
def browser():
    with launch() as chromium:
        yield chromium


class Page:
    """A page of browser.browser_page (confined to the served site, watched), opened by address."""

    def __init__(self, browser, base_url: str, viewport: dict, permissions: list[str] = ()):
        self.base_url = base_url
        self._session = browser_page(base_url, browser, viewport=viewport, permissions=permissions)
        self.page, self.watch = self._session.__enter__()

    def open(self, path: str):
        self.page.goto(f"{self.base_url}/{path}")
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self._session.__exit__(None, None, None)

    def problems(self) -> list[str]:
        return [p for p in self.watch.problems() if not any(noise in p for noise in THEME_NOISE)]


def watched(browser, base_url: str, viewport: dict):
    """A page for one test, which fails if the page met a problem."""
    page = Page(browser, base_url, viewport)
    yield page
    page.close()
    assert page.problems() == []


@pytest.fixture
def desktop(browser, base_url):
    yield from watched(browser, base_url, DESKTOP)


@pytest.fixture
def phone(browser, base_url):
    yield from watched(browser, base_url, PHONE)


# --------------------------------------------------------------------------------------------- search


def run_search(page: Page, query: str) -> list[dict]:
    p = page.open(f"search.html?q={query}")
    p.wait_for_selector("#search-results li a", timeout=20000)
    p.wait_for_function("() => !document.querySelector('#search-progress') || "
                        "document.querySelector('#search-progress').textContent.trim() !== ''", timeout=20000)
    return p.eval_on_selector_all("#search-results li", "items => items.map(li => ({href: li.querySelector('a')"
                                  ".getAttribute('href'), text: li.textContent.replace(/\\s+/g, ' ').trim()}))")


def test_search_finds_a_method_name_and_reaches_its_entry(desktop):
    results = run_search(desktop, "CatVTON")
    first = results[0]
    assert first["href"].startswith("papers/c.html#"), results[:3]
    assert "the necessity of ReferenceNet and image encoders" in first["text"]  # the entry's lead as summary
    page = desktop.page
    page.click(f"#search-results li a[href='{first['href']}']")
    page.wait_for_url(re.compile(r"/papers/c\.html#"))
    entry = page.evaluate("""() => {
        const target = document.querySelector(location.hash);
        const section = target.closest('section');
        const box = target.getBoundingClientRect();
        return {anchor: section.firstElementChild.id, heading: section.querySelector('h2').textContent,
                visible: box.top >= 0 && box.top < innerHeight};
    }""")
    assert entry["anchor"] == f"paper-{CATVTON}" and entry["visible"]
    assert entry["heading"].startswith("CatVTON: Concatenation Is All You Need for Virtual Try-On")


@pytest.mark.parametrize("query", ["Concatenation", "Chong", "Zheng Chong"])
def test_search_finds_a_paper_by_a_title_word_and_by_an_author(desktop, query):
    hrefs = [r["href"] for r in run_search(desktop, query)]
    assert any(h.startswith("papers/c.html") for h in hrefs), hrefs
    if query != "Concatenation":  # authors have index entries: the result points into the entry
        assert hrefs[0].startswith("papers/c.html#index-") or any(h.startswith("papers/c.html#index-") for h in hrefs[:3])


def test_a_page_opened_from_a_full_text_result_scrolls_to_the_entry(desktop):
    results = run_search(desktop, "Concatenation")
    page_hit = next(r["href"] for r in results if r["href"].startswith("papers/c.html") and "#" not in r["href"])
    desktop.page.click(f"#search-results li a[href='{page_hit}']")
    desktop.page.wait_for_url(re.compile(r"/papers/c\.html"))
    desktop.page.wait_for_timeout(500)
    assert desktop.page.evaluate("() => scrollY") > 0


def test_the_search_index_holds_every_entry_page(site, table):
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    for name in addresses.groups([paper(key) for key in table["key"]]):
        assert f'"papers/{name}"' in index
    assert '"catvton"' in index and '"chong"' in index


# --------------------------------------------------------------------------------------------- tables


def visible_rows(page, table_selector: str) -> list[list[str]]:
    return page.eval_on_selector(table_selector, """table => [...table.tBodies[0].rows].filter(r => !r.hidden)
        .map(r => [...r.cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim()))""")


def test_all_papers_filters_by_chapter_section_year_and_code_and_as_you_type(desktop, table):
    page = desktop.open("chapters/all-papers.html")
    grid = "table.survey-table"
    page.wait_for_selector(f"{grid}[data-survey-enhanced]")
    assert len(visible_rows(page, grid)) == len(table)
    toolbar = page.locator(".survey-table-tools").first
    for label in ["Filter", "Chapter", "Section", "Year", "Has code"]:  # every control is labelled
        assert toolbar.get_by_label(label, exact=True).count() == 1, label

    in_try_on = table[table["primary_theme"] == "virtual-try-on"]
    toolbar.get_by_label("Chapter", exact=True).select_option(TRY_ON)
    rows = visible_rows(page, grid)
    assert len(rows) == len(in_try_on) and {r[2] for r in rows} == {TRY_ON}
    assert page.locator(".survey-table-count").first.text_content() == f"Showing {len(in_try_on)} of {len(table)} papers"
    sections = toolbar.get_by_label("Section", exact=True).locator("option").all_text_contents()
    assert sections[0] == "All sections" and "Image-based virtual try-on" in sections and "Graph transformers" not in sections

    toolbar.get_by_label("Has code", exact=True).check()
    with_code = in_try_on[in_try_on["code_urls"] != ""]
    rows = visible_rows(page, grid)
    assert 0 < len(rows) == len(with_code) and all(r[5] for r in rows)

    toolbar.get_by_role("button", name="Clear filters").click()
    assert len(visible_rows(page, grid)) == len(table)
    toolbar.get_by_label("Year", exact=True).select_option("2025")
    assert len(visible_rows(page, grid)) == (table["year"] == "2025").sum()
    toolbar.get_by_role("button", name="Clear filters").click()
    page.keyboard.type("catvton")  # the reset button puts the focus back into the text box
    rows = visible_rows(page, grid)
    assert [r[1] for r in rows] == ["CatVTON"]
    page.keyboard.press("Control+A")
    page.keyboard.type("no paper has this phrase")
    assert visible_rows(page, grid) == [] and page.locator(".survey-table-empty").first.is_visible()


def test_all_papers_can_be_opened_filtered_from_its_address(desktop, table):
    page = desktop.open(f"chapters/all-papers.html?chapter={TRY_ON}&code=1")
    rows = visible_rows(page, "table.survey-table")
    expected = table[(table["primary_theme"] == "virtual-try-on") & (table["code_urls"] != "")]
    assert len(rows) == len(expected) > 0


def test_headers_sort_the_rows_with_aria_sort(desktop, table):
    page = desktop.open("chapters/all-papers.html")
    grid = "table.survey-table"
    year = page.locator(f"{grid} th").nth(4)
    year.get_by_role("button").click()
    assert year.get_attribute("aria-sort") == "ascending"
    years = [r[4] for r in visible_rows(page, grid)]
    known = [int(y) for y in years if y]
    assert known == sorted(known) and years[len(known):] == [""] * (len(years) - len(known))  # unknown last
    year.get_by_role("button").click()
    assert year.get_attribute("aria-sort") == "descending"
    known = [int(y) for y in (r[4] for r in visible_rows(page, grid)) if y]
    assert known == sorted(known, reverse=True)
    paper = page.locator(f"{grid} th").nth(0)
    paper.get_by_role("button", name="Sort by Paper").click()
    assert paper.get_attribute("aria-sort") == "ascending" and year.get_attribute("aria-sort") is None


def test_every_chapter_table_is_enhanced_and_filters_by_year_and_code(desktop, table):
    page = desktop.open("chapters/virtual-try-on.html")
    tables = page.locator("table.survey-table")
    members = table[table["primary_theme"] == "virtual-try-on"]
    sections = members["section"].nunique()
    assert tables.count() == sections
    assert page.locator("table.survey-table[data-survey-enhanced]").count() == sections
    first = tables.first
    before = len(visible_rows(page, "table.survey-table"))
    page.locator(".survey-table-tools").first.get_by_label("Has code", exact=True).check()
    rows = visible_rows(page, "table.survey-table")
    assert 0 < len(rows) < before and all(r[3] for r in rows)
    assert first.locator("th").nth(0).get_by_role("button").count() == 1


def test_tables_print_as_plain_tables(desktop):
    page = desktop.open("chapters/all-papers.html")
    page.emulate_media(media="print")
    assert not page.locator(".survey-table-tools").first.is_visible()
    assert page.locator("table.survey-table").is_visible()


# --------------------------------------------------------------------------------- charts and entries


def test_clicking_a_chart_point_opens_the_paper(desktop, table):
    page = desktop.open("chapters/overview.html")
    point = page.locator("#chart-overview-map svg g.mark-symbol path").nth(10)
    point.wait_for(timeout=20000)
    label = point.get_attribute("aria-label")
    url = re.search(r"url: (\.\./papers/\S+\.html#paper-[a-z0-9-]+)", label).group(1)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/papers/"))
    assert page.url == urljoin(f"{desktop.base_url}/chapters/overview.html", url)
    key = url.split("#paper-")[1]
    assert page.locator(f"#paper-{key}").count() == 1
    title = table.loc[table["key"] == key, "title"].iloc[0]
    assert page.locator(f"#paper-{key} + h2").text_content().startswith(" ".join(title.split())[:40])


def test_an_entry_links_its_chapters_sources_and_related_papers(desktop, site):
    page = desktop.open(f"papers/c.html#paper-{CATVTON}")
    section = page.locator(f"section:has(> #paper-{CATVTON})")
    text = section.text_content()
    for fact in ["In one sentence:", "Filed under:", "Method: CatVTON", "Zheng Chong", "Date: July 2024", "Found in:",
                 "Abstract.", "Related papers"]:
        assert fact in text
    assert text.index("In one sentence:") < text.index("Filed under:") < text.index("Zheng Chong") < text.index("Abstract.")
    hrefs = section.locator("a:not(.headerlink)").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "../chapters/virtual-try-on.html#chapter-virtual-try-on" in hrefs or "../chapters/virtual-try-on.html" in hrefs
    assert "https://arxiv.org/abs/2407.15886" in hrefs
    related = real_corpus().related[[p.key for p in real_corpus().papers].index(CATVTON)]
    assert 0 < len([h for h in hrefs if re.match(r"^(?:[a-z0-9-]+\.html)?#paper-", h)]) == len(related) <= RELATED_PAPERS
    assert section.locator("details").count() == 1 and section.locator("details").get_attribute("open") is None
    # The heading's "#" link is the stable address.
    assert section.locator("h2 a.headerlink").get_attribute("href") == f"#paper-{CATVTON}"


def test_copying_an_entrys_bibtex(browser, base_url):
    page = Page(browser, base_url, DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    try:
        p = page.open(f"papers/c.html#paper-{CATVTON}")
        block = p.locator(f"section:has(> #paper-{CATVTON}) div.highlight-bibtex")
        assert not block.is_visible()  # collapsed until the reader opens it
        p.locator(f"section:has(> #paper-{CATVTON}) details summary").click()
        block.hover()
        block.locator("button.copybtn").click()
        copied = p.evaluate("() => navigator.clipboard.readText()")
        catvton = next(p for p in real_corpus().papers if p.key == CATVTON)
        assert copied.rstrip("\n") == to_bibtex([catvton]).rstrip("\n")
        assert page.problems() == []
    finally:
        page.close()


def test_landing_page_tells_the_edition_and_offers_downloads(desktop, book):
    page = desktop.open("index.html")
    text = page.locator("main").text_content()
    assert re.search(r"Edition of \d{1,2} [A-Z][a-z]+ \d{4}, \d+ papers\.", text)
    assert re.search(r"Corpus version [0-9a-f]{12}, latest listing [A-Z][a-z]{2} \d+", text)
    for heading in ["Chapters", "The corpus in numbers", "How to read it", "How to cite it", "Downloads"]:
        assert page.get_by_role("heading", name=heading).count() == 1
    links = page.locator(".survey-downloads a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["downloads/survey.pdf", "downloads/references.bib", "downloads/survey.ris", "downloads/survey.json",
                     "downloads/papers.csv"]
    served = urllib.request.urlopen(f"{desktop.base_url}/downloads/references.bib").read()
    assert served == (book / "downloads" / "references.bib").read_bytes()


def test_from_the_landing_page_a_reader_sees_each_chapter_and_opens_a_first_paper(desktop, table):
    page = desktop.open("index.html")
    # The first screen says what the survey covers and how its papers were chosen.
    first_screen = page.evaluate("""() => [...document.querySelectorAll('main p')]
        .filter(p => p.getBoundingClientRect().bottom <= innerHeight).map(p => p.textContent).join(' ')""")
    assert "How the papers were chosen." in first_screen and "Mar 11" in first_screen and "Edition of" in first_screen
    chapters = page.locator("section#chapters > ul > li")
    assert chapters.count() == table["primary_theme"].nunique()
    try_on = chapters.filter(has_text=TRY_ON)
    count = int(re.search(r"\((\d+) papers\)", try_on.text_content()).group(1))
    assert count == (table["primary_theme"] == "virtual-try-on").sum()
    starts = try_on.locator("p:has-text('Start with') a")
    assert starts.count() == 3
    href = starts.first.get_attribute("href")
    starts.first.click()
    page.wait_for_url(re.compile(r"/papers/"))
    key = href.split("#paper-")[1]
    assert table.loc[table["key"] == key, "primary_theme"].iloc[0] == "virtual-try-on"
    entry = page.locator(f"section:has(> #paper-{key})")
    assert entry.locator("p").first.text_content().startswith("In one sentence:")


def test_the_sidebar_shows_the_structure_not_letters(desktop):
    page = desktop.open("chapters/all-papers.html")
    items = page.locator("nav.bd-docs-nav a").all_text_contents()
    names = [" ".join(t.split()) for t in items]
    assert "Overview of the corpus" in names and "All papers" in names and "Paper index" in names
    assert "Bibliography" in names and names[-2:] == ["What's new", "Sources"]  # Sources: for editors, last
    assert not [n for n in names if n.startswith("Papers:")]
    page = desktop.open("papers/c.html")  # an entry page, reached from the index: still no letters in the sidebar
    assert not [t for t in page.locator("nav.bd-docs-nav a").all_text_contents() if t.strip().startswith("Papers:")]
    index = desktop.open("papers/index.html")
    assert index.locator("main a[href='c.html#papers-c'], main a[href='c.html']").count() >= 1


def test_the_feed_parses_lists_the_newest_edition_and_is_linked_from_every_head(desktop, book, site):
    import feedparser

    from survey.inputs.editions import load_editions

    page = desktop.open("index.html")
    assert page.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href") == "feed.xml"
    chapter = desktop.open("chapters/virtual-try-on.html")
    assert chapter.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href") == "../feed.xml"
    served = urllib.request.urlopen(f"{desktop.base_url}/feed.xml").read()
    assert served == (book / "_extra" / "feed.xml").read_bytes()
    parsed = feedparser.parse(served, response_headers={"content-location": f"{desktop.base_url}/feed.xml",
                                                        "content-type": "application/atom+xml"})
    assert parsed.bozo == 0 and 0 < len(parsed.entries) <= 100
    newest = load_editions(book / "data" / "editions.yml")[-1]
    assert parsed.feed.updated.startswith(newest.date.isoformat())
    assert all(e.updated.startswith(newest.date.isoformat()) for e in parsed.entries[:10])
    first = parsed.entries[0]
    assert first.title and first.link.startswith(f"{desktop.base_url}/papers/")
    opened = desktop.open(first.link.removeprefix(desktop.base_url + "/"))
    assert opened.locator(f"#{first.link.split('#')[1]} + h2").text_content().startswith(first.title[:30])


# ------------------------------------------------------------------------------ accessibility, layout

PAGES = {"landing": "index.html", "chapter": "chapters/virtual-try-on.html", "all papers": "chapters/all-papers.html",
         "entry": f"papers/c.html#paper-{CATVTON}", "overview": "chapters/overview.html",
         "what's new": "chapters/whats-new.html", "paper index": "papers/index.html"}


@pytest.mark.parametrize("name", ["landing", "chapter", "all papers", "entry", "what's new", "paper index"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_violation(browser, base_url, name, viewport):
    if not AXE.is_file():
        missing("axe-core is not installed: npm ci --prefix tests")
    page = Page(browser, base_url, DESKTOP if viewport == "desktop" else PHONE)
    try:
        p = page.open(PAGES[name])
        p.wait_for_timeout(300)  # the charts and the table script have run
        p.add_script_tag(path=str(AXE))
        violations = p.evaluate("""async () => (await axe.run(document)).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)""")
        assert violations == []
    finally:
        page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_overflows_a_phone_sized_page(phone, name):
    page = phone.open(PAGES[name])
    page.wait_for_timeout(500)  # charts are drawn
    width = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    # Wide tables scroll inside their own box instead (charts are drawn smaller: the test above).
    for selector in ["table.survey-table", "div.survey-chart"]:
        for box in page.locator(selector).evaluate_all(
                "els => els.map(e => (e.closest('.pst-scrollable-table-container') || e).getBoundingClientRect().right)"):
            assert box <= PHONE["width"] + 1, selector


CHARTS_DRAWN = "() => [...document.querySelectorAll('div.survey-chart')].every(e => e.querySelector('svg'))"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_chart_is_whole_in_the_text_column(browser, base_url, viewport):
    """A chart wider than the text is drawn smaller, in its proportions, so that all of it is in view
    without scrolling sideways (a time line's newest methods are at its right edge)."""
    page = Page(browser, base_url, DESKTOP if viewport == "desktop" else PHONE)
    try:
        for name in ("chapter", "overview"):
            p = page.open(PAGES[name])
            p.wait_for_function(CHARTS_DRAWN, timeout=20000)
            charts = p.locator("div.survey-chart").evaluate_all("""els => els.map(e => {
                const svg = e.querySelector('svg'), box = svg.getBoundingClientRect();
                return {id: e.id, scroll: e.scrollWidth, box: e.clientWidth, width: box.width, height: box.height,
                        ratio: svg.getAttribute('height') / svg.getAttribute('width')};
            })""")
            assert len(charts) >= 2
            assert [c["id"] for c in charts if c["scroll"] > c["box"] + 1] == [], name
            assert [c["id"] for c in charts if abs(c["height"] / c["width"] - c["ratio"]) > 0.02 * c["ratio"]] == [], name
        assert page.problems() == []
    finally:
        page.close()


def test_screenshots(browser, base_url, tmp_path_factory):
    """Screenshots of the landing page, a chapter and a paper entry at desktop and phone sizes, to look at."""
    folder = Path(os.environ.get("SURVEY_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = Page(browser, base_url, viewport)
        try:
            for name in ("landing", "chapter", "entry"):
                p = page.open(PAGES[name])
                p.wait_for_timeout(500)
                path = folder / f"{name}-{size}.png"
                p.screenshot(path=str(path))
                shots.append(path)
        finally:
            page.close()
    print("\nscreenshots: " + ", ".join(str(s) for s in shots))
    assert all(s.stat().st_size > 10_000 for s in shots)


# ------------------------------------------------------------------------------------------ links


class Anchors(html.parser.HTMLParser):
    """The ids (and a-names) of a page and the links it makes (href and src)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag in ("a", "link", "script", "img", "iframe", "source", "area"):
                self.links.append(attrs[name])


def test_every_internal_link_and_anchor_resolves(site):
    site = site.resolve()
    pages: dict[Path, Anchors] = {}
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0] == "_static":
            continue  # the theme's template fragments, copied as assets: no page links to them
        parser = Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken, checked = [], 0
    for path, parser in pages.items():
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue  # external: not this test's business (the site must not *load* them: test_survey.py)
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            relative = target.relative_to(site).as_posix() if target.is_relative_to(site) else None
            checked += 1
            if relative is None:
                broken.append(f"{path.relative_to(site)}: {link} leaves the site")
            elif not target.exists():
                if relative not in BUILT_ELSEWHERE:
                    broken.append(f"{path.relative_to(site)}: {link} (no file {relative})")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)}: {link} (no id {parts.fragment!r} in {relative})")
    assert checked > 10_000 and broken == []


# ----------------------------------------------------------------------------------- a new edition

NEW_PAGE = """new

Get trending papers in your email inbox!

Subscribe

byAK and the research community

Mar 27

Zebrafish Federated Averaging: Private Training Across Aquarium Clients

We propose a federated learning method in which aquarium clients keep their data local and a server averages \
their model updates. Our aggregation handles heterogeneous clients and communication limits. Experiments on many \
clients show that the federated model matches centralized training while the data never leaves the clients.

Quokka Try-On: Garment Transfer with Latent Diffusion for Virtual Try-On

We present a virtual try-on method based on latent diffusion that transfers a garment onto a person image. \
The garment is encoded with a reference network and injected with attention. Experiments on VITON-HD and \
DressCode show that the try-on images keep the garment's texture and the person's pose.
"""


def test_whats_new_after_adding_a_listing_page_and_making_an_edition(browser, book, tmp_path):
    """End to end, as an editor does it: add a listing page, `make edition`, `survey build`, build the site;
    What's new then lists the new edition first with its two papers, linked, under their chapters, and the
    feed announces them first."""
    import subprocess

    import feedparser

    from tests.helpers import VENV_BIN

    copy = tmp_path / "survey"
    shutil.copytree(book, copy, symlinks=True)  # with its _build: the rebuild is incremental
    (copy / "data" / "raw" / "005_new_page.txt").write_text(NEW_PAGE, encoding="utf-8")
    venv = VENV_BIN.parent
    made = subprocess.run(["make", "-C", str(copy), "-o", f"{venv}/.installed", "edition", f"VENV={venv}",
                           "DATE=2026-12-24"], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "recorded the edition of 2026-12-24" in made.stderr
    assert run_survey(copy, "build").returncode == 0
    built = build_html(copy)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    with serve(copy / "_build" / "html") as url:
        page = Page(browser, url, DESKTOP)
        try:
            p = page.open("chapters/whats-new.html")
            headings = p.locator("main section > h2").all_text_contents()
            assert headings[0].startswith("Edition of 24 December 2026: 2 new papers") and \
                headings[1].startswith("Edition of 3 December 2026: 325 new papers")
            newest = p.locator("main section:has(> h2:has-text('24 December 2026'))")
            text = " ".join(newest.text_content().split())
            assert "Federated and decentralized learning (1)" in text and "Virtual try-on and fashion generation (1)" in text
            assert "adds 1 listing page of Mar 27 (6 in all)" in text
            links = newest.locator("a[href*='#paper-']")
            assert links.count() == 2
            titles = set(links.all_text_contents())
            assert {" ".join(t.split()) for t in titles} == {
                "Zebrafish Federated Averaging: Private Training Across Aquarium Clients",
                "Quokka Try-On: Garment Transfer with Latent Diffusion for Virtual Try-On"}
            links.first.click()
            p.wait_for_url(re.compile(r"/papers/"))
            key = p.url.split("#paper-")[1]
            assert p.locator(f"#paper-{key} + h2").text_content().split(":")[0] in {"Zebrafish Federated Averaging",
                                                                                "Quokka Try-On"}
            assert page.problems() == []
        finally:
            page.close()
    feed = feedparser.parse((copy / "_extra" / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.feed.updated.startswith("2026-12-24")
    assert {e.title.split(":")[0] for e in feed.entries[:2]} == {"Zebrafish Federated Averaging", "Quokka Try-On"}
    assert all(not e.updated.startswith("2026-12-24") for e in feed.entries[2:])
