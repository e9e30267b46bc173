"""Charts: names, HTML-safe spec JSON, inline data, deterministic specs and PNGs, on a tiny synthetic corpus."""
from __future__ import annotations

import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.analysis.corpus import Corpus
from survey.analysis.text import distinctive_terms
from survey.model.paper import Paper
from survey.model.taxonomy import Chapter, Section, Taxonomy
from survey.site import charts
from tests.builders import corpus as build_corpus
from tests.builders import paper as build_paper

EVIL = 'Evil </script><script>alert(1)</script> & <!-- ``` `tick` "q"'
EVIL_METHOD = "</SCRIPT>Bad\u2028Name"  # U+2028 ends a line in old JavaScript: must be escaped too


def section(slug: str) -> Section:
    return Section(slug, slug.title(), "Intro.", {})


def taxonomy() -> Taxonomy:
    return Taxonomy("other", 1.0, 0.08, (
        Chapter("graphs", "Graph learning", "Graphs.", {}, (section("gnn"), section("links"))),
        Chapter("diffusion", "Diffusion </script>", "Diffusion.", {}, (section("images"), section("video"))),
        Chapter("other", "Other topics", "Rest.", {}, (section("misc"),)),
    ))


def paper(key, title, abstract, themes, section_slug, year="", code="", short_name=None) -> Paper:
    return build_paper(key, title, abstract, summary=abstract[:40], themes=themes, section=section_slug, year=year,
                       code_urls=code, short_name=key.upper() if short_name is None else short_name)


def corpus(with_years: bool = True) -> Corpus:
    y = (lambda v: v) if with_years else (lambda v: "")
    rows = [
        paper("gnn1", "Message passing graph neural networks", "Graph neural networks pass messages on nodes.",
              "graphs", "gnn", y("2023"), "https://github.com/a/b"),
        paper("gnn2", "Expressive graph transformers", "Transformers for graph nodes and edges.", "graphs", "gnn",
              y("2024")),
        paper("link1", "Link prediction on graphs", "Predict links between nodes of a graph.", "graphs;diffusion",
              "links", y("2021")),
        paper("diff1", EVIL, "Diffusion models denoise images step by step.", "diffusion;graphs", "images", y("2024"),
              "https://github.com/c/d", short_name=EVIL_METHOD),
        paper("diff2", "Video diffusion", "Diffusion models generate video frames.", "diffusion", "video"),
        paper("diff3", "Fast image diffusion sampling", "Fewer denoising steps for image diffusion.", "diffusion",
              "images", y("2024")),
    ]
    return build_corpus(rows, taxonomy())


@pytest.fixture(scope="module")
def small() -> Corpus:
    return corpus()


@pytest.fixture(scope="module")
def drawn(small) -> dict[str, charts.Chart]:
    """Every chart of the small corpus by name."""
    return {c.name: c for page in charts.book_charts(small).values() for c in page}


def embedded_spec(markdown: str) -> dict:
    payload = re.search(r'<script type="application/json" id="chart-[a-z0-9-]+-spec">(.*)</script>', markdown).group(1)
    return json.loads(payload)


def test_chart_names(small, drawn):
    assert [c.name for c in charts.overview_charts(small)] == [
        "overview-taxonomy", "overview-chapters", "overview-overlap", "overview-map", "overview-years", "overview-code"]
    graphs, diffusion, other = small.taxonomy.chapters
    assert [c.name for c in charts.chapter_charts(small, graphs)] == ["graphs-sections", "graphs-terms", "graphs-years"]
    assert [c.name for c in charts.chapter_charts(small, diffusion)] == [
        "diffusion-sections", "diffusion-terms", "diffusion-years"]
    assert charts.chapter_charts(small, other) == []  # no paper has it as main chapter
    assert [c.name for c in charts.trend_charts(small, diffusion)] == ["diffusion-timeline"]  # no attributes configured
    assert len(drawn) == 14


def test_the_taxonomy_tree_has_every_chapter_and_section_with_its_papers(small):
    layers = charts.taxonomy_tree(small).spec["layer"]
    nodes = [n for layer in layers for n in layer["data"]["values"] if "label" in n]
    labels = {n["label"] for n in nodes}
    assert {"Graph learning (3)", "Gnn (2)", "Links (1)", "Images (2)", "Video (1)", "Misc (0)"} <= labels
    edges = layers[0]["data"]["values"]
    assert len(edges) == sum(len(c.sections) for c in small.taxonomy.chapters)


