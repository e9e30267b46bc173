"""Section and chapter synthesis on the real corpus: every quotation is an exact sentence of the cited
abstract with the role its heading names (findings: result; challenges: challenge; open problems: future),
shown as written or with the paper's method name in brackets for its "It", every section with three or
more papers reports key findings or says it found none, and the output is deterministic."""
import dataclasses
import html
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from survey.analysis import synthesis as S
from survey.analysis.corpus import Corpus
from survey.analysis.quotes import MAX_QUOTE, MIN_QUOTE, shown_text
from survey.analysis.sentences import sentence_spans
from survey.analysis.text import centroid
from survey.formats.latex import INVISIBLE
from survey.inputs.lexicon import load_lexicon
from survey.model.lexicon import EMPTY
from survey.site.synthesis import chapter_bridges_md, section_synthesis_md
from tests.builders import real_papers, real_taxonomy, role_model

ROOT = Path(__file__).resolve().parents[2]
UNESCAPE = re.compile(r"\\([" + re.escape(string.punctuation) + r"])")
QUOTE_ROW = re.compile(r"^\| “(?P<quote>.*)” \| (?P<label>.+) \{cite:p\}`(?P<key>[^`]+)` \|$")


class Sections:
    """The real corpus with every section's synthesis computed and rendered."""

    def __init__(self):
        self.corpus = Corpus.build(real_papers(), real_taxonomy(), role_model(), load_lexicon(ROOT / "data" / "lexicon.yml"))
        self.papers = self.corpus.papers
        self.lexicon = self.corpus.lexicon
        self.vectors = self.corpus.vectors
        self.abstract = {p.key: p.abstract for p in self.papers}
        self.by_key = {p.key: p for p in self.papers}
        self.sections = {}  # (chapter, section) -> (rows, synthesis, markdown)
        for chapter in self.corpus.taxonomy.chapters:
            chapter_rows = self.corpus.rows_in(chapter.slug)
            for section in chapter.sections:
                rows = [i for i in chapter_rows if self.papers[i].section == section.slug]
                synthesis = S.synthesize_section(self.corpus, rows, chapter_rows)
                self.sections[chapter.slug, section.slug] = (rows, synthesis, section_synthesis_md(self.papers, synthesis))


@pytest.fixture(scope="module")
def corpus() -> Sections:
    return Sections()


def quotes(corpus):
    for (chapter, section), (_, synthesis, _) in corpus.sections.items():
        for kind, found in (("result", synthesis.findings), ("challenge", synthesis.challenges),
                            ("future", synthesis.future)):
            for quote in found:
                yield chapter, section, kind, quote


def normalized(text: str) -> str:
    """What myst.text keeps of a text: invisible characters dropped, whitespace collapsed."""
    return " ".join(INVISIBLE.sub("", text).split())


# --- the data ------------------------------------------------------------------------------------
def test_every_quote_is_an_exact_substring_of_its_cited_abstract(corpus):
    seen = 0
    for chapter, section, kind, quote in quotes(corpus):
        abstract = corpus.abstract[quote.key]
        assert abstract[quote.start:quote.end] == quote.text, (chapter, section, kind, quote.key)
        assert MIN_QUOTE <= len(quote.text) <= MAX_QUOTE and quote.text == quote.text.strip()
        seen += 1
    assert seen >= 150  # the corpus yields plenty of quotations


def test_quotes_come_from_the_section_one_per_paper_within_limits(corpus):
    for (chapter, section), (rows, synthesis, _) in corpus.sections.items():
        keys = {corpus.papers[i].key for i in rows}
        for found, limit in ((synthesis.findings, S.FINDINGS), (synthesis.challenges, S.CHALLENGES),
                             (synthesis.future, S.FUTURE)):
            assert len(found) <= limit
            assert {q.key for q in found} <= keys
            assert len({q.key for q in found}) == len(found), (chapter, section)
            assert [(-q.score, q.key) for q in found] == sorted((-q.score, q.key) for q in found)



