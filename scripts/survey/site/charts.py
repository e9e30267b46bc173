"""Altair charts of the corpus for the overview and chapter pages, drawn with no network.

Every chart is a Vega-Lite spec with its data inline. In HTML it is a `<div class="survey-chart">`
plus the spec in a `<script type="application/json">`; one self-contained JavaScript bundle
(Vega, Vega-Lite, Vega-Embed and a few lines that draw every such div), served from the site's own
`_static/`, draws them all. For the PDF each chart is also rendered to a PNG with vl-convert, by
`survey pdf` only (it is most of the generator's time on a large corpus, and the site never shows them):
`survey build` writes a one-pixel placeholder where no PNG of the chart's current spec exists yet, because
Sphinx wants every image a page names, even one only the LaTeX builder uses.

Everything is deterministic: the same corpus gives byte-identical spec JSON, PNGs and bundle.
"""
from __future__ import annotations

import functools
import hashlib
import heapq
import html
import json
import re
import struct
import zlib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import altair as alt
import numpy as np
import vl_convert
from altair.utils.schemapi import debug_mode
from sklearn.decomposition import PCA

from ..analysis.corpus import Corpus
from ..analysis.text import TextVectors, term_lifts
from ..inputs.attributes import Attribute
from ..model.paper import Paper
from ..model.taxonomy import Chapter
from .addresses import href, section_label

VEGA_BUNDLE_PATH = "_static/vega-bundle.js"
FIGURE_DIR = "figures"  # PNGs for the PDF, relative to the chapter pages (chapters/figures/NAME.png)
# vl-convert multiplies the pixels by scale * ppi / 72 and records ppi in the PNG: scale 1 at 144 ppi
# gives twice the chart's pixels in each direction, printed at the chart's own size (1 px = 1 pt).
PNG_SCALE = 1
PNG_PPI = 144
# The Vega-Lite version Altair writes, which the bundle and the PNG renderer must use too.
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
TERMS = 10
COLOR_SCHEME = "tableau20"
NO_METHOD = "(none)"
KIND_MAIN, KIND_ALSO = "Main chapter", "Also relevant"
# Vega-Lite's default text is 10-11 px, small beside the theme's 16 px body text.
CONFIG = {
    "axis": {"labelFontSize": 12, "titleFontSize": 12},
    "legend": {"labelFontSize": 12, "titleFontSize": 12},
    "title": {"fontSize": 15, "subtitleFontSize": 12, "subtitleColor": "#444"},
}

# Appended to the bundle: expose the libraries and draw every chart of the page once the DOM is there,
# so pages hold no inline JavaScript and the bundle may load with `defer`.
_DRAW_SNIPPET = """
window.vega = vega;
window.vegaLite = vegaLite;
window.vegaEmbed = vegaEmbed;
function drawSurveyCharts() {
  document.querySelectorAll("div.survey-chart").forEach(function (el) {
    var source = document.getElementById(el.id + "-spec");
    if (!source || el.getAttribute("data-drawn")) return;
    el.setAttribute("data-drawn", "yes");
    try {
      vegaEmbed(el, JSON.parse(source.textContent), {actions: false, renderer: "svg"})
        .catch(function (error) { el.textContent = "This chart could not be drawn: " + error; });
    } catch (error) {
      el.textContent = "This chart could not be drawn: " + error;
    }
  });
}
window.drawSurveyCharts = drawSurveyCharts;
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawSurveyCharts);
} else {
  drawSurveyCharts();
}
"""


@dataclass(frozen=True)
class Chart:
    name: str  # a slug-like identifier: the HTML id is chart-NAME, the PNG is figures/NAME.png
    title: str
    spec: dict  # Vega-Lite JSON, data inline

    def __post_init__(self) -> None:
        if not NAME.match(self.name):
            raise ValueError(f"chart name {self.name!r} is not a plain identifier")


# --------------------------------------------------------------------------------------------- output