def test_the_method_timeline_gives_overlapping_labels_their_own_lanes():
    rows = [{"date": "2024-03", "method": "LongMethodName", "section": "A"},
            {"date": "2024-03", "method": "Other", "section": "A"},
            {"date": "2024-03", "method": "Alone", "section": "B"},
            {"date": "2026-01", "method": "Later", "section": "A"}]
    assert charts._lanes(rows, days_per_px=1.0) == 2
    assert [r["lane"] for r in rows] == [0, 1, 0, 0]


def test_a_fixed_sample_is_every_paper_up_to_its_size_else_the_keys_that_hash_lowest():
    import hashlib

    keys = [f"paper{i}" for i in range(50)]
    assert charts.fixed_sample(keys, 50) == charts.fixed_sample(keys, 80) == list(range(50))
    chosen = charts.fixed_sample(keys, 7)
    lowest = sorted(keys, key=lambda k: hashlib.blake2b(k.encode(), digest_size=8).digest())[:7]
    assert chosen == sorted(chosen) and sorted(keys[i] for i in chosen) == sorted(lowest)


@settings(max_examples=100)
@given(keys=st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=40), count=st.integers(0, 45),
       seed=st.randoms(use_true_random=False))
def test_a_fixed_sample_does_not_depend_on_the_order_and_keeps_its_papers_as_the_corpus_grows(keys, count, seed):
    shuffled = list(keys)
    seed.shuffle(shuffled)
    sample = {keys[i] for i in charts.fixed_sample(keys, count)}
    assert sample == {shuffled[i] for i in charts.fixed_sample(shuffled, count)}
    assert len(sample) == min(count, len(keys))
    grown = {(keys + ["extra one", "extra two"])[i] for i in charts.fixed_sample(keys + ["extra one", "extra two"], count)}
    assert len(grown - sample) <= 2  # a new paper can push old ones out, never bring another old one in


def test_the_map_above_its_size_draws_a_fixed_sample_and_says_so(small):
    drawn = charts.fixed_sample([p.key for p in small.papers], 3)
    chart = charts.corpus_map(small, points=3)
    values = chart.spec["data"]["values"]
    assert [v["title"] for v in values] == [" ".join(small.papers[i].title.split()) for i in drawn]
    assert chart.spec["title"]["subtitle"][0] == "A fixed sample of 3 of the 6 papers."
    assert chart.spec["description"].startswith("Scatter plot: each paper of the sample")
    sample = charts.TextVectors(small.vectors.matrix[drawn], small.vectors.terms)
    assert [[v["x"], v["y"]] for v in values] == charts.projection(sample).tolist()  # placed among the sample
    whole = charts.corpus_map(small)
    assert len(whole.spec["data"]["values"]) == 6 and whole.spec["title"]["subtitle"][0].startswith("Papers with")
    assert whole.spec["description"].startswith("Scatter plot: every paper")


def test_the_timeline_above_its_size_draws_a_fixed_sample_of_the_named_methods_and_says_so(small):
    diffusion = small.taxonomy.chapters[1]
    whole = charts.method_timeline(small, diffusion)
    names = [v["method"] for v in whole.spec["data"]["values"]]
    assert len(names) == 2 and whole.spec["title"]["subtitle"].startswith("Each method")  # diff2 has no date
    sampled = charts.method_timeline(small, diffusion, methods=1)
    assert [v["method"] for v in sampled.spec["data"]["values"]] in ([n] for n in names)
    assert sampled.spec["title"]["subtitle"] == ["A fixed sample of 1 of the 2 named methods.",
                                                 whole.spec["title"]["subtitle"]]


def test_the_overview_says_when_the_map_draws_a_sample():
    from survey.site.overview import _sample_note

    assert _sample_note(charts.MAP_POINTS, charts.MAP_POINTS) == ""
    note = _sample_note(charts.MAP_POINTS, charts.MAP_POINTS + 1)
    assert f"a fixed sample of {charts.MAP_POINTS:,} of the {charts.MAP_POINTS + 1:,} papers" in note


def first_free_lanes(rows: list[dict], days_per_px: float) -> int:
    """The reference for `charts._lanes`: every label tries each lane of its section from the first."""
    from datetime import date

    ends: dict[tuple[str, int], float] = {}
    used = 1
    for row in rows:
        year, month = map(int, row["date"].split("-"))
        start = date(year, month, 1).toordinal()
        width = (len(row["method"]) * charts.LABEL_PX_PER_CHAR + 12) * days_per_px
        lane = 0
        while ends.get((row["section"], lane), -1e12) > start:
            lane += 1
        ends[row["section"], lane] = start + width
        row["lane"] = lane
        used = max(used, lane + 1)
    return used


