"""survey.sphinxext on tiny Sphinx projects (sphinx.testing): one setup() with its version and parallel
flags, every patch installed and actually called by a real build, speed-ups switched by the
`survey_speedups` configuration value, and a clear ExtensionError for upstream versions or attributes
the patches were not written for."""
from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

import survey.sphinxext as extension
from survey.sphinxext import bibliography, citation_index, compat, toctree

BIB = """@misc{k1,
  title = {First {CatVTON} paper},
  author = {Ana M{\\"u}ller and Bo Chen},
  year = {2024}
}
@misc{k2,
  title = {Second paper},
  author = {Cy Diaz},
  year = {2023}
}
"""


def project(root: Path) -> Path:
    """A three-page project: a page citing both papers, the bibliography, and a sidebar that asks for the
    table of contents with titles_only, as sphinx-book-theme does."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        "extensions = ['sphinxcontrib.bibtex', 'survey.sphinxext']\n"
        "bibtex_bibfiles = ['refs.bib']\n"
        "templates_path = ['_templates']\n"
        "html_sidebars = {'**': ['titles.html']}\n", encoding="utf-8")
    (root / "_templates").mkdir(exist_ok=True)
    (root / "_templates" / "titles.html").write_text("{{ toctree(titles_only=True) }}\n", encoding="utf-8")
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "index.rst").write_text("Survey\n======\n\n.. toctree::\n\n   papers\n   bibliography\n", encoding="utf-8")
    (root / "papers.rst").write_text("Papers\n======\n\nSection\n-------\n\nSee :cite:p:`k1` and :cite:p:`k2`.\n",
                                     encoding="utf-8")
    (root / "bibliography.rst").write_text("Bibliography\n============\n\n.. bibliography::\n   :all:\n", encoding="utf-8")
    return root


def build(root: Path, **config) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=project(root), confoverrides=config, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(autouse=True)
def restored():
    """Patches are process-wide: leave every upstream function as it was for the next test."""
    yield
    for patch in [*bibliography.PATCHES, *extension.SPEEDUPS]:
        patch.restore()


def test_setup_returns_the_version_env_version_and_parallel_flags(tmp_path):
    app = build(tmp_path / "book")
    metadata = app.registry.get_envversion(app) if hasattr(app.registry, "get_envversion") else None
    info = app.extensions["survey.sphinxext"]
    assert info.version == extension.__version__
    assert info.parallel_read_safe and info.parallel_write_safe
    assert metadata is None or metadata["survey.sphinxext"] == extension.ENV_VERSION


def test_every_patch_is_installed_and_called_by_a_real_build(tmp_path, monkeypatch):
    """A renamed or bypassed upstream function would leave a patch that never runs: count the calls."""
    calls: dict[str, int] = {}
    for patch in [*bibliography.PATCHES, *extension.SPEEDUPS]:
        name = f"{compat._name(patch.owner)}.{patch.name}"
        replacement = patch.replacement
        target = replacement.__func__ if isinstance(replacement, classmethod) else replacement

        def counting(*args, _name=name, _target=target, **kwargs):
            calls[_name] = calls.get(_name, 0) + 1
            return _target(*args, **kwargs)

        monkeypatch.setattr(patch, "replacement", classmethod(counting) if isinstance(replacement, classmethod) else counting)
    build(tmp_path / "book")
    names = [f"{compat._name(p.owner)}.{p.name}" for p in [*bibliography.PATCHES, *extension.SPEEDUPS]]
    assert {name: calls.get(name, 0) > 0 for name in names} == dict.fromkeys(names, True)


def test_the_speedups_are_switched_off_by_the_config_value(tmp_path):
    build(tmp_path / "on")
    assert all(patch.installed for patch in extension.SPEEDUPS)
    app = build(tmp_path / "off", survey_speedups=False, numfig=True)
    assert not any(patch.installed for patch in extension.SPEEDUPS)
    assert all(patch.installed for patch in bibliography.PATCHES)  # not a speed-up: it changes the output
    assert app.config.numfig is True  # numbering is left as configured
    assert build(tmp_path / "again", numfig=True).config.numfig is False


def test_the_same_html_with_and_without_the_speedups(tmp_path):
    def pages(app) -> dict[str, bytes]:
        out = Path(app.outdir)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}

    assert pages(build(tmp_path / "on")) == pages(build(tmp_path / "off", survey_speedups=False))


def test_an_unsupported_upstream_version_is_refused_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(compat, "_installed", lambda package: "99.1.0" if package == "sphinxcontrib-bibtex" else
                        ".".join(compat.SUPPORTED[package].split(".") + ["0"]))
    with pytest.raises(ExtensionError, match=r"written for sphinxcontrib-bibtex 2\.7\.x, but sphinxcontrib-bibtex "
                                             r"99\.1\.0 is installed: install the versions of requirements\.txt"):
        build(tmp_path / "book")


def test_a_renamed_upstream_attribute_is_refused_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(toctree.PATCHES[0], "original", None)  # as if Sphinx no longer had the function
    with pytest.raises(ExtensionError, match=r"global_toctree_for_doc no longer exists in sphinx 7\.4\.\d+; the "
                                             r"extension was written for sphinx 7\.4\.x"):
        build(tmp_path / "book")


def test_the_citation_index_keeps_the_upstream_functions_it_replaces():
    upstream = {p.name: p.original for p in citation_index.PATCHES}
    assert upstream["resolve_xref"] is citation_index._resolve_xref
    assert upstream["env_updated"] is citation_index._env_updated


def test_the_feed_is_linked_from_every_page_head_relative_to_the_page(tmp_path):
    app = build(tmp_path / "feed", survey_feed="feed.xml", project="A <survey>")
    out = Path(app.outdir)
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        prefix = "../" * (len(page.relative_to(out).parts) - 1)
        assert (f'<link rel="alternate" type="application/atom+xml" title="A &lt;survey&gt;: new papers" '
                f'href="{prefix}feed.xml" />') in head, page
    bare = build(tmp_path / "nofeed")
    assert "application/atom+xml" not in (Path(bare.outdir) / "index.html").read_text(encoding="utf-8")


def test_the_sidebar_depth_sets_the_themes_option(tmp_path):
    assert build(tmp_path / "deep", survey_sidebar_depth=2).config.html_theme_options["max_navbar_depth"] == 2
    assert "max_navbar_depth" not in build(tmp_path / "default").config.html_theme_options


def test_a_build_with_no_page_to_write_still_copies_changed_static_and_extra_files(tmp_path):
    """Sphinx 7 ends a build with no outdated page before copying _static/ and the extra files: a new
    style sheet or feed alone must still reach the built site (incremental.copy_assets_of_a_build_without_pages)."""
    root = project(tmp_path / "assets")
    config = {"html_static_path": ["_static"], "html_extra_path": ["_extra"]}
    (root / "_static").mkdir()
    (root / "_extra").mkdir()
    (root / "_static" / "site.css").write_text("a { color: red }\n", encoding="utf-8")
    (root / "_extra" / "feed.xml").write_text("<feed/>\n", encoding="utf-8")
    first = SphinxTestApp("html", srcdir=root, confoverrides=config, freshenv=True)
    try:
        first.build()
    finally:
        first.cleanup()
    (root / "_static" / "site.css").write_text("a { color: darkred }\n", encoding="utf-8")
    (root / "_extra" / "feed.xml").write_text("<feed><entry/></feed>\n", encoding="utf-8")
    again = SphinxTestApp("html", srcdir=root, confoverrides=config)
    try:
        again.build()
    finally:
        again.cleanup()
    assert "no targets are out of date" in again.status.getvalue()
    out = Path(again.outdir)
    assert (out / "_static" / "site.css").read_text(encoding="utf-8") == "a { color: darkred }\n"
    assert (out / "feed.xml").read_text(encoding="utf-8") == "<feed><entry/></feed>\n"


PROBE = '''"""Records, for the test, whether the garbage collector ran while the saved environment was loaded."""
import gc

SEEN = {}


class Marker:
    """Put in the environment by one build; unpickled by the next while its environment loads."""

    def __init__(self):
        self.tag = 1  # a non-empty state, so that unpickling calls __setstate__

    def __setstate__(self, state):
        self.__dict__.update(state)
        SEEN["collector on while loading"] = gc.isenabled()


def mark(app, env):
    env.loading_probe = Marker()
    return []


def after_loading(app):
    SEEN["collector on after loading"] = gc.isenabled()
    SEEN["frozen"] = gc.get_freeze_count()


def reading(app, docname, source):
    SEEN.setdefault("frozen when each page is read", []).append(gc.get_freeze_count())


def read(app, env):
    SEEN["frozen when reading ends"] = gc.get_freeze_count()
    return []


def setup(app):
    app.connect("env-updated", mark)
    app.connect("builder-inited", after_loading)
    app.connect("source-read", reading)
    app.connect("env-updated", read)
    return {"parallel_read_safe": True}
'''


@pytest.fixture
def probed(tmp_path):
    """The three-page project with the probe extension (PROBE) added: its root and the probe module. The
    frozen objects the builds leave (incremental freezes them) are given back to the collector after."""
    root = project(tmp_path / "probed")
    (root / "loading_probe.py").write_text(PROBE, encoding="utf-8")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("extensions.append('loading_probe')\n")
    sys.path.insert(0, str(root))
    try:
        probe = importlib.import_module("loading_probe")
        probe.SEEN.clear()
        yield root, probe
    finally:
        gc.unfreeze()
        sys.path.remove(str(root))
        sys.modules.pop("loading_probe", None)


def built(root: Path, speedups: bool, fresh: bool) -> None:
    app = SphinxTestApp("html", srcdir=root, confoverrides={"survey_speedups": speedups}, freshenv=fresh)
    try:
        app.build()
    finally:
        app.cleanup()


@pytest.mark.parametrize("speedups", [True, False])
def test_a_rebuild_loads_the_saved_environment_with_the_collector_off_then_freezes_it(probed, speedups):
    """incremental.collect_nothing_while_loading and freeze_what_was_loaded: while a rebuild unpickles the
    saved environment, the garbage collector is off; by the next event it is on again and what was loaded
    is frozen. With the speed-ups off the collector runs as usual."""
    root, probe = probed
    built(root, speedups, fresh=True)
    probe.SEEN.clear()
    built(root, speedups, fresh=False)
    assert probe.SEEN["collector on while loading"] is not speedups
    assert probe.SEEN["collector on after loading"] is True and gc.isenabled()
    assert (probe.SEEN["frozen"] > 0) is speedups


@pytest.mark.parametrize("speedups", [True, False])
def test_each_page_read_is_frozen_until_reading_ends(probed, speedups):
    """incremental.collect_and_freeze_each_page_read and unfreeze_for_writing: while a cold build reads,
    the pages already read are frozen (no collection walks them again); when reading ends nothing is."""
    root, probe = probed
    gc.unfreeze()
    built(root, speedups, fresh=True)
    counts = probe.SEEN["frozen when each page is read"]
    assert len(counts) == 3  # index, papers, bibliography
    if speedups:  # each page read adds what it keeps (what Sphinx set up was frozen once it was loaded)
        assert counts[0] < counts[1] < counts[2]
    else:
        assert counts == [0, 0, 0]
    assert probe.SEEN["frozen when reading ends"] == 0