def spec_json(spec: dict) -> str:
    """Canonical one-line JSON (sorted keys, ASCII) that is safe inside HTML and a MyST fence:
    `<`, `>`, `&` and the backtick only occur inside JSON strings, where \\uXXXX means the same."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    for char in "<>&`":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# MyST reads directive options as YAML: a value with a '#' loses what follows (with a warning, which fails
# the build), one starting with a quote, '|' or '>' is rejected. Only plain text is written bare; anything
# else becomes a double-quoted YAML string, with the characters YAML cannot hold as they are escaped.
_PLAIN_OPTION = re.compile(r"[\w(][\w ,.:;()/+&'-]*")
_YAML_UNSAFE = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")


def option_value(text: str) -> str:
    """`text` as a directive option value that MyST reads back unchanged."""
    if _PLAIN_OPTION.fullmatch(text) and not text.endswith(":"):
        return text
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted) + '"'


def chart_markdown(chart: Chart, figure_dir: str = FIGURE_DIR) -> str:
    """The MyST block placing `chart` on a page: drawn by the bundle in HTML, a PNG in LaTeX."""
    title = " ".join(chart.title.split())
    label = html.escape(title, quote=True).replace("`", "&#96;")
    return "\n".join([
        "```{raw} html",
        f'<div id="chart-{chart.name}" class="survey-chart" role="figure" aria-label="{label}" '
        'style="overflow-x:auto;margin:1em 0"></div>',
        f'<script type="application/json" id="chart-{chart.name}-spec">{spec_json(chart.spec)}</script>',
        "```",
        "",
        "````{only} latex",
        f"```{{image}} {figure_dir}/{chart.name}.png",
        f":alt: {option_value(title)}",
        "```",
        "````",
        "",
    ])


def render_key(chart: Chart) -> str:
    """What a chart's PNG depends on: its spec and the renderer's version and settings."""
    recipe = f"vl-convert {version('vl-convert-python')}, Vega-Lite {VL_VERSION}, scale {PNG_SCALE}, ppi {PNG_PPI}\n"
    return hashlib.sha256((recipe + spec_json(chart.spec)).encode("utf-8")).hexdigest()


def chart_png(chart: Chart, previous: bytes | None = None, render: bool = True) -> bytes:
    """The chart as a PNG (for the PDF), rendered with no network access. It records its `render_key`
    in a tEXt chunk, so a `previous` PNG of the same chart and renderer is returned as it is instead of
    being drawn again (rendering takes 0.1 to 1 s a chart; 45 s of CPU for the 110 charts of 10,000
    papers). With `render` false a chart without such a PNG gets PLACEHOLDER_PNG instead."""
    key = render_key(chart)
    if previous is not None and png_text(previous).get(PNG_KEYWORD) == key:
        return previous
    if not render:
        return PLACEHOLDER_PNG
    png = vl_convert.vegalite_to_png(spec_json(chart.spec), vl_version=VL_VERSION, scale=PNG_SCALE,
                                     ppi=PNG_PPI, allowed_base_urls=[])
    return _add_png_text(png, PNG_KEYWORD, key)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = "survey-chart"


def _png_chunks(png: bytes):
    if not png.startswith(PNG_SIGNATURE):
        return
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        yield kind, png[at + 8:at + 8 + length], at + 12 + length
        at += 12 + length


def png_text(png: bytes) -> dict[str, str]:
    """The tEXt entries of a PNG (empty for anything that is not a PNG)."""
    entries = {}
    for kind, data, _ in _png_chunks(png):
        if kind == b"tEXt" and b"\0" in data:
            keyword, _, value = data.partition(b"\0")
            entries[keyword.decode("latin-1")] = value.decode("latin-1")
    return entries


def _add_png_text(png: bytes, keyword: str, value: str) -> bytes:
    """`png` with a tEXt chunk right after its header chunk."""
    kind, _, end = next(_png_chunks(png))
    if kind != b"IHDR":
        raise ValueError("not a PNG")
    data = keyword.encode("latin-1") + b"\0" + value.encode("latin-1")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return png[:end] + chunk + png[end:]


def _placeholder_png() -> bytes:
    """A 1x1 white greyscale PNG whose tEXt says it is no chart (so `chart_png` draws the real one)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    text = chunk(b"tEXt", PNG_KEYWORD.encode("latin-1") + b"\0placeholder: run `survey pdf` to draw the chart")
    return PNG_SIGNATURE + header + text + chunk(b"IDAT", zlib.compress(b"\0\xff", 9)) + chunk(b"IEND", b"")


PLACEHOLDER_PNG = _placeholder_png()


def _bundle_header() -> str:
    recipe = hashlib.sha256(_DRAW_SNIPPET.encode("utf-8")).hexdigest()[:16]
    return f"// Generated by scripts/survey/charts.py with vl-convert-python {version('vl-convert-python')} " \
           f"(Vega-Lite {VL_VERSION}, snippet {recipe}): do not edit.\n"


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one classic script (no imports, no network), wrapped in a
    function so its top-level names cannot clash with the theme's scripts; it draws the page's charts."""
    bundle = vl_convert.javascript_bundle(_DRAW_SNIPPET, vl_version=VL_VERSION)
    return f"{_bundle_header()}(function () {{\n{bundle}\n}})();\n"


def book_files(charts: dict[str, list[Chart]] | list[Chart], root: Path | None = None,
               render: bool = True) -> dict[str, str | bytes]:
    """Every file the charts need besides the pages, keyed by path relative to the book root: the PNG
    of each chart (chapters/figures/NAME.png; a placeholder unless `render` or already drawn) and the
    script bundle (_static/vega-bundle.js). Files already in `root` made from the same input by the same
    renderer are reused instead of redone."""
    if isinstance(charts, dict):
        charts = [c for page in charts.values() for c in page]
    files: dict[str, str | bytes] = dict(figure_files(charts, root, render=render))
    existing = root / VEGA_BUNDLE_PATH if root is not None else None
    if existing is not None and existing.is_file() and existing.read_text(encoding="utf-8").startswith(_bundle_header()):
        files[VEGA_BUNDLE_PATH] = existing.read_text(encoding="utf-8")
    else:
        files[VEGA_BUNDLE_PATH] = vega_bundle()
    return files


def figure_files(charts: list[Chart], root: Path | None = None, folder: str = f"chapters/{FIGURE_DIR}",
                 render: bool = True) -> dict[str, bytes]:
    """The PNG of every chart keyed by its path relative to the book root. PNGs already in `root` that
    were drawn from the same spec by the same renderer are reused (read, never written, here); the others
    are drawn, or with `render` false are PLACEHOLDER_PNG."""
    files: dict[str, bytes] = {}
    for chart in charts:
        path = f"{folder}/{chart.name}.png"
        if path in files:
            raise ValueError(f"two charts are named {chart.name!r}")
        existing = root / path if root is not None else None
        files[path] = chart_png(chart, existing.read_bytes() if existing is not None and existing.is_file() else None, render)
    return files


# ------------------------------------------------------------------------------------------- helpers


def paper_url(paper: Paper) -> str | None:
    """Where clicking a paper leads, relative to a page in chapters/: the paper's entry."""
    return href(paper.key)