@settings(max_examples=300)
@given(labels=st.lists(st.tuples(st.integers(0, 40), st.sampled_from("ABC"), st.integers(1, 30)), max_size=60),
       days_per_px=st.sampled_from([0.0, 0.05, 0.5, 1.0, 3.0, 20.0]))  # 0: labels end where they start
def test_lanes_are_the_first_free_lane_of_the_section(labels, days_per_px):
    rows = sorted(({"date": f"{2020 + month // 12}-{month % 12 + 1:02d}", "method": "M" * length, "section": section}
                   for month, section, length in labels), key=lambda r: (r["date"], r["method"]))
    expected = [dict(r) for r in rows]
    assert charts._lanes(rows, days_per_px) == first_free_lanes(expected, days_per_px)
    assert [r["lane"] for r in rows] == [r["lane"] for r in expected]


def test_year_charts_are_skipped_without_years():
    undated = corpus(with_years=False)
    assert "overview-years" not in [c.name for c in charts.overview_charts(undated)]
    assert [c.name for c in charts.chapter_charts(undated, undated.taxonomy.chapters[0])] == [
        "graphs-sections", "graphs-terms"]


def test_bad_chart_name_is_refused():
    with pytest.raises(ValueError):
        charts.Chart("../evil name", "t", {})


def test_markdown_cannot_be_broken_out_of_and_round_trips(drawn):
    chart = drawn["overview-map"]
    markdown = charts.chart_markdown(chart)
    assert markdown.count("</script>") == 1 and "<script>" not in markdown and "<!--" not in markdown
    raw = markdown.split("````{only} latex")[0]
    assert raw.count("```") == 2  # the raw fence's opening and closing only: no backtick from the data
    assert "\\u003c/script\\u003e" in markdown and "\u2028" not in markdown
    assert embedded_spec(markdown) == chart.spec
    titles = [v["title"] for v in chart.spec["data"]["values"]]
    assert EVIL in titles
    assert '<div id="chart-overview-map" class="survey-chart"' in markdown
    assert "````{only} latex\n```{image} figures/overview-map.png\n:alt: Map of the corpus\n```\n````" in markdown


def test_chapter_titles_in_aria_label_are_escaped(drawn):
    chart = drawn["diffusion-sections"]
    assert 'aria-label="Diffusion &lt;/script&gt;: papers per section"' in charts.chart_markdown(chart)


def walk(node):
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from walk(child)


def test_data_is_inline_and_specs_are_plain_json(drawn):
    for chart in drawn.values():
        datas = [n["data"] for n in walk(chart.spec) if isinstance(n, dict) and isinstance(n.get("data"), dict)]
        assert datas and all("values" in d and "url" not in d for d in datas), chart.name
        assert "datasets" not in chart.spec
        assert chart.spec["$schema"].endswith(".json") and chart.spec["config"]["axis"]["labelFontSize"] == 12


def test_specs_are_valid_vega_lite(drawn):
    from altair.utils.schemapi import validate_jsonschema

    schema = alt.load_schema()
    for chart in drawn.values():
        assert validate_jsonschema(chart.spec, schema, raise_error=False) is None, chart.name
    broken = {**drawn["overview-map"].spec, "mark": {"type": "no-such-mark"}}
    assert validate_jsonschema(broken, schema, raise_error=False) is not None


def test_specs_are_deterministic(drawn):
    first = [charts.chart_markdown(c) for c in drawn.values()]
    second = [charts.chart_markdown(c) for page in charts.book_charts(corpus()).values() for c in page]
    assert first == second
    assert not any(re.search(r'"(param|view)_\d+"', m) for m in first)  # no Altair counters in names


def test_map_points_have_tooltips_and_links(drawn):
    chart = drawn["overview-map"]
    fields = [t["field"] for t in chart.spec["encoding"]["tooltip"]]
    assert fields[:2] == ["title", "method"] and chart.spec["encoding"]["href"]["field"] == "url"
    point = next(v for v in chart.spec["data"]["values"] if v["title"] == EVIL)
    assert point["url"] == "../papers/d.html#paper-diff1" and point["method"] == EVIL_METHOD and point["chapter"] == "Diffusion </script>"


def test_paper_url_is_the_entry_and_never_a_script():
    assert charts.paper_url(pd.Series({"key": "chong2024catvton"})) == "../papers/c.html#paper-chong2024catvton"
    assert charts.paper_url(pd.Series({"key": "javascript:alert(1)"})) is None


