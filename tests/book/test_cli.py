"""The command line on the fixture corpus: outputs, idempotence, clear errors."""
from tests.helpers import published_table, run_survey


def test_build_writes_every_output_and_is_idempotent(book):
    first = run_survey(book, "build")
    assert first.returncode == 0, first.stderr
    generated = {p.relative_to(book).as_posix(): p.read_bytes() for p in book.rglob("*")
                 if p.is_file() and p.suffix in {".md", ".yml", ".bib", ".csv"} and "raw" not in p.parts}
    for name in ["index.md", "_toc.yml", "references.bib", "data/papers.csv", "chapters/overview.md",
                 "chapters/federated-learning.md", "chapters/diffusion.md", "chapters/other.md",
                 "chapters/all-papers.md", "chapters/bibliography.md"]:
        assert name in generated
    mtimes = {p: p.stat().st_mtime_ns for p in book.rglob("*.md")}
    second = run_survey(book, "build")
    assert second.returncode == 0 and "0 changed" in second.stderr
    assert {p: p.stat().st_mtime_ns for p in book.rglob("*.md")} == mtimes
    assert all((book / name).read_bytes() == content for name, content in generated.items())


def test_fixture_table_has_one_row_per_distinct_paper(book):
    run_survey(book, "build")
    table = published_table(book / "data" / "papers.csv")
    assert len(table) == 5  # six listings, one duplicate
    fed = table.set_index("short_name").loc["FedAvgX"]
    assert fed["sources"] == "001_first.txt;002_second.txt" and fed["dates"] == "Mar 12;Mar 14"
    assert fed["code_urls"] == "https://github.com/example/fedavgx" and fed["year"] == "2024"
    assert table.set_index("short_name").loc["CatDiff", "code_urls"] == "https://github.com/example/catdiff"


def test_stale_chapter_pages_are_removed(book):
    run_survey(book, "build")
    (book / "chapters" / "gone.md").write_text("old", encoding="utf-8")
    run_survey(book, "build")
    assert not (book / "chapters" / "gone.md").exists()


def test_input_error_exits_2_with_one_line_and_no_traceback(book):
    (book / "data" / "raw" / "003_bad.txt").write_bytes(b"new\n\n\xff\xfe")
    result = run_survey(book, "build")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and line.endswith("003_bad.txt:3: byte 5 is not valid UTF-8. Save the file as UTF-8")
    assert not (book / "references.bib").exists()


def test_pdf_without_tex_says_what_to_install(book, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no xelatex, no latexmk
    result = run_survey(book, "pdf")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "xelatex, latexmk not found" in line and "apt-get install" in line and "texlive-xetex" in line


def test_edition_records_the_listing_pages_once_and_the_build_shows_them(book):
    from survey.inputs.editions import load_editions

    first = run_survey(book, "edition", "--date", "2026-03-12")
    assert first.returncode == 0, first.stderr
    text = (book / "data" / "editions.yml").read_text(encoding="utf-8")
    [recorded] = load_editions(book / "data" / "editions.yml")
    assert recorded.date.isoformat() == "2026-03-12" and recorded.listings == ("001_first.txt", "002_second.txt")
    again = run_survey(book, "edition", "--date", "2026-03-13")
    assert again.returncode == 0 and "already an edition" in again.stderr
    assert (book / "data" / "editions.yml").read_text(encoding="utf-8") == text  # byte for byte
    assert run_survey(book, "build").returncode == 0
    assert "## Edition of 12 March 2026: 5 new papers" in (book / "chapters" / "whats-new.md").read_text(encoding="utf-8")
    assert b"<entry>" in (book / "_extra" / "feed.xml").read_bytes()
    raw = book / "data" / "raw"
    (raw / "003_third.txt").write_bytes((raw / "002_second.txt").read_bytes().replace(b"Mar 14", b"Mar 15"))
    bad = run_survey(book, "edition", "--date", "2026-03-01")  # a new corpus, dated before the last edition
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "before the last edition" in bad.stderr
    assert run_survey(book, "edition", "--date", "12/03/2026").returncode == 2
def _generated(book):
    return {p.relative_to(book).as_posix(): p.read_bytes() for p in book.rglob("*")
            if p.is_file() and "_build" not in p.parts and "raw" not in p.parts}


def test_a_build_with_nothing_changed_does_nothing_and_leaves_what_a_full_run_leaves(book):
    assert run_survey(book, "build").returncode == 0
    files = _generated(book)
    mtimes = {p: p.stat().st_mtime_ns for p in book.rglob("*") if p.is_file()}
    again = run_survey(book, "build")
    assert again.returncode == 0 and "nothing to do" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in book.rglob("*") if p.is_file()} == mtimes
    forced = run_survey(book, "build", "--force")  # the full run, on the same inputs
    assert forced.returncode == 0 and "nothing to do" not in forced.stderr and "0 changed" in forced.stderr
    assert _generated(book) == files


def test_a_changed_input_or_a_touched_output_regenerates(book):
    assert run_survey(book, "build").returncode == 0
    overview = (book / "chapters" / "overview.md").read_bytes()
    (book / "chapters" / "overview.md").write_text("edited by hand\n", encoding="utf-8")
    repaired = run_survey(book, "build")
    assert "nothing to do" not in repaired.stderr and (book / "chapters" / "overview.md").read_bytes() == overview
    config = (book / "_config.yml").read_text(encoding="utf-8")
    (book / "_config.yml").write_text(config.replace("title:", "title: New", 1), encoding="utf-8")
    retitled = run_survey(book, "build")
    assert retitled.returncode == 0 and "nothing to do" not in retitled.stderr and "index.md" in retitled.stderr


def test_site_builds_once_then_knows_the_site_is_current(book):
    first = run_survey(book, "site")
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    html = {p: p.read_bytes() for p in (book / "_build" / "html").rglob("*") if p.is_file()}
    again = run_survey(book, "site")
    assert again.returncode == 0 and "current: nothing to build" in again.stderr
    assert {p: p.read_bytes() for p in (book / "_build" / "html").rglob("*") if p.is_file()} == html
    themes = book / "data" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8") + "# an editor's note\n", encoding="utf-8")
    edited = run_survey(book, "site")  # an input changed: generation runs, writes the same pages, so the site is current
    assert edited.returncode == 0 and "nothing to do" not in edited.stderr and "current: nothing to build" in edited.stderr
    # A style sheet added, then edited alone: Jupyter Book runs, finds no page out of date (Sphinx copies
    # _static/ only after writing a page), and the site still gets the edited style sheet.
    style, built = book / "_static" / "editor.css", book / "_build" / "html" / "_static" / "editor.css"
    style.write_text("/* an editor's rule */\n", encoding="utf-8")
    assert run_survey(book, "site").returncode == 0 and built.read_bytes() == style.read_bytes()
    style.write_text("/* the editor's rule, edited */\n", encoding="utf-8")
    restyled = run_survey(book, "site")
    assert restyled.returncode == 0 and "current: nothing to build" not in restyled.stderr
    assert built.read_bytes() == style.read_bytes()
    assert "current: nothing to build" in run_survey(book, "site").stderr