def plain_quotes(corpus, rows, role, score, limit, own_subject):
    """The quotes as defined: every sentence of the role checked, each paper's best readable one (earliest on
    ties), the `limit` best papers by score, ties by key."""
    best = []
    for i in rows:
        paper = corpus.papers[i]
        candidates = []
        for sentence in corpus.sentences(i):
            text = paper.abstract[sentence.start:sentence.end]
            if sentence.role == role and S.quotable(text):
                shown = shown_text(text, paper.short_name if own_subject else "")
                if shown is not None:
                    candidates.append(S.Quote(paper.key, text, sentence.start, score(paper, sentence, text), shown))
        if candidates:
            best.append(min(candidates, key=lambda q: (-q.score, q.start)))
    return sorted(best, key=lambda q: (-q.score, q.key))[:limit]


@pytest.mark.parametrize("limit", [0, 1, 3, 50])
def test_quotes_read_best_first_are_those_of_checking_every_sentence(corpus, limit):
    """_quotes checks sentences for readability only until `limit` papers have one: the same quotes, in the
    same order, as checking every sentence, for every section, every chapter and the whole corpus (where
    the scores tie often). The scores are those of findings, challenges and open problems, and one that
    ranks unreadable sentences first."""
    def findings(paper, sentence, text):
        return 1 + 2 * (text == paper.result) + S.finding_score(text)

    def unreadable_first(paper, sentence, text):
        return float(len(shown_text(text, "") or "") == 0 or not S.quotable(text))

    groups = [rows for rows, _, _ in corpus.sections.values()]
    groups += [corpus.corpus.rows_in(c.slug) for c in corpus.corpus.taxonomy.chapters] + [list(range(len(corpus.papers)))]
    checks = [("result", findings, True), ("challenge", lambda p, s, t: 1 + S.problem_score(t), False),
              ("future", lambda p, s, t: 1.0, True), ("background", unreadable_first, False)]
    for rows in groups:
        for role, score, own_subject in checks:
            assert S._quotes(corpus.corpus, rows, role, score, limit, own_subject) == \
                plain_quotes(corpus.corpus, rows, role, score, limit, own_subject), (role, limit)

def test_each_quote_has_the_role_its_heading_names_and_reads_on_its_own(corpus):
    """Findings are result sentences, challenges challenge sentences, open problems future sentences (the
    classifier's roles); the text shown is the sentence, or the sentence with its leading "It"/"This method"
    replaced by the paper's method name in brackets, and never a sentence that needs the one before."""
    kinds = set()
    for chapter, section, kind, quote in quotes(corpus):
        i = next(i for i, p in enumerate(corpus.papers) if p.key == quote.key)
        roles = {s.start: s.role for s in corpus.corpus.sentences(i)}
        assert roles[quote.start] == kind, (chapter, section, quote.text)
        name = corpus.by_key[quote.key].short_name
        assert quote.shown == shown_text(quote.text, name if kind != "challenge" else "") is not None
        if quote.shown != quote.text:
            assert quote.shown.replace(f"[{name}]", "", 1) in quote.text  # only the subject was replaced
        kinds.add(kind)
    assert kinds == {"result", "challenge", "future"}


@pytest.mark.parametrize("sentence, name, shown", [
    ("It achieves 3x speedups over prior work on ImageNet and COCO.", "FastX", "[FastX] achieves 3x speedups over prior work on ImageNet and COCO."),
    ("Moreover, this method reduces memory by half on every benchmark we tried.", "FastX", "Moreover, [FastX] reduces memory by half on every benchmark we tried."),
    ("It achieves 3x speedups over prior work on ImageNet and COCO.", "", None),
    ("(2) a training-free sampler that works with any pre-trained diffusion model.", "FastX", None),
    ("And the results hold across every dataset and every model size we tried.", "FastX", None),
    ("These methods, however, require costly per-subject fine-tuning at test time.", "", None),
    ("We investigate the causes behind this failure from two perspectives.", "", None),
    ("To address these issues, we propose FastX, a sampler for diffusion models.", "FastX", "To address these issues, we propose FastX, a sampler for diffusion models."),
    ("This paper introduces FastX, a training-free sampler for diffusion models.", "FastX", "This paper introduces FastX, a training-free sampler for diffusion models."),
    ("Existing samplers, such as DDIM, need many steps to reach a good sample quality.", "", "Existing samplers, such as DDIM, need many steps to reach a good sample quality."),
])
def test_a_quote_reads_on_its_own_or_is_not_shown(sentence, name, shown):
    assert shown_text(sentence, name) == shown