def test_overlap_counts_shared_papers(drawn):
    values = drawn["overview-overlap"].spec["data"]["values"]
    shared = {(v["a"], v["b"]): v["shared"] for v in values}
    assert shared[("Graph learning", "Diffusion </script>")] == 2 and ("Graph learning", "Graph learning") not in shared


def test_projection_is_deterministic_and_handles_tiny_corpora(small):
    coords = charts.projection(small.vectors)
    assert coords.shape == (6, 2) and np.array_equal(coords, charts.projection(corpus().vectors))
    assert np.all(np.abs(coords).max(axis=0) == coords[np.abs(coords).argmax(axis=0), [0, 1]])  # signs fixed
    for n in (1, 2):
        tiny = build_corpus(small.papers[:n], small.taxonomy)
        assert charts.projection(tiny.vectors).shape == (n, 2)


def test_term_weights_follow_distinctive_terms(small):
    rows = small.rows_in("graphs")
    weights = charts.term_weights(small.vectors, rows)
    assert [t for t, _ in weights] == distinctive_terms(small.vectors, rows, charts.TERMS)
    assert all(w > 0 for _, w in weights) and [w for _, w in weights] == sorted((w for _, w in weights), reverse=True)
    assert charts.term_weights(small.vectors, []) == []


def test_png_is_valid_deterministic_and_reused(drawn):
    chart = drawn["graphs-sections"]
    png = charts.chart_png(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    assert charts.png_text(png) == {"survey-chart": charts.render_key(chart)}
    assert charts.chart_png(chart) == png
    assert charts.chart_png(chart, previous=png) is png  # same spec and renderer: not drawn again
    other = drawn["diffusion-sections"]
    assert charts.chart_png(other, previous=png) != png
    assert charts.png_text(b"not a png") == {}


def test_figure_files_reuse_pngs_already_in_the_book(drawn, tmp_path):
    chart = drawn["graphs-sections"]
    files = charts.figure_files([chart])
    assert list(files) == ["chapters/figures/graphs-sections.png"]
    target = tmp_path / "chapters" / "figures" / "graphs-sections.png"
    target.parent.mkdir(parents=True)
    target.write_bytes(files["chapters/figures/graphs-sections.png"])
    assert charts.figure_files([chart], root=tmp_path) == files
    with pytest.raises(ValueError):
        charts.figure_files([chart, chart])


def test_without_render_a_chart_gets_a_placeholder_unless_its_png_is_drawn(drawn, tmp_path):
    chart, other = drawn["graphs-sections"], drawn["graphs-years"]
    placeholder = charts.PLACEHOLDER_PNG
    assert placeholder.startswith(b"\x89PNG\r\n\x1a\n") and placeholder[12:16] == b"IHDR"
    assert charts.png_text(placeholder)["survey-chart"].startswith("placeholder")
    assert charts.chart_png(chart, None, render=False) is placeholder
    assert charts.chart_png(chart, placeholder, render=True) != placeholder  # `survey pdf` draws it
    png = charts.chart_png(chart)
    target = tmp_path / "chapters" / "figures" / "graphs-sections.png"
    target.parent.mkdir(parents=True)
    target.write_bytes(png)
    assert charts.figure_files([chart, other], root=tmp_path, render=False) == {
        "chapters/figures/graphs-sections.png": png, "chapters/figures/graphs-years.png": placeholder}


def test_bundle_is_one_self_contained_classic_script():
    bundle = charts.vega_bundle()
    assert charts.VEGA_BUNDLE_PATH == "_static/vega-bundle.js"
    assert bundle.startswith("// Generated") and "(function () {" in bundle and bundle.endswith("})();\n")
    assert "window.vegaEmbed=" in bundle and "div.survey-chart" in bundle and "drawSurveyCharts" in bundle
    assert not re.search(r"^\s*(import|export)\s", bundle, re.M)
    assert charts.vega_bundle() is bundle  # built once per process


def test_book_files_are_the_pngs_and_the_bundle_and_reuse_what_is_there(drawn, tmp_path):
    few = [drawn["graphs-sections"], drawn["graphs-years"]]
    files = charts.book_files(few)
    assert sorted(files) == ["_static/vega-bundle.js", "chapters/figures/graphs-sections.png",
                             "chapters/figures/graphs-years.png"]
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    assert charts.book_files({"chapters/graphs.md": few}, tmp_path) == files