def projection(vectors: TextVectors) -> np.ndarray:
    """A deterministic 2-D map of the papers: the first two principal components of their TF-IDF
    vectors (centred implicitly, the matrix stays sparse), signs fixed, rounded. Shape (papers, 2)."""
    matrix = vectors.matrix
    papers, terms = matrix.shape
    out = np.zeros((papers, 2))
    if min(papers, terms) > 2:
        coords = PCA(n_components=2, svd_solver="arpack", random_state=0).fit_transform(matrix)
    elif min(papers, terms) >= 2:
        coords = PCA(n_components=2, svd_solver="full").fit_transform(matrix.toarray())
    else:
        return out
    out[:, :coords.shape[1]] = coords
    for column in range(2):  # a component's sign is arbitrary: make its largest coordinate positive
        values = out[:, column]
        if len(values) and values[int(np.argmax(np.abs(values)))] < 0:
            out[:, column] = -values
    return np.round(out, 6) + 0.0  # + 0.0 turns -0.0 into 0.0


def term_weights(vectors: TextVectors, rows: list[int], count: int = TERMS) -> list[tuple[str, float]]:
    """`text.distinctive_terms` with their lift (text.term_lifts), rounded for the chart."""
    return [(term, round(lift, 6)) for term, lift in term_lifts(vectors, rows, count)]


def _year(paper: Paper) -> str:
    return "" if paper.year is None else str(paper.year)


def _years(values) -> list[str]:
    return sorted({str(y) for y in values if str(y).isdigit()}, key=int)


def _year_range(years: list[str]) -> list[str]:
    return [str(y) for y in range(int(years[0]), int(years[-1]) + 1)] if years else []


def _spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite dict with the shared CONFIG, round-tripped through canonical JSON so it holds only
    plain JSON values. Not validated here (the map of 10,000 papers took 2 s to validate): the tests
    validate every kind of chart against the Vega-Lite schema."""
    spec = chart.to_dict(validate=False)
    spec["config"] = {**spec.get("config", {}), **CONFIG}
    return json.loads(spec_json(spec))


class _Rows:
    """A chart's rows, which altair's to_dict hands over as they are (altair's SchemaLike protocol: a
    `_schema` and a `to_dict`), instead of visiting every value of every row (3 s of CPU, profiled, for
    the 10,000-paper corpus's charts). _spec turns the spec into plain JSON values anyway."""

    _schema = {"type": "array"}

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def to_dict(self) -> list[dict]:
        return self.rows


def _data(rows: list[dict]) -> alt.Data:
    """Inline values: never a file or URL, whatever the data transformer (see _Rows)."""
    return alt.Data(values=_Rows(rows))


def _chapter_scale(corpus: Corpus) -> alt.Scale:
    """One colour per chapter with papers, the same in every chart (taxonomy order)."""
    used = {p.primary_theme for p in corpus.papers}
    return alt.Scale(domain=[c.title for c in corpus.taxonomy.chapters if c.slug in used], scheme=COLOR_SCHEME)


def _bar_height(categories: int) -> alt.Step:
    return alt.Step(20 if categories < 25 else 14)


# ---------------------------------------------------------------------------------- overview charts


def papers_per_chapter(corpus: Corpus) -> Chart:
    titles = [c.title for c in corpus.taxonomy.chapters]
    rows = []
    for chapter in corpus.taxonomy.chapters:
        for kind, count in ((KIND_MAIN, len(corpus.rows_in(chapter.slug))),
                            (KIND_ALSO, len(corpus.rows_also_in(chapter.slug)))):
            rows.append({"chapter": chapter.title, "kind": kind, "papers": count, "order": int(kind == KIND_ALSO),
                         "url": f"{chapter.slug}.html"})
    title = "Papers per chapter"
    chart = alt.Chart(_data(rows), title=title).mark_bar().encode(
        x=alt.X("papers:Q", title="Papers", stack="zero"),
        y=alt.Y("chapter:N", title=None, sort=titles, axis=alt.Axis(labelLimit=300)),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=[KIND_MAIN, KIND_ALSO], range=["#4c78a8", "#9ecae9"]),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("order:Q"),
        href=alt.Href("url:N"),
        tooltip=[alt.Tooltip("chapter:N", title="Chapter"), alt.Tooltip("kind:N", title="Papers"),
                 alt.Tooltip("papers:Q", title="Count")],
    ).properties(width=380, height=_bar_height(len(titles)),
                 description="Number of papers per chapter: as main chapter and as also relevant.")
    return Chart("overview-chapters", title, _spec(chart))


