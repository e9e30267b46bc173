"""What a section's papers share, find and leave open, and how a chapter connects to the others, computed
from the papers, their TF-IDF vectors and the roles of their abstracts' sentences (analysis.roles).

Honesty rules, enforced by construction and by tests/site/test_synthesis.py:

- every generated statement is either computed from the data (counts, terms, similarities, lexicon
  matches) or a quotation: an exact sentence of the cited paper's abstract (`Quote.text ==
  abstract[Quote.start:Quote.end]`), shown between quotation marks next to its `{cite:p}` citation, never
  paraphrased as the survey's own claim. A quote whose subject is "It" or "This method" (the paper's own
  method) is shown with the method's name in brackets (`Quote.shown`: "[CatVTON] achieves ..."); a
  sentence that cannot be read on its own (an unresolved "This", "(2) ...", "And ...") is never chosen;
- key findings are result sentences (measured or qualitative), challenges are challenge sentences, open
  problems are future-work sentences only;
- the same input always gives the same output: every ranking has a total, deterministic order.

The functions return structured data (`Quote`, `Usage`, `SectionSynthesis`) that tests check directly;
`site.synthesis` renders that data as MyST.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.literals import Guarded
from ..model.lexicon import KINDS, Entry
from ..model.paper import Paper
from ..model.sentence import Sentence
from .corpus import Corpus
from .quotes import quotable, shown_text
from .text import TextVectors, centroid, ranked_terms

FINDINGS = 5  # key findings per section
CHALLENGES = 3  # challenges the papers address, per section
FUTURE = 3  # open problems and future work, per section
REPRESENTATIVE = 3  # most central papers per section
TERMS = 8  # shared-vocabulary terms per section
CHAPTER_TERMS = 5  # terms shown for a pair of related chapters
SMALL = 3  # sections with fewer papers get no shared vocabulary (two papers share too little to mean much)


# --- key findings -------------------------------------------------------------------------------
# A measured quantity: a number that is not part of a name (CIFAR-10, ResNet-50, SDM-v1.5, AP_{50}, 2:4
# sparsity, 1/16 split, 512x512 or 64times64 resolution, 7B, 3D, 2080Ti) with a result unit (%, x,
# times, fold, points, fps, ms, GB, MB), or a decimal, or a change "from 5000 to 320".
_NUMBER = r"(?<![\w.\-^/:$])(?<!_\{)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?-\s?\d+(?:\.\d+)?)?(?![:/]\d)"
QUANTITY = re.compile(
    _NUMBER + r"(?:\s?(?P<unit>\\?%|percent\b|(?:x|X|×|\\?times)(?!\s?\d)(?![A-Za-z])|-?fold\b|points?\b|pp\b|fps\b|ms\b"
    r"|GB\b|MB\b))?(?![\w.]\d|[A-Za-z])")
_UNIT = r"(?:\s?(?:\\?%|GB|MB|Gb|Mb|ms|x|X))?"
CHANGE = re.compile(rf"\bfrom \d[\d,.]*{_UNIT} to \d[\d,.]*{_UNIT}(?![\w.]\d|[A-Za-z])")
DIGIT = re.compile(r"\d")  # every QUANTITY and CHANGE holds one
SIZE_WORD = re.compile(r"\s?(?:billion|million|thousand|[BMK]\b)")
RESULT_VERB = Guarded(re.compile(
    r"\b(?:outperform\w*|surpass\w*|improv\w*|reduc\w*|achiev\w*|accelerat\w*|speeds?[- ]?ups?|faster|boost\w*|"
    r"gains?|sav(?:e|es|ed|ing|ings)|cuts?|cutting|exceed\w*|beats?|attain\w*|yield\w*|narrow\w*|retain\w*|"
    r"recover\w*|successfully)\b", re.IGNORECASE))
COMPARATIVE = re.compile(
    r"\b(?:outperform\w*|surpass\w*|better|worse|than|compared|comparable|on par|unlike|whereas|over (?:the|existing|"
    r"previous|prior|state|vanilla|standard)|beats?|exceed\w*|state-of-the-art|SOTA|previous best|baselines?|"
    r"higher|lower|fewer|less)\b|×|\d\s?(?:x|X|\\?times)\b", re.IGNORECASE)
# The result is the paper's own ("our method", "we", "the proposed ...").
OWN_RESULT = Guarded(re.compile(r"\b(?:our|we|proposed|this method|the method)\b", re.IGNORECASE), guard=False)
# Sentences that describe the task or the setting rather than a result.
SETUP = Guarded(re.compile(r"\b(?:aim(?:s|ing)? to|we (?:study|focus|consider)|the task of)\b", re.IGNORECASE))

# --- open problems ------------------------------------------------------------------------------
# Both searched only where a required literal occurs (core.literals.Guarded).
OPEN = Guarded(re.compile(
    r"\b(?:remains?|remained|is still|are still|still) (?:an? |largely |highly |very )?(?:challeng\w*|open|unsolved|"
    r"difficult|unclear|unexplored|under-?explored|elusive|limited|lacking|a problem|an issue)|\bopen (?:problems?|questions?|"
    r"challenges?)\b|\b(?:under|un)-?explored\b|\bunder-?investigated\b|\bnot (?:yet )?(?:been )?(?:well )?(?:studied|explored|"
    r"addressed|understood)\b|\byet to be\b|\blittle attention\b|\brarely (?:studied|explored|adopted)\b|\bunsolved\b|"
    r"\bremain to be\b", re.IGNORECASE))
LIMITATION = Guarded(re.compile(
    r"\blimitations?\b|\bfail(?:s|ed)? to\b|\bfailure to\b|\bstruggl\w*|\bsuffer\w*|\bbottlenecks?\b|\bfalls? short\b|"
    r"\bhinder\w*|\black(?:s|ing)?\b|\bchallenges?\b|\b(?:is|are|be|being|remains?|becomes?) (?:still |particularly |"
    r"highly |very |extremely )?challenging\b|\bdrawbacks?\b|\bprohibitive\w*|\binsufficient\w*|\bunsatisfactory\b|"
    r"\bobstacles?\b|\bdifficulties\b", re.IGNORECASE))

@dataclass(frozen=True)
class Quote:
    """An exact quotation of a paper's abstract: `abstract[start:end] == text`; `shown` is the text as the
    page shows it: the same, or with a leading "It"/"This method" replaced by "[Name]"."""

    key: str
    text: str
    start: int
    score: float
    shown: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Usage:
    """A lexicon entry and the keys of the papers (in table order) whose title or abstract names it."""

    entry: Entry
    keys: tuple[str, ...]


@dataclass(frozen=True)
class SectionSynthesis:
    rows: tuple[int, ...]
    terms: tuple[str, ...]
    representative: tuple[int, ...]
    findings: tuple[Quote, ...]
    challenges: tuple[Quote, ...]
    future: tuple[Quote, ...]
    usage: tuple[Usage, ...]
    lexicon_size: int  # entries in the lexicon searched (0: no lexicon, so no usage statement)


def quantities(sentence: str, sizes: bool = False) -> list[str]:
    """The measured quantities a sentence reports (percentages, multipliers, decimals, "from A to B"), not
    the numbers in names; model and data sizes ("5.85 billion") only when `sizes` is true."""
    found = []
    for match in QUANTITY.finditer(sentence):
        if match.group("unit") is None:
            if "." not in match.group(0) or (not sizes and SIZE_WORD.match(sentence, match.end())):
                continue
        found.append(match.group(0))
    found += [m.group(0) for m in CHANGE.finditer(sentence)]
    return found


def finding_score(sentence: str) -> int:
    """How strongly a sentence states a quantified result; 0 when it does not: no measured quantity, or
    one with neither a result verb nor a comparison (a dataset size, a setting), or a task statement.
    A size ("0.6 million parameters") counts as a quantity only in a comparison. A sentence without a digit
    has no quantity (two thirds of result sentences): it is told by one search, not by the five below."""
    if not DIGIT.search(sentence):
        return 0
    comparison = bool(COMPARATIVE.search(sentence) or CHANGE.search(sentence))
    verb = bool(RESULT_VERB.search(sentence))
    numbers = quantities(sentence, sizes=comparison)
    if not numbers or not (verb or comparison) or SETUP.search(sentence):
        return 0
    return min(len(numbers), 3) + 2 * comparison + verb + bool(OWN_RESULT.search(sentence))


def problem_score(sentence: str) -> int:
    """How plainly a sentence names an open problem or limitation; 0 for none."""
    score = 3 * bool(OPEN.search(sentence)) + bool(LIMITATION.search(sentence))
    if score and re.search(r"\bhowever\b|\bbut\b|\byet\b|\bstill\b", sentence, re.IGNORECASE):
        score += 1
    return score


def _quotes(corpus: Corpus, rows: list[int], role: str, score: Callable[[Paper, Sentence, str], float],
            limit: int, own_subject: bool) -> list[Quote]:
    """The best-scoring readable, quotable sentence of `role` of each paper (earliest on ties), then the
    `limit` best papers' quotes by score, ties by key. `own_subject`: "It ..." may be shown as "[Name] ...".

    Every sentence of the role is scored, and they are read best first (score, key, position): a paper's
    first readable sentence in that order is its best, and papers reach the list in the order of their best
    sentences. So only the sentences read until `limit` papers have a quote are checked for readability
    (`quotable`, `shown_text`), not every sentence of a section of thousands of papers."""
    scored = []
    for i in rows:
        paper = corpus.papers[i]
        for sentence in corpus.sentences(i):
            if sentence.role == role:
                text = paper.abstract[sentence.start:sentence.end]
                scored.append((-score(paper, sentence, text), paper.key, sentence.start, i, text))
    scored.sort()
    best: list[Quote] = []
    quoted: set[str] = set()
    for negated, key, start, i, text in scored:
        if len(best) >= limit:
            break
        if key in quoted or not quotable(text):
            continue
        shown = shown_text(text, corpus.papers[i].short_name if own_subject else "")
        if shown is not None:
            quoted.add(key)
            best.append(Quote(key, text, start, -negated, shown))
    return best


def key_findings(corpus: Corpus, rows: list[int], limit: int = FINDINGS) -> list[Quote]:
    """Result sentences, measured or qualitative, at most one per paper: the paper's headline result when it
    reads on its own, quantified and comparative results first."""
    def score(paper: Paper, sentence: Sentence, text: str) -> float:
        return 1 + 2 * (text == paper.result) + finding_score(text)

    return _quotes(corpus, rows, "result", score, limit, own_subject=True)


def challenges(corpus: Corpus, rows: list[int], limit: int = CHALLENGES) -> list[Quote]:
    """Challenge sentences (a problem, limitation or gap of prior work or of the field), at most one per
    paper, plainest first."""
    def score(paper: Paper, sentence: Sentence, text: str) -> float:
        return 1 + problem_score(text)

    return _quotes(corpus, rows, "challenge", score, limit, own_subject=False)


def future_work(corpus: Corpus, rows: list[int], limit: int = FUTURE) -> list[Quote]:
    """Future-work sentences and limitations the authors state of their own approach, at most one per paper."""
    def score(paper: Paper, sentence: Sentence, text: str) -> float:
        return 1 + (problem_score(text) > 0)

    return _quotes(corpus, rows, "future", score, limit, own_subject=True)


# --- vocabulary, centrality and lexicon ---------------------------------------------------------
def shared_terms(vectors: TextVectors, rows: list[int], background: list[int], count: int = TERMS,
                 noise: frozenset[str] = frozenset()) -> list[str]:
    """Terms that at least two of the papers use, ranked by their mean TF-IDF weight in `rows` minus the
    larger of their mean weight in `background` (e.g. the chapter) and in the whole corpus; only terms
    with a positive lift and no `noise` word; ties alphabetical; a unigram inside a chosen bigram (or the
    reverse) skipped."""
    if len(rows) < 2:
        return []
    matrix = vectors.matrix
    inside = np.asarray(matrix[rows].mean(axis=0)).ravel()
    corpus = vectors.mean
    outside = np.asarray(matrix[background].mean(axis=0)).ravel() if background else corpus
    users = np.asarray((matrix[rows] > 0).sum(axis=0)).ravel()
    lift = inside - np.maximum(outside, corpus)
    chosen: list[str] = []
    for index in ranked_terms(vectors, lift, np.flatnonzero((lift > 0) & (users >= 2))):
        term = str(vectors.terms[index])
        if noise.intersection(term.split()) or any(term in c.split() or c in term.split() for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == count:
            break
    return chosen


def representative(vectors: TextVectors, rows: list[int], n: int = REPRESENTATIVE) -> list[int]:
    """The `n` rows most similar (cosine) to the centroid of `rows`; ties by position."""
    if not rows:
        return []
    center = centroid(vectors, sorted(rows))
    scores = np.asarray(vectors.matrix[rows] @ center).ravel()
    order = sorted(range(len(rows)), key=lambda j: (-round(float(scores[j]), 12), rows[j]))
    return [rows[j] for j in order[:n]]


def lexicon_usage(corpus: Corpus, rows: list[int]) -> list[Usage]:
    """Each lexicon entry named by at least one of `rows` (Corpus.mentions), with those papers' keys;
    ordered by kind (datasets, benchmarks, metrics), then by number of papers (most first), then by name."""
    users: dict[str, list[str]] = {}
    for i in rows:
        for name in corpus.mentions[i]:
            users.setdefault(name, []).append(corpus.papers[i].key)
    found = [Usage(e, tuple(users[e.name])) for e in corpus.lexicon.entries if e.name in users]
    found.sort(key=lambda u: (KINDS.index(u.entry.kind), -len(u.keys), u.entry.name.casefold(), u.entry.name))
    return found


def synthesize_section(corpus: Corpus, rows: list[int], chapter_rows: list[int]) -> SectionSynthesis:
    """Everything the survey says about one section (`rows`, positions in the corpus), as data; its shared
    vocabulary is contrasted with the chapter's papers (`chapter_rows`) and the whole corpus."""
    rows = list(rows)
    background = list(chapter_rows)
    return SectionSynthesis(
        rows=tuple(rows),
        terms=tuple(shared_terms(corpus.vectors, rows, background, noise=corpus.noise) if len(rows) >= SMALL else ()),
        representative=tuple(representative(corpus.vectors, rows) if len(rows) > REPRESENTATIVE else ()),
        findings=tuple(key_findings(corpus, rows)),
        challenges=tuple(challenges(corpus, rows)),
        future=tuple(future_work(corpus, rows)),
        usage=tuple(lexicon_usage(corpus, rows)),
        lexicon_size=len(corpus.lexicon.entries),
    )


# --- across chapters ----------------------------------------------------------------------------
def bridge_papers(papers: Sequence[Paper], members: list[int]) -> list[int]:
    """The `members` of a chapter that belong to at least one other chapter, ordered by title then key."""
    rows = [i for i in members if len(papers[i].themes) > 1]
    return sorted(rows, key=lambda i: (papers[i].title.casefold(), papers[i].key))


def shared_vocabulary(vectors: TextVectors, rows_a: list[int], rows_b: list[int], count: int = CHAPTER_TERMS,
                      noise: frozenset[str] = frozenset()) -> list[str]:
    """Terms weighted above the corpus average in both groups, ranked by their contribution to the cosine
    similarity of the two groups' centroids (ties alphabetical)."""
    a, b = centroid(vectors, sorted(rows_a)), centroid(vectors, sorted(rows_b))
    corpus = vectors.overall_centroid
    contribution = np.where((a > corpus) & (b > corpus), a * b, 0.0)
    candidates = np.array([i for i in np.flatnonzero(contribution > 0).tolist()
                           if not noise.intersection(str(vectors.terms[i]).split())], dtype=np.int64)
    return [str(vectors.terms[i]) for i in ranked_terms(vectors, contribution, candidates)[:count]]
