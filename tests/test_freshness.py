"""`survey build` knows from a digest of its inputs that the generated files are current: every kind of
input (data, configuration, the generator's code, installed versions) changes the digest, and a touched,
missing or stray output makes the outputs not current. (tests/book/test_cli.py runs the real command.)"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from survey import cli
from survey.core import digest


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    book = tmp_path / "book"
    (book / "data" / "raw").mkdir(parents=True)
    (book / "data" / "raw" / "001.txt").write_text("new\n", encoding="utf-8")
    (book / "data" / "themes.yml").write_text("chapters: []\n", encoding="utf-8")
    (book / "data" / "papers.csv").write_text("key\n", encoding="utf-8")  # generated: not an input
    (book / "_config.yml").write_text("title: A\n", encoding="utf-8")
    (book / "requirements.txt").write_text("altair==6.3.0\n", encoding="utf-8")
    package = tmp_path / "package"
    shutil.copytree(cli.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cli, "PACKAGE", package)
    return book


def test_every_kind_of_input_changes_the_digest(root: Path, monkeypatch: pytest.MonkeyPatch):
    before = cli.build_inputs(root)
    assert cli.build_inputs(root) == before  # deterministic
    changes = [
        lambda: (root / "data" / "raw" / "001.txt").write_text("new\nMar 12\n", encoding="utf-8"),  # a listing
        lambda: (root / "data" / "raw" / "002.txt").write_text("new\n", encoding="utf-8"),  # a new listing page
        lambda: (root / "data" / "themes.yml").write_text("chapters: [] \n", encoding="utf-8"),  # curated data
        lambda: (root / "_config.yml").write_text("title: B\n", encoding="utf-8"),  # configuration
        lambda: (root / "requirements.txt").write_text("altair==6.3.1\n", encoding="utf-8"),  # pins
        lambda: (cli.PACKAGE / "site" / "charts.py").write_text("# changed\n", encoding="utf-8"),  # the code
        lambda: (cli.PACKAGE / "analysis" / "new_module.py").write_text("", encoding="utf-8"),  # new code
        lambda: monkeypatch.setattr(digest, "installed_versions", lambda: ["altair-9.9.9.dist-info"]),  # versions
    ]
    seen = {before}
    for change in changes:
        change()
        now = cli.build_inputs(root)
        assert now not in seen
        seen.add(now)


def test_the_generated_copies_under_data_are_not_inputs(root: Path):
    before = cli.build_inputs(root)
    (root / "data" / "papers.csv").write_text("key\nx\n", encoding="utf-8")
    (root / "data" / "sentences.csv").write_text("key\n", encoding="utf-8")
    assert cli.build_inputs(root) == before


def test_installed_versions_name_every_distribution():
    versions = digest.installed_versions()
    assert any(v.startswith("python-3.") for v in versions)
    assert any(v.startswith("altair-") for v in versions) and any(v.startswith("scikit_learn-") for v in versions)


def test_outputs_are_current_only_when_recorded_for_these_inputs_and_untouched(root: Path):
    outputs = {"index.md": "# A\n", "chapters/one.md": "one\n", "chapters/figures/a.png": b"\x89PNG"}
    for name, content in outputs.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content.encode() if isinstance(content, str) else content)
    inputs = cli.build_inputs(root)
    assert cli.current_outputs(root, inputs) is None  # no manifest yet
    digest.record(root / cli.MANIFEST, inputs, outputs)
    assert cli.current_outputs(root, inputs) == {n: digest.content_digest(c) for n, c in outputs.items()}
    assert cli.current_outputs(root, "other inputs") is None
    (root / "chapters" / "one.md").write_text("edited\n", encoding="utf-8")  # an output edited by hand
    assert cli.current_outputs(root, inputs) is None
    (root / "chapters" / "one.md").write_text("one\n", encoding="utf-8")
    assert cli.current_outputs(root, inputs) is not None
    (root / "chapters" / "figures" / "a.png").unlink()  # an output deleted
    assert cli.current_outputs(root, inputs) is None
    (root / "chapters" / "figures" / "a.png").write_bytes(b"\x89PNG")
    (root / "chapters" / "stray.md").write_text("old\n", encoding="utf-8")  # a file a run would delete
    assert cli.current_outputs(root, inputs) is None
    (root / "chapters" / "stray.md").unlink()
    (root / cli.MANIFEST).write_text("{not json", encoding="utf-8")  # a damaged manifest
    assert cli.current_outputs(root, inputs) is None


def test_the_manifest_is_deterministic(tmp_path: Path):
    outputs = {"b.md": "b", "a.md": b"a"}
    digest.record(tmp_path / "one.json", "x", outputs)
    digest.record(tmp_path / "two.json", "x", dict(reversed(list(outputs.items()))))
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_the_stray_file_check_looks_where_write_outputs_deletes(tmp_path: Path):
    from survey import pipeline
    from survey.formats.exports import DOWNLOADS
    from survey.site.addresses import PAPERS_DIR
    from survey.site.charts import FIGURE_DIR

    assert set(digest.GENERATED_GLOBS) == {"chapters/*.md", "chapters/*/*.md", f"chapters/{FIGURE_DIR}/*.png",
                                           f"{PAPERS_DIR}/*.md", f"{DOWNLOADS}/chapters/*.bib"}
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "old.md").write_text("x", encoding="utf-8")
    (tmp_path / "chapters" / "graphs").mkdir(parents=True)  # a section's table parts (site.chapter), once too large
    (tmp_path / "chapters" / "graphs" / "gnn-part2.md").write_text("x", encoding="utf-8")
    assert pipeline.write_outputs(tmp_path, {"papers/a.md": "a"}) == [
        "papers/a.md", "removed chapters/graphs/gnn-part2.md", "removed papers/old.md"]


def test_site_runs_jupyter_book_unless_the_built_site_is_current(root: Path, monkeypatch: pytest.MonkeyPatch):
    import argparse
    import subprocess

    runs: list[list[str]] = []
    result = {"code": 0}

    def fake_jupyter_book(command, check):
        runs.append(command)
        (root / "_build" / "html").mkdir(parents=True, exist_ok=True)
        (root / "_build" / "html" / "index.html").write_text(f"built {len(runs)}", encoding="utf-8")
        return subprocess.CompletedProcess(command, result["code"])

    monkeypatch.setattr(cli, "build", lambda args: 0)  # generation is tested above and in tests/book
    monkeypatch.setattr(cli.subprocess, "run", fake_jupyter_book)
    args = argparse.Namespace(root=str(root), force=False)
    (root / "index.md").write_text("# Survey\n", encoding="utf-8")
    assert cli.site(args) == 0 and len(runs) == 1 and "--warningiserror" in runs[0]
    assert cli.site(args) == 0 and len(runs) == 1  # nothing changed: no build
    (root / "index.md").write_text("# Survey, edited\n", encoding="utf-8")  # a page
    assert cli.site(args) == 0 and len(runs) == 2
    assert cli.site(args) == 0 and len(runs) == 2
    (root / "_build" / "html" / "index.html").write_text("damaged", encoding="utf-8")  # the built site touched
    assert cli.site(args) == 0 and len(runs) == 3
    (root / "_static").mkdir()
    (root / "_static" / "site.css").write_text("p {}", encoding="utf-8")  # a static file
    assert cli.site(args) == 0 and len(runs) == 4
    (cli.PACKAGE / "sphinxext" / "__init__.py").write_text("# changed\n", encoding="utf-8")  # the extension
    assert cli.site(args) == 0 and len(runs) == 5
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text("", encoding="utf-8")  # not read by the build
    (root / "data" / "themes.yml").write_text("chapters: [] # read by survey build only\n", encoding="utf-8")
    assert cli.site(args) == 0 and len(runs) == 5
    result["code"] = 1
    (root / "index.md").write_text("# Survey, broken\n", encoding="utf-8")
    assert cli.site(args) == 1 and len(runs) == 6  # a failed build records nothing ...
    result["code"] = 0
    assert cli.site(args) == 0 and len(runs) == 7  # ... so the next one builds again
    assert cli.site(argparse.Namespace(root=str(root), force=True)) == 0 and len(runs) == 8