def chapter_overlap(corpus: Corpus) -> Chart:
    """How many papers each pair of chapters shares (both in a paper's themes)."""
    shared: dict[tuple[str, str], int] = {}  # counted from each paper's few chapters, not per pair of chapters
    for paper in corpus.papers:
        themes = set(paper.themes)
        for a in themes:
            for b in themes:
                shared[a, b] = shared.get((a, b), 0) + 1
    chapters = [c for c in corpus.taxonomy.chapters if (c.slug, c.slug) in shared]
    rows = []
    for a in chapters:
        for b in chapters:
            if a.slug != b.slug:
                rows.append({"a": a.title, "b": b.title, "shared": shared.get((a.slug, b.slug), 0)})
    titles = [c.title for c in chapters]
    top = max([r["shared"] for r in rows], default=0)
    title = "Papers shared by two chapters"
    base = alt.Chart(_data(rows), title=title).encode(
        x=alt.X("a:N", title=None, sort=titles, axis=alt.Axis(labelAngle=-45, labelLimit=150)),
        y=alt.Y("b:N", title=None, sort=titles, axis=alt.Axis(labelLimit=280)),
        tooltip=[alt.Tooltip("a:N", title="Chapter"), alt.Tooltip("b:N", title="and chapter"),
                 alt.Tooltip("shared:Q", title="Shared papers")],
    )
    cells = base.mark_rect().encode(color=alt.condition(
        alt.datum.shared > 0, alt.Color("shared:Q", legend=None, scale=alt.Scale(scheme="blues", domainMin=0)),
        alt.value("#f2f2f2")))  # no legend: every non-empty cell shows its count
    labels = base.transform_filter(alt.datum.shared > 0).mark_text(fontSize=11).encode(
        text=alt.Text("shared:Q"),
        color=alt.condition(alt.datum.shared > top / 2, alt.value("white"), alt.value("black")),
    )
    chart = alt.layer(cells, labels).properties(
        width=alt.Step(22), height=alt.Step(22),
        description="Heatmap: for each pair of chapters, how many papers belong to both.")
    return Chart("overview-overlap", title, _spec(chart))


MAP_POINTS = 5_000  # papers drawn on the map at most: beyond, a fixed sample of them
TIMELINE_METHODS = 150  # named methods on a chapter's timeline at most: beyond, a fixed sample of them


def fixed_sample(keys: list[str], count: int) -> list[int]:
    """The positions (in order) of the papers a chart draws: all of them up to `count`, else the `count`
    whose keys hash lowest (BLAKE2b), the same papers at every build and on every machine. Above a few
    thousand points a chart is a cloud no reader can tell apart and a page of tens of megabytes (the map of
    100,000 papers was 26 MB, a chapter's timeline 33,000 pixels tall); every paper is still listed in "All
    papers" and has its own entry."""
    if len(keys) <= count:
        return list(range(len(keys)))
    digests = [hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest() for key in keys]
    return sorted(sorted(range(len(keys)), key=lambda i: (digests[i], keys[i]))[:count])


def sample_subtitle(drawn: int, total: int, what: str) -> list[str]:
    """The subtitle line saying a chart draws a sample, when it does."""
    return [f"A fixed sample of {drawn:,} of the {total:,} {what}."] if drawn < total else []