def test_every_section_of_three_or_more_papers_has_findings_or_says_none(corpus):
    with_findings = 0
    for (chapter, section), (rows, synthesis, markdown) in corpus.sections.items():
        if len(rows) >= 3:
            none = f"**Key findings.** None of the {len(rows)} abstracts has a result sentence that reads on its own."
            assert bool(synthesis.findings) != (none in markdown), (chapter, section)
            with_findings += bool(synthesis.findings)
    assert with_findings >= 30


@pytest.mark.parametrize("sentence, is_finding", [
    # Results with a number and a result verb or comparison (quoted from real abstracts).
    ("Moreover, unlike most prior works which can only tolerate a low population of harmful users, MUD-HoG can "
     "work with and successfully detect a wide range of malicious and unreliable clients - up to 47.5% and 10%, "
     "respectively, of the total population.", True),
    ("Our empirical experiments demonstrate approximately 8x parameter savings in a standard LoRA setting.", True),
    ("This method not only improves both reconstruction and editability but also reduces the optimization steps "
     "from 5000 to 320.", True),
    # Settings, dataset sizes and resolutions are not findings.
    ("As the computational cost of transformers increases with the number of patches in each image, we propose to "
     "randomly mask up to 75% of the image patches during training.", False),
    ("To address this problem and democratize research on large-scale multi-modal models, we present LAION-5B - a "
     "dataset consisting of 5.85 billion CLIP-filtered image-text pairs, of which 2.32B contain English language.",
     False),
    ("In particular, we validate our Video LDM on real driving videos of resolution 512 x 1024, achieving "
     "state-of-the-art performance.", False),
    ("Quantitative analyses demonstrate that our search architectures outperform those used in the stateof-the-art "
     "sparse networks on the CIFAR-10 and ImageNet datasets.", False),
])
def test_finding_score_on_real_sentences(corpus, sentence, is_finding):
    """finding_score ranks result sentences: quantified, comparative ones first."""
    assert any(sentence in a for a in corpus.abstract.values())
    assert (S.finding_score(sentence) > 0) == is_finding


QUANTITY_PIECES = [*"xX×%.,-:/$^_{} ", "times", "percent", "fold", "points", "from ", " to ", "GB", "fps", "ms", "\\%",
                   "B", "million", "better than", "outperforms", "²", "½", "Ⅻ"]  # the last three: numbers that \\d is not


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(QUANTITY_PIECES), st.text(max_size=3))).map("".join)
       .filter(lambda text: not S.DIGIT.search(text)))
def test_a_sentence_without_a_digit_has_no_quantity(sentence):
    """finding_score stops at a sentence without a digit: no quantity pattern may match one."""
    assert S.quantities(sentence, sizes=True) == [] and not S.CHANGE.search(sentence)


@pytest.mark.parametrize("sentence, is_problem", [
    ("However, achieving high-fidelity 4D generation with spatial-temporal consistency remains a challenge.", True),
    ("Second, how to fully exploit the sparse annotations for context modeling remains an open question.", True),
    ("However, directly applying MAE to 3D point clouds with sparse annotations may fail to work.", True),
    ("Our pretraining method provides consistent improvements to ResNet-50 across all settings compared to the "
     "standard supervised training of the same network.", False),
])
def test_problem_score_on_real_sentences(corpus, sentence, is_problem):
    """problem_score ranks challenge sentences: the plainest statement of a problem first."""
    assert any(sentence in a for a in corpus.abstract.values())
    assert (S.problem_score(sentence) > 0) == is_problem


def test_the_papers_own_answer_is_a_contribution_not_a_challenge(corpus):
    sentence = ("To tackle these challenges, we propose Gradient Inversion over Feature Domains (GIFD), which "
                "disassembles the GAN model and searches the feature domains of the intermediate layers.")
    i = next(i for i, p in enumerate(corpus.papers) if sentence in p.abstract)
    start = corpus.papers[i].abstract.index(sentence)
    assert {s.start: s.role for s in corpus.corpus.sentences(i)}[start] == "contribution"


def test_sentence_spans_are_exact_and_do_not_split_after_abbreviations():
    abstract = "  We use e.g. CLIP here. Results improve by 5%!  Chen et al. (2021) agree.\n"
    spans = sentence_spans(abstract)
    assert [abstract[s:e] for s, e in spans] == ["We use e.g. CLIP here.", "Results improve by 5%!",
                                                  "Chen et al. (2021) agree."]


