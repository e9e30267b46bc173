"""Rebuilds that do only what changed, and that a changed page cannot break.

- A speed-up: figure numbering (`numfig`) makes Sphinx load every page's doctree on every build, even one that
  changed nothing (61 s of a 10,000-paper rebuild with no change). The survey refers to no figure or
  table by number, so it is turned off; sphinx-jupyterbook-latex turns it on for every builder when
  the configuration is read, so it is turned off again after that (the HTML is unchanged; in the PDF
  tables are numbered through the book instead of per chapter).
- Reading pages one after another, Sphinx forgets what a page held (its labels) only when it comes to
  read that page again. When a label moves from one changed page to another read before it (a paper
  entry moving to the previous part of its group as papers are added), the old copy is still there
  and the build fails with a "duplicate label" warning that is not true. Every page about to be read is
  forgotten first, as Sphinx itself does when it reads in parallel.
- A speed-up: when the process exits, Python's last garbage collection walks every object the build left behind
  (the environment's millions of nodes, which hold reference cycles): 5 of the 10 s of a 10,000-paper
  rebuild with no change. Once the build has finished and written everything, those objects are frozen
  (`gc.freeze`), so that collection skips them; the operating system frees the memory at exit.
- A fix: when no page is out of date, Sphinx before 8.2 ends the build before the HTML builder's `finish()`,
  which is where `_static/` and the extra files (`_extra/`: the feed, the downloads) are copied
  (sphinx-doc/sphinx#1810, fixed by #13236), so a change to the site's script or style sheet, or a new
  chart bundle, never reached `_build/html`, and `make site` recorded that stale site as current. Such a
  build now copies them at its end; Sphinx skips every file whose copy is already the same.
- A speed-up: a rebuild first unpickles the saved environment (84 MB at 10,000 papers, millions of objects),
  and while it does the garbage collector runs full collections again and again over what is being loaded,
  none of it garbage: loading took 4.0 s of CPU, 0.9 s with the collector off. The collector is off while
  the environment loads (from `config-inited`, the event before, to `builder-inited`, the event after),
  and what was loaded is then frozen (`gc.freeze`), as the build keeps it to the end.
- A speed-up: Sphinx keeps every page's doctree from reading to writing, so while it reads, each full
  collection walks every page read so far (millions of docutils nodes at 10,000 papers): garbage
  collection was 12 of the 39 s of a cold 1,000-paper build. Once a page is read, what its reading left
  behind is collected (only the objects made since the last freeze are walked) and the rest is frozen;
  when reading ends, everything is unfrozen, so that the pages written and dropped can be freed as
  before and the build's peak memory stays what it was (freezing through writing too saved 4 s more at
  1,000 papers, but kept every written page's doctree: 4.5% more memory). A cold 1,000-paper build took
  34.6 s instead of 39.5 s, peak 534 MB either way; 10,000 papers: bench/README.md, round 13.
"""
from __future__ import annotations

import gc
import weakref

from sphinx.builders.html import StandaloneHTMLBuilder

_FINISHED: weakref.WeakSet = weakref.WeakSet()  # the HTML builders whose finish() ran


_LOADING: weakref.WeakSet = weakref.WeakSet()  # the applications loading their environment with the collector off


def collect_nothing_while_loading(app, config) -> None:
    if config.survey_speedups and gc.isenabled():
        gc.disable()
        _LOADING.add(app)


def freeze_what_was_loaded(app) -> None:
    if app in _LOADING:
        _LOADING.discard(app)
        gc.freeze()
        gc.enable()


def collect_and_freeze_each_page_read(app, doctree) -> None:
    if app.config.survey_speedups:
        gc.collect()
        gc.freeze()


def unfreeze_for_writing(app, env) -> list:
    if app.config.survey_speedups:
        gc.unfreeze()
    return []


def no_figure_numbers(app, config) -> None:
    if config.survey_speedups:
        config.numfig = False


def forget_pages_to_read(app, env, docnames) -> None:
    for docname in docnames:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)


def note_finished(app, *_args) -> list:
    """`html-collect-pages` is emitted by the HTML builder's finish(): it ran (adds no page)."""
    _FINISHED.add(app.builder)
    return []


def copy_assets_of_a_build_without_pages(app, exception) -> None:
    if exception is None and isinstance(app.builder, StandaloneHTMLBuilder) and app.builder not in _FINISHED:
        app.builder.prepare_writing(set())  # the context _static's templates are rendered with
        app.builder.copy_static_files()
        app.builder.copy_extra_files()


def freeze_objects(app, exception) -> None:
    if app.config.survey_speedups:
        gc.freeze()


def connect(app) -> None:
    app.connect("config-inited", collect_nothing_while_loading)
    app.connect("builder-inited", freeze_what_was_loaded, priority=0)  # before other extensions' work
    app.connect("config-inited", no_figure_numbers, priority=900)  # after sphinx-jupyterbook-latex (500)
    app.connect("env-before-read-docs", forget_pages_to_read, priority=900)
    app.connect("doctree-read", collect_and_freeze_each_page_read, priority=1000)  # after other extensions' changes
    app.connect("env-updated", unfreeze_for_writing, priority=0)
    app.connect("html-collect-pages", note_finished)
    app.connect("build-finished", copy_assets_of_a_build_without_pages)
    app.connect("build-finished", freeze_objects, priority=1000)  # the last thing the build does