def corpus_map(corpus: Corpus, points: int = MAP_POINTS) -> Chart:
    """The papers (a fixed_sample of them above `points`) placed by the first two principal components of
    their TF-IDF vectors."""
    drawn = fixed_sample([p.key for p in corpus.papers], points)
    vectors = corpus.vectors if len(drawn) == len(corpus.papers) else \
        TextVectors(corpus.vectors.matrix[drawn], corpus.vectors.terms)
    coords = projection(vectors)
    titles = {c.slug: c.title for c in corpus.taxonomy.chapters}
    rows = []
    for i, paper in enumerate(corpus.papers[row] for row in drawn):
        point = {"x": float(coords[i, 0]), "y": float(coords[i, 1]), "title": " ".join(paper.title.split()),
                 "method": paper.short_name or NO_METHOD, "year": _year(paper) or "unknown",
                 "chapter": titles.get(paper.primary_theme, paper.primary_theme)}
        url = paper_url(paper)
        if url:
            point["url"] = url
        rows.append(point)
    pick = alt.selection_point(name="pick", fields=["chapter"], bind="legend")
    zoom = alt.selection_interval(name="zoom", bind="scales")
    hidden = alt.Axis(title=None, labels=False, ticks=False, grid=False, domain=False)
    title = "Map of the corpus"
    sampled = sample_subtitle(len(drawn), len(corpus.papers), "papers")
    chart = alt.Chart(_data(rows), title=alt.Title(
        title, subtitle=[*sampled, "Papers with similar wording lie close together (first two principal components of",
                         "their TF-IDF vectors). Click a legend entry to highlight a chapter, a point to open it."])).mark_circle(
        size=45, stroke="white", strokeWidth=0.5).encode(
        x=alt.X("x:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=10)),
        y=alt.Y("y:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=10)),
        color=alt.Color("chapter:N", title="Main chapter", scale=_chapter_scale(corpus),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300, symbolLimit=0)),
        opacity=alt.condition(pick, alt.value(0.85), alt.value(0.08)),
        href=alt.Href("url:N"),
        tooltip=[alt.Tooltip("title:N", title="Paper"), alt.Tooltip("method:N", title="Method"),
                 alt.Tooltip("chapter:N", title="Chapter"), alt.Tooltip("year:N", title="Year")],
    ).add_params(pick, zoom).properties(
        width=600, height=420, description=f"Scatter plot: {'each paper of the sample' if sampled else 'every paper'} "
                                           "placed by the similarity of its text, coloured by its main chapter.")
    return Chart("overview-map", title, _spec(chart))


def papers_per_year(corpus: Corpus) -> Chart | None:
    titles = {c.slug: c.title for c in corpus.taxonomy.chapters}
    years = _years(_year(p) for p in corpus.papers)
    if not years:
        return None
    counts: dict[tuple[str, str], int] = {}
    for paper in corpus.papers:
        if paper.year is not None:
            key = (str(paper.year), titles.get(paper.primary_theme, paper.primary_theme))
            counts[key] = counts.get(key, 0) + 1
    order = {c.title: i for i, c in enumerate(corpus.taxonomy.chapters)}
    rows = [{"year": y, "chapter": c, "papers": n, "order": order.get(c, len(order))}
            for (y, c), n in sorted(counts.items(), key=lambda kv: (int(kv[0][0]), order.get(kv[0][1], len(order)), kv[0][1]))]
    title = "Papers per year"
    chart = alt.Chart(_data(rows), title=alt.Title(title, subtitle="Papers whose year is known, by main chapter.")).mark_bar().encode(
        x=alt.X("year:O", title="Year", scale=alt.Scale(domain=_year_range(years)), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("papers:Q", title="Papers", stack="zero"),
        color=alt.Color("chapter:N", title="Main chapter", scale=_chapter_scale(corpus),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=300, symbolLimit=0)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("chapter:N", title="Chapter"),
                 alt.Tooltip("papers:Q", title="Papers")],
    ).properties(width=600, height=260, description="Stacked bars: papers per publication year and main chapter.")
    return Chart("overview-years", title, _spec(chart))


def code_share(corpus: Corpus) -> Chart:
    rows = []
    for chapter in corpus.taxonomy.chapters:
        members = corpus.rows_in(chapter.slug)
        if not members:
            continue
        with_code = sum(1 for i in members if corpus.papers[i].code_urls)
        rows.append({"chapter": chapter.title, "share": round(with_code / len(members), 6), "with_code": with_code,
                     "papers": len(members), "url": f"{chapter.slug}.html"})
    titles = [r["chapter"] for r in rows]
    title = "Share of papers with code"
    chart = alt.Chart(_data(rows), title=title).mark_bar(color="#59a14f").encode(
        x=alt.X("share:Q", title="Papers linking to code", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        y=alt.Y("chapter:N", title=None, sort=titles, axis=alt.Axis(labelLimit=300)),
        href=alt.Href("url:N"),
        tooltip=[alt.Tooltip("chapter:N", title="Chapter"), alt.Tooltip("share:Q", title="Share", format=".0%"),
                 alt.Tooltip("with_code:Q", title="With code"), alt.Tooltip("papers:Q", title="Papers")],
    ).properties(width=380, height=_bar_height(len(rows)),
                 description="Share of each chapter's papers that link to code.")
    return Chart("overview-code", title, _spec(chart))


def taxonomy_tree(corpus: Corpus) -> Chart:
    """The taxonomy as a tree: each chapter joined to its sections, each labelled with its papers (main
    chapter, and section within it). Drawn from computed positions, so the same taxonomy gives the same
    figure on the site and in the PDF."""
    nodes, edges = [], []
    y = 0
    for chapter in corpus.taxonomy.chapters:
        rows = corpus.rows_in(chapter.slug)
        first = y
        for section in chapter.sections:
            count = sum(1 for i in rows if corpus.papers[i].section == section.slug)
            nodes.append({"x": 1, "y": y, "label": f"{section.title} ({count})", "level": "Section", "papers": count,
                          "url": f"{chapter.slug}.html#{section_label(chapter.slug, section.slug)}"})
            y += 1
        middle = (first + max(first, y - 1)) / 2
        nodes.append({"x": 0, "y": middle, "label": f"{chapter.title} ({len(rows)})", "level": "Chapter",
                      "papers": len(rows), "url": f"{chapter.slug}.html"})
        edges += [{"x": 0, "y": middle, "x2": 1, "y2": n["y"]} for n in nodes if n["level"] == "Section" and first <= n["y"] < y]
        y = max(y, first + 1) + 0.6
    scale_x = alt.Scale(domain=[-1.45, 2.5])
    scale_y = alt.Scale(domain=[-0.5, y], reverse=True, nice=False)
    hidden = alt.Axis(title=None, labels=False, ticks=False, grid=False, domain=False)
    lines = alt.Chart(_data(edges)).mark_rule(color="#bbbbbb").encode(
        x=alt.X("x:Q", axis=hidden, scale=scale_x), y=alt.Y("y:Q", axis=hidden, scale=scale_y), x2=alt.X2("x2:Q"), y2=alt.Y2("y2:Q"))
    dots = alt.Chart(_data(nodes)).mark_circle(size=40).encode(
        x=alt.X("x:Q", axis=hidden, scale=scale_x), y=alt.Y("y:Q", axis=hidden, scale=scale_y),
        color=alt.Color("level:N", scale=alt.Scale(domain=["Chapter", "Section"], range=["#4c78a8", "#f58518"]),
                        legend=None), href=alt.Href("url:N"),
        tooltip=[alt.Tooltip("label:N", title="Part"), alt.Tooltip("level:N", title="Level")])
    chapters = alt.Chart(_data([n for n in nodes if n["level"] == "Chapter"])).mark_text(
        align="right", dx=-8, fontSize=11, fontWeight="bold").encode(
        x=alt.X("x:Q", axis=hidden, scale=scale_x), y=alt.Y("y:Q", axis=hidden, scale=scale_y), text=alt.Text("label:N"), href=alt.Href("url:N"))
    sections = alt.Chart(_data([n for n in nodes if n["level"] == "Section"])).mark_text(
        align="left", dx=8, fontSize=10).encode(
        x=alt.X("x:Q", axis=hidden, scale=scale_x), y=alt.Y("y:Q", axis=hidden, scale=scale_y), text=alt.Text("label:N"), href=alt.Href("url:N"))
    title = "The taxonomy: chapters and their sections"
    chart = alt.layer(lines, dots, chapters, sections, title=alt.Title(
        title, subtitle="Papers per chapter (main chapter) and per section, in brackets.")).configure_view(
        stroke=None).properties(
        width=640, height=max(200, int(12 * y)),
        description="Tree of the survey's taxonomy: each chapter joined to its sections, with their numbers of papers.")
    return Chart("overview-taxonomy", title, _spec(chart))


def overview_charts(corpus: Corpus) -> list[Chart]:
    charts = [taxonomy_tree(corpus), papers_per_chapter(corpus), chapter_overlap(corpus), corpus_map(corpus),
              papers_per_year(corpus), code_share(corpus)]
    return [c for c in charts if c is not None]


# ----------------------------------------------------------------------------------- chapter charts


def papers_per_section(corpus: Corpus, chapter: Chapter) -> Chart:
    rows = []
    for section in chapter.sections:
        members = [i for i in corpus.rows_in(chapter.slug) if corpus.papers[i].section == section.slug]
        rows.append({"section": section.title, "papers": len(members),
                     "with_code": sum(1 for i in members if corpus.papers[i].code_urls),
                     "url": f"#{section_label(chapter.slug, section.slug)}"})
    title = f"{chapter.title}: papers per section"
    chart = alt.Chart(_data(rows), title=title).mark_bar(color="#4c78a8").encode(
        x=alt.X("papers:Q", title="Papers", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("section:N", title=None, sort=[s.title for s in chapter.sections], axis=alt.Axis(labelLimit=300)),
        href=alt.Href("url:N"),
        tooltip=[alt.Tooltip("section:N", title="Section"), alt.Tooltip("papers:Q", title="Papers"),
                 alt.Tooltip("with_code:Q", title="With code")],
    ).properties(width=380, height=_bar_height(len(rows)), description="Number of papers in each section of the chapter.")
    return Chart(f"{chapter.slug}-sections", title, _spec(chart))


def chapter_terms(corpus: Corpus, chapter: Chapter) -> Chart | None:
    weights = term_weights(corpus.vectors, corpus.rows_in(chapter.slug))
    if not weights:
        return None
    rows = [{"term": t, "weight": w} for t, w in weights]
    title = f"{chapter.title}: distinctive terms"
    chart = alt.Chart(_data(rows), title=alt.Title(
        title, subtitle=["How much more weight a term has in this chapter's", "papers than in the whole corpus."])).mark_bar(
        color="#f58518").encode(
        x=alt.X("weight:Q", title="Lift in mean TF-IDF weight", axis=alt.Axis(tickCount=5)),
        y=alt.Y("term:N", title=None, sort=[t for t, _ in weights], axis=alt.Axis(labelLimit=300)),
        tooltip=[alt.Tooltip("term:N", title="Term"), alt.Tooltip("weight:Q", title="Lift", format=".3f")],
    ).properties(width=420, height=_bar_height(len(rows)), description="The chapter's most distinctive terms.")
    return Chart(f"{chapter.slug}-terms", title, _spec(chart))


def chapter_years(corpus: Corpus, chapter: Chapter) -> Chart | None:
    years = [_year(corpus.papers[i]) for i in corpus.rows_in(chapter.slug)]
    known = _years(years)
    if not known:
        return None
    rows = [{"year": y, "papers": years.count(y)} for y in _year_range(known)]
    dated = sum(r["papers"] for r in rows)
    title = f"{chapter.title}: papers per year"
    chart = alt.Chart(_data(rows), title=alt.Title(title, subtitle=f"{dated} of {len(years)} papers have a known year.")).mark_bar(
        color="#4c78a8").encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("papers:Q", title="Papers", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("papers:Q", title="Papers")],
    ).properties(width=min(420, max(240, 40 * len(rows))), height=200,
                 description="Number of the chapter's papers per year.")
    return Chart(f"{chapter.slug}-years", title, _spec(chart))


def attribute_years(corpus: Corpus, chapter: Chapter, attribute: Attribute) -> Chart | None:
    """Papers per year by the values of one of the chapter's attributes (stated in the papers' text); None
    when no dated paper of the chapter states a value."""
    papers = [corpus.papers[i] for i in corpus.rows_in(chapter.slug)]
    order = [v.name for v in attribute.values]
    counts: dict[tuple[str, str], int] = {}
    for paper in papers:
        for value in paper.attribute(attribute.name):
            if paper.year is not None:
                counts[str(paper.year), value] = counts.get((str(paper.year), value), 0) + 1
    if not counts:
        return None
    years = _years(y for y, _ in counts)
    used = [v for v in order if any(value == v for _, value in counts)]
    rows = [{"year": y, "value": v, "papers": n, "order": used.index(v)} for (y, v), n in
            sorted(counts.items(), key=lambda kv: (int(kv[0][0]), used.index(kv[0][1])))]
    title = f"{chapter.title}: {attribute.label} by year"
    chart = alt.Chart(_data(rows), title=alt.Title(
        title, subtitle="Papers whose title or abstract states the value; a paper may state several.")).mark_bar().encode(
        x=alt.X("year:O", title="Year", scale=alt.Scale(domain=_year_range(years)), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("papers:Q", title="Papers", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("value:N", title=attribute.label, scale=alt.Scale(domain=used, scheme=COLOR_SCHEME),
                        legend=alt.Legend(orient="right", labelLimit=220)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("value:N", title=attribute.label),
                 alt.Tooltip("papers:Q", title="Papers")],
    ).properties(width=min(420, max(240, 60 * len(_year_range(years)))), height=200,
                 description=f"Stacked bars: the chapter's papers per year by {attribute.label}.")
    return Chart(f"{chapter.slug}-{attribute.name.replace('_', '-')}-years", title, _spec(chart))


TIMELINE_WIDTH = 560  # pixels of the time axis
LABEL_PX_PER_CHAR, LANE_PX = 6.2, 14  # estimated label width at 10 px; height of a label's lane


def _lanes(rows: list[dict], days_per_px: float) -> int:
    """Give each method label of a section the first lane where it does not overlap the label before it
    (labels run right from their point); return the number of lanes used. `rows` are sorted by date, so a
    lane whose last label ends before a label's start stays free for every later one: each section keeps
    its free lanes and its busy ones (by where their last label ends) in heaps, instead of trying every
    lane from the first for every label (quadratic: 60 lanes of one section at 10,000 papers)."""
    from datetime import date

    free: dict[str, list[int]] = {}
    busy: dict[str, list[tuple[float, int]]] = {}
    used = 1
    for row in rows:
        year, month = map(int, row["date"].split("-"))
        start = date(year, month, 1).toordinal()
        width = (len(row["method"]) * LABEL_PX_PER_CHAR + 12) * days_per_px
        section_free, section_busy = free.setdefault(row["section"], []), busy.setdefault(row["section"], [])
        while section_busy and section_busy[0][0] <= start:
            heapq.heappush(section_free, heapq.heappop(section_busy)[1])
        lane = heapq.heappop(section_free) if section_free else len(section_busy)
        heapq.heappush(section_busy, (start + width, lane))
        row["lane"] = lane
        used = max(used, lane + 1)
    return used


def method_timeline(corpus: Corpus, chapter: Chapter, methods: int = TIMELINE_METHODS) -> Chart | None:
    """The chapter's named methods (a fixed_sample of them above `methods`) on a time line (month of first
    submission), by section, each label in the first free lane of its section so that none overlaps another;
    None when no named method has a date."""
    from datetime import date

    sections = {s.slug: s.title for s in chapter.sections}
    named = [corpus.papers[i] for i in corpus.rows_in(chapter.slug)
             if corpus.papers[i].short_name and corpus.papers[i].year is not None]
    drawn = fixed_sample([paper.key for paper in named], methods)
    rows = []
    for paper in (named[k] for k in drawn):
        point = {"date": f"{paper.year}-{paper.month or 1:02d}", "method": paper.short_name,
                 "section": sections.get(paper.section, "Other"), "title": " ".join(paper.title.split())}
        url = paper_url(paper)
        if url:
            point["url"] = url
        rows.append(point)
    if not rows:
        return None
    rows.sort(key=lambda r: (r["date"], r["method"]))
    first, last = (date(*map(int, rows[i]["date"].split("-")), 1).toordinal() for i in (0, -1))
    lanes = _lanes(rows, max(last - first, 60) / TIMELINE_WIDTH)
    order = [s.title for s in chapter.sections if any(r["section"] == s.title for r in rows)] + \
        (["Other"] if any(r["section"] == "Other" for r in rows) else [])
    base = alt.Chart(_data(rows)).encode(
        x=alt.X("date:T", title="First submitted", axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6)),
        y=alt.Y("section:N", title=None, sort=order, axis=alt.Axis(labelLimit=240)),
        yOffset=alt.YOffset("lane:O", scale=alt.Scale(domain=list(range(lanes)))))
    dots = base.mark_circle(size=40, color="#4c78a8").encode(
        href=alt.Href("url:N"), tooltip=[alt.Tooltip("method:N", title="Method"), alt.Tooltip("title:N", title="Paper"),
                               alt.Tooltip("date:T", title="Submitted", format="%B %Y")])
    labels = base.mark_text(align="left", dx=5, fontSize=10).encode(text=alt.Text("method:N"), href=alt.Href("url:N"))
    title = f"{chapter.title}: named methods over time"
    subtitle = "Each method at the month its paper was first submitted (arXiv), by section."
    sampled = sample_subtitle(len(drawn), len(named), "named methods")
    chart = alt.layer(dots, labels, title=alt.Title(
        title, subtitle=[*sampled, subtitle] if sampled else subtitle)).properties(
        width=TIMELINE_WIDTH, height=alt.Step(LANE_PX),
        description="Timeline: the chapter's named methods by month of first submission and section.")
    return Chart(f"{chapter.slug}-timeline", title, _spec(chart))


def chapter_charts(corpus: Corpus, chapter: Chapter) -> list[Chart]:
    """The chapter's charts; none when no paper has it as main chapter."""
    if not corpus.rows_in(chapter.slug):
        return []
    charts = [papers_per_section(corpus, chapter), chapter_terms(corpus, chapter), chapter_years(corpus, chapter)]
    return [c for c in charts if c is not None]


def trend_charts(corpus: Corpus, chapter: Chapter) -> list[Chart]:
    """The chapter's trends: papers per year by each of its attributes, and its named methods over time."""
    if not corpus.rows_in(chapter.slug):
        return []
    charts = [attribute_years(corpus, chapter, a) for a in corpus.attributes.for_chapter(chapter.slug)]
    return [c for c in [*charts, method_timeline(corpus, chapter)] if c is not None]


def book_charts(corpus: Corpus) -> dict[str, list[Chart]]:
    """Every chart keyed by the page (relative to the book root) it belongs on; names are unique.

    Built without altair's check of every new schema object against the schema (its debug mode): it
    validated every row of the data (1.2 s for the map of 10,000 papers) and every part of every chart
    (0.5 s for the survey's 109 charts), the same check `_spec` skips; the tests validate every kind of
    chart against the Vega-Lite schema. Channels are given as objects, not shorthand strings, for the same
    reason: altair reads a string through its from_dict, which hashes the whole schema each time."""
    with debug_mode(False):
        charts = {"chapters/overview.md": overview_charts(corpus)}
        for chapter in corpus.taxonomy.chapters:
            charts[f"chapters/{chapter.slug}.md"] = chapter_charts(corpus, chapter)
            charts[f"chapters/{chapter.slug}.md#trends"] = trend_charts(corpus, chapter)
    names = [c.name for page in charts.values() for c in page]
    if len(names) != len(set(names)):
        raise ValueError("two charts have the same name")
    return charts