def test_representative_papers_are_the_most_central(corpus):
    rows, synthesis, _ = corpus.sections["virtual-try-on", "image-virtual-try-on"]
    assert len(synthesis.representative) == S.REPRESENTATIVE and set(synthesis.representative) <= set(rows)
    center = centroid(corpus.vectors, sorted(rows))
    scores = {i: float((corpus.vectors.matrix[i] @ center)[0]) for i in rows}
    chosen = min(scores[i] for i in synthesis.representative)
    assert all(scores[i] <= chosen + 1e-12 for i in rows if i not in synthesis.representative)


def test_lexicon_usage_lists_which_paper_names_which_dataset(corpus):
    _, synthesis, _ = corpus.sections["virtual-try-on", "image-virtual-try-on"]
    usage = {u.entry.name: u.keys for u in synthesis.usage}
    assert set(usage) >= {"VITON-HD", "DressCode", "VITON"}
    for name, keys in usage.items():
        entry = next(e for e in corpus.lexicon.entries if e.name == name)
        for key in keys:
            paper = corpus.by_key[key]
            assert entry.found_in(f"{paper.title}\n{paper.abstract}")
    assert [u.entry.kind for u in synthesis.usage] == sorted((u.entry.kind for u in synthesis.usage),
                                                             key=["dataset", "benchmark", "metric"].index)


def test_shared_terms_are_used_by_at_least_two_papers(corpus):
    for (chapter, section), (rows, synthesis, _) in corpus.sections.items():
        assert len(synthesis.terms) <= S.TERMS
        vocabulary = {str(t): j for j, t in enumerate(corpus.vectors.terms)}
        for term in synthesis.terms:
            column = corpus.vectors.matrix[rows][:, vocabulary[term]]
            assert column.count_nonzero() >= 2, (chapter, section, term)


def test_synthesis_is_deterministic(corpus):
    again = Sections()
    assert {k: v[2] for k, v in again.sections.items()} == {k: v[2] for k, v in corpus.sections.items()}


# --- the rendered MyST ---------------------------------------------------------------------------
def test_rendered_quotes_are_the_escaped_abstract_text_with_their_citation(corpus):
    """Parse the MyST: each quote row holds the escaped sentence between quotation marks and the citation of
    the paper it comes from (named by its method or title), and a CommonMark parser reads the cell back as exactly that literal sentence."""
    markdown = MarkdownIt("commonmark")
    rendered = 0
    for (chapter, section), (_, synthesis, block) in corpus.sections.items():
        rows = [m for m in map(QUOTE_ROW.match, block.splitlines()) if m]
        expected = synthesis.findings + synthesis.challenges + synthesis.future
        assert [m["key"] for m in rows] == [q.key for q in expected], (chapter, section)
        for match, quote in zip(rows, expected):
            literal = UNESCAPE.sub(r"\1", match["quote"])
            assert literal == normalized(quote.shown)
            name = corpus.by_key[match["key"]].short_name
            assert literal.replace(f"[{name}]", "", 1) in normalized(corpus.abstract[match["key"]])
            paper = corpus.by_key[match["key"]]
            assert UNESCAPE.sub(r"\1", match["label"]) == normalized(paper.short_name or paper.title)
            assert html.unescape(markdown.renderInline(match["quote"])) == literal  # no markup, role or math
            rendered += 1
    assert rendered >= 150


def test_section_block_has_its_parts_and_only_computed_or_quoted_text(corpus):
    _, synthesis, block = corpus.sections["virtual-try-on", "image-virtual-try-on"]
    assert block.startswith("**Shared vocabulary.** Terms used by at least two of the 17 papers")
    assert "**Most representative papers**" in block and "**Key findings.**" in block
    assert "**Challenges the papers address.**" in block and "| VITON\\-HD | dataset |" in block
    assert block.count("```{table}") == 3 + bool(synthesis.future)
    for key in {q.key for q in synthesis.findings + synthesis.challenges + synthesis.future}:
        assert f"{{cite:p}}`{key}`" in block


def test_without_lexicon_no_dataset_statement(corpus):
    rows, _, _ = corpus.sections["federated-learning", "attacks-and-robustness"]
    without = Corpus.build(corpus.papers, corpus.corpus.taxonomy, role_model(), EMPTY)
    synthesis = S.synthesize_section(without, rows, rows)
    block = section_synthesis_md(corpus.papers, synthesis)
    assert "Datasets, benchmarks and metrics" not in block and "**Key findings.**" in block


# --- across chapters -----------------------------------------------------------------------------
def test_bridge_papers_are_those_in_several_chapters(corpus):
    bridges = S.bridge_papers(corpus.papers, corpus.corpus.members("sparsity-and-pruning"))
    expected = {i for i, p in enumerate(corpus.papers) if "sparsity-and-pruning" in p.themes and len(p.themes) > 1}
    assert set(bridges) == expected and len(bridges) >= 5


def test_chapter_bridges_cite_bridges_and_link_nearest_chapters(corpus):
    papers = corpus.papers
    related = [("model-merging", 4, 0.48), ("other", 0, 0.1)]
    block = chapter_bridges_md(corpus.corpus, "sparsity-and-pruning", related)
    bridges = S.bridge_papers(papers, corpus.corpus.members("sparsity-and-pruning"))
    for i in bridges:
        assert f"{{cite:p}}`{papers[i].key}`" in block
        for other in papers[i].themes:
            assert f"{{ref}}`chapter-{other}`" in block or other == "sparsity-and-pruning"
    shared = sorted(papers[i].key for i in bridges if "model-merging" in papers[i].themes)
    assert f"- {{ref}}`chapter-model-merging`: 4 shared papers {{cite:p}}`{','.join(shared)}`; " in block
    assert "vocabulary similarity 0.48; shared distinctive terms: " in block
    assert "- {ref}`chapter-other`: 0 shared papers; vocabulary similarity 0.10" in block
    assert chapter_bridges_md(corpus.corpus, "sparsity-and-pruning", related) == block


# --- pages that do not grow with the corpus -------------------------------------------------------
@given(st.lists(st.tuples(st.sampled_from([None, 2022, 2023, 2024]), st.sampled_from([None, 1, 6, 12])),
                min_size=0, max_size=12), st.integers(0, 6))
def test_most_recent_keeps_the_newest_in_their_order(corpus, dates, count):
    from survey.site.cells import most_recent
    papers = [dataclasses.replace(corpus.papers[n], year=year, month=month) for n, (year, month) in enumerate(dates)]
    rows = list(range(len(papers)))[::-1]
    kept = most_recent(papers, rows, count)
    assert kept == [i for i in rows if i in kept] and len(kept) == min(count, len(rows))

    def newness(i):
        return (papers[i].year or 0, papers[i].month or 0)
    assert all(newness(i) >= newness(j) for i in kept for j in set(rows) - set(kept))


def test_a_long_list_of_papers_names_the_most_recent_and_counts_the_rest(corpus, monkeypatch):
    """Every paper naming a dataset, the bridge papers and the papers shared with a nearest chapter: at most
    LISTED_PAPERS of them cited, the most recent, and the rest counted, the page saying so."""
    from survey.site import cells
    monkeypatch.setattr(cells, "LISTED_PAPERS", 2)
    rows, synthesis, _ = corpus.sections["virtual-try-on", "image-virtual-try-on"]
    block = section_synthesis_md(corpus.papers, synthesis)
    usage = next(u for u in synthesis.usage if len(u.keys) > 2)
    newest = cells.most_recent([corpus.by_key[k] for k in usage.keys], range(len(usage.keys)))
    cited = ",".join(usage.keys[j] for j in newest)
    assert f"| {{cite:p}}`{cited}` and {len(usage.keys) - 2} more |" in block
    assert "; of more than 2 papers naming one, the 2 most recent are cited:" in block
    papers = corpus.papers
    bridges = S.bridge_papers(papers, corpus.corpus.members("sparsity-and-pruning"))
    block = chapter_bridges_md(corpus.corpus, "sparsity-and-pruning", [("model-merging", 4, 0.48)])
    assert f"**Bridge papers.** {len(bridges)} of the chapter's papers also belong to other chapters; the 2 most recent:" in block
    assert [i for i in bridges if f"{{cite:p}}`{papers[i].key}`" in block] == cells.most_recent(papers, bridges)
    assert re.search(r"- \{ref\}`chapter-model-merging`: 4 shared papers \{cite:p\}`[^`,]+,[^`,]+` and 2 more; ", block)
