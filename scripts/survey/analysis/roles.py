"""The rhetorical role of every sentence of an abstract, and what follows for the paper: its
contribution sentence (`summary`), its headline result, its type and whether it is training-free.

Roles (model.sentence.ROLES) come from a multinomial logistic regression over TF-IDF word n-grams plus
hand-written cue, position and neighbour features, fitted when the pipeline runs on the hand-labelled
sentences of data/sentence_roles.csv: deterministic (one BLAS thread, lbfgs), nothing downloaded. The
measured accuracy is in the README (tests/analysis/test_roles.py measures it again on every run).
Summary and result are sentences of the abstract, never rewritten: the caller keeps exact spans.
"""
from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from ..core.files import write_if_changed
from ..core.literals import Guarded
from ..core.patterns import PatternSet
from ..model.sentence import LabelledSentence, Sentence
from .sentences import sentence_spans


def _lc(pattern: str) -> re.Pattern[str]:
    """Cue patterns are matched against the lower-cased sentence."""
    return re.compile(pattern)


CUES: dict[str, re.Pattern[str]] = {
    "url": _lc(r"https?\s?:|www\.|github\.|\.io\b|\.com\b|\b(code|codes|source code|project page|models?|data(set)?s?)\b[^.]{0,40}\b(is|are|will be|be made)\b[^.]{0,20}\b(available|released|open-?sourced)|\b(we will make|will be made|is made|are made)\b[^.]{0,40}\bavailable|open-?sourced"),
    "we_show": _lc(r"^(\w+, )?(we|our (experiments?|results?|analysis|findings|evaluation|empirical \w+)|(the )?(experimental )?results|experiments|extensive experiments)\b[^.,]{0,30}\b(show|shows|demonstrate|demonstrates|find|finds|prove|proves|observe|establish|establishes|reveal|reveals|indicate|indicates|confirm|confirms|validate|validates|verify|verifies|suggest|suggests)\b"),
    "we": _lc(r"\b(we|our|us)\b"),
    "this_paper": _lc(r"\b(in this|this) (paper|work|study|thesis|article)\b|\bin this (paper|work)\b|\bhere,? we\b"),
    "propose": _lc(r"\b(we|this (paper|work|study|thesis))\b[^.]{0,40}\b(propose|present|introduce|develop|design|devise|build|formulate|contribute|offer)s?\b|\b(is|are) proposed\b|\bnamed\b|\bdubbed\b|\bcoined\b|\btermed\b|\bcalled\b"),
    "study": _lc(r"\b(we|this (paper|work|study))\b[^.]{0,30}\b(study|studies|investigate|analy[sz]e|assess|examine|explore|revisit|systematize|evaluate|focus|aim|seek|ask)"),
    "address": _lc(r"^(to (address|tackle|resolve|overcome|mitigate|solve|bridge|fill|settle|remedy|alleviate|achieve|this end)|in response|motivated by|inspired by|building (up)?on|guided by|to this end)"),
    "detail": _lc(r"^(specifically|in specific|in particular|concretely|first(ly)?|second(ly)?|third(ly)?|finally|additionally|moreover|furthermore|besides|also|then|in addition|to further|we also|we further|technically|briefly)\b"),
    "contrast": _lc(r"^(however|but|yet|nevertheless|nonetheless|unfortunately|despite|although|though|while|whereas|in contrast)\b|\bhowever\b"),
    "problem": _lc(r"\b(struggl|fail|suffer|limit|lack|challeng|difficult|hard to|remain|issue|problem|bottleneck|gap|overlook|neglect|unexplored|under-explored|ineffective|costly|expensive|prohibitive|insufficient|cannot|can not|unable|drawback|shortcoming|degrad|hinder|prone|concern|infeasible|impractical|suboptimal|open question|less attention|disregard|inefficien|burden|restrict)"),
    "prior": _lc(r"\b(existing|current|previous|prior|conventional|traditional|recent|most|many|typical|standard|popular|state-of-the-art methods|these (methods|approaches|models))\b"),
    "experiment": _lc(r"\b(experiment|experimental|empirical|empirically|evaluation|evaluations|results?|benchmarks?|ablation|extensive|comprehensive|quantitative|qualitative)\b"),
    "evidence": _lc(r"\b(show|shows|showing|shown|demonstrat|reveal|find|finds|found|findings|observe|indicate|confirm|validat|verif|suggest|prove|establish|guarantee|insights?)"),
    "better": _lc(r"\b(outperform|surpass|superior|state-of-the-art|sota|better|improv|gain|speedup|speed-up|faster|boost|advance|exceed|beat|competitive|comparable|on par|significant(ly)?|effective(ness)?|match|no worse|robust(ness)?)"),
    "number": _lc(r"\d+(\.\d+)?\s?(%|\\%|x\b|×|times|fold|points?|fps|ms|gb|mb)|\b\d+\.\d+\b|\bfrom \d"),
    "future": _lc(r"\bfuture (work|research|directions?|developments?)\b|\bwe hope\b|\bpave[sd]? the way\b|\binspire\b|\bpoised\b|\bopen(s|ing)? (up )?(new )?(avenues|directions|doors)|\binvite\b|\bfoundation for\b|\bwe do not\b|\blimitations? of (our|this)\b|\billuminate\b"),
    "general": _lc(r"^(recent|recently|in recent years|with the|deep|large|modern|the (rapid|recent|success|emergence|generation)|\w+ (models?|learning|networks?) (have|has|is|are))"),
    "modal": _lc(r"\b(can|could|may|might|enable|enables|allow|allows|ensur)"),
}
NAMES = list(CUES)
# All the cues of a sentence found in one scan, once 10,000 sentences have been read (about 1,000
# abstracts): compiling them takes what `re` spends on that many (core.patterns).
CUE_SET = PatternSet(list(CUES.values()), scan_from=10_000)
STRONG_PROPOSE = re.compile(r"\b(we|this (paper|work|study|thesis))\b[^.]{0,25}\b(propose|present|introduce|develop)s?\b",
                            re.IGNORECASE)
NUMBER = re.compile(r"\d+(\.\d+)?")
LINK = re.compile(r"https?\s?:\s?\S+")
# scikit-learn's default token_pattern, (?u)\b\w\w+\b, which fitting used: the maximal runs of two or more
# word characters; a greedy run of them finds the same without testing a word boundary at every position.
TOKEN = re.compile(r"\w\w+")
TWO_WORDS = re.compile(r"[a-z]{3,}\s+[a-z]{3,}")  # a short sentence without two words is a fragment
CLASSIFY_BATCH = 2_000  # abstracts classified together (memory: about 70 MB of features)
BREAK = "BREAK"  # between sentences read together: a TOKEN in capitals, which _normalized never leaves


def _normalized(text: str) -> str:
    """Links and numbers as the words URL and NUM, lower-cased (a link starts with "http": only then is
    LINK searched for)."""
    return NUMBER.sub(" NUM ", LINK.sub(" URL ", text) if "http" in text else text).lower()


def _cue_hits(sentences: Sequence[str]) -> np.ndarray:
    """1.0 where a cue of CUES matches the lower-cased sentence (rows: sentences, columns: NAMES). The
    features and the ranking of summaries and results (RoleModel) read the same hits."""
    return CUE_SET.hits([sentence.lower() for sentence in sentences]).astype(np.float64)


def _cue_matrix(sentences: Sequence[str], sizes: Sequence[int], hits: np.ndarray) -> np.ndarray:
    """Cue, position and context features (one row per sentence) of the sentences of consecutive abstracts
    of `sizes` sentences each, `hits` their _cue_hits: a sentence's cues, half its neighbours' cues within
    its abstract, and where it stands. One pass over the whole batch; each value is the same float
    operation on the same 0/1 flags, positions and lengths as for one abstract alone."""
    n = np.repeat(np.asarray(sizes, dtype=np.int64), sizes)
    start = np.repeat(np.cumsum(sizes, dtype=np.int64) - sizes, sizes)  # the row of the abstract's first sentence
    i = np.arange(len(n)) - start
    previous = np.zeros_like(hits)
    previous[1:] = hits[:-1]
    previous[i == 0] = 0.0
    following = np.zeros_like(hits)
    following[:-1] = hits[1:]
    following[i == n - 1] = 0.0
    # Counts within an abstract are differences of cumulative sums over the batch.
    propose = hits[:, NAMES.index("propose")]
    proposal = np.maximum(propose, np.maximum(hits[:, NAMES.index("this_paper")], hits[:, NAMES.index("study")]))
    proposals = np.concatenate([[0.0], np.cumsum(proposal)])
    proposes = np.concatenate([[0.0], np.cumsum(propose)])
    after_first = proposals[start + i] - proposals[start] > 0  # a proposal in an earlier sentence
    proposes_later = proposes[start + n] - proposes[start + i + 1] > 0
    relative = np.where(n > 1, i / np.maximum(n - 1, 1), 0.0)
    length = np.array([min(len(s), 400) for s in sentences], dtype=np.float64) / 400.0
    position = np.column_stack([relative, relative * relative, i == 0, i == n - 1, i == n - 2, after_first,
                                proposes_later, length]).astype(np.float64)
    return np.hstack([hits, previous * 0.5, following * 0.5, position]).reshape(len(n), 3 * len(CUES) + 8)


@dataclass(frozen=True)
class _Analysis:
    """One abstract classified: its sentences with their roles, the class probabilities and the cue hits
    (rows: sentences)."""

    sentences: list[Sentence]
    probabilities: np.ndarray
    hits: np.ndarray


class RoleModel:
    """The fitted classifier; `sentences(abstract)` gives every sentence's span and role (cached per abstract,
    since summary, result, type and the synthesis all read the same abstracts). `classify(abstracts)`
    classifies a whole corpus at once; an abstract it has not seen is classified on its own."""

    def __init__(self, labelled: Sequence[LabelledSentence], regularization: float = 2.0):
        by_title: dict[str, list[LabelledSentence]] = {}
        for sentence in labelled:
            by_title.setdefault(sentence.title, []).append(sentence)
        groups = [sorted(by_title[title], key=lambda s: s.index) for title in sorted(by_title)]
        texts = [s.text for group in groups for s in group]
        cues = _cue_matrix(texts, [len(group) for group in groups], _cue_hits(texts))
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float64)
        words = vectorizer.fit_transform([_normalized(t) for t in texts]).toarray()
        classifier = LogisticRegression(C=regularization, max_iter=5000, solver="lbfgs", class_weight="balanced")
        with threadpool_limits(limits=1):
            classifier.fit(np.hstack([words, cues]), [s.role for group in groups for s in group])
        # Predicting from the fitted arrays (see `classify`), which is what the cache keeps.
        self._set([str(c) for c in classifier.classes_], {str(t): int(j) for t, j in vectorizer.vocabulary_.items()},
                  vectorizer.idf_, classifier.coef_, classifier.intercept_)

    def _set(self, classes: list[str], vocabulary: dict[str, int], idf, coef, intercept) -> None:
        self.classes = classes
        self._vocabulary = vocabulary
        # The vocabulary's words and bigrams (two words) as pandas indexes, and the column of each.
        words = [(t, j) for t, j in vocabulary.items() if " " not in t]
        self._unigrams = (pd.Index([t for t, _ in words], dtype=object), np.array([j for _, j in words], dtype=np.int64))
        pairs = [(t.split(" ")[0], t.split(" ")[1], j) for t, j in vocabulary.items() if " " in t]
        self._bigrams = (pd.Index([a for a, _, _ in pairs], dtype=object), pd.Index([b for _, b, _ in pairs], dtype=object),
                         np.array([j for _, _, j in pairs], dtype=np.int64))
        self._idf = np.asarray(idf, dtype=np.float64)
        self._coef = np.asarray(coef, dtype=np.float64)
        self._intercept = np.asarray(intercept, dtype=np.float64)
        self._cache: dict[str, _Analysis] = {}

    def to_bytes(self) -> bytes:
        """The fitted model (classes, vocabulary, idf, coefficients) as an .npz file's bytes."""
        buffer = io.BytesIO()
        np.savez(buffer, classes=np.array(self.classes), terms=np.array(list(self._vocabulary)),
                 columns=np.array(list(self._vocabulary.values()), dtype=np.int64), idf=self._idf, coef=self._coef,
                 intercept=self._intercept)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> RoleModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as saved:
            model = cls.__new__(cls)
            model._set([str(c) for c in saved["classes"]], dict(zip(map(str, saved["terms"]), map(int, saved["columns"]))),
                       saved["idf"], saved["coef"], saved["intercept"])
        return model

    @classmethod
    def cached(cls, labelled: Sequence[LabelledSentence], folder: Path) -> RoleModel:
        """The model fitted on `labelled`, from `folder` when a run fitted it on the same sentences with the
        same code and libraries (fitting takes about 2.5 s), else fitted and saved there. The saved arrays
        are the fitted ones exactly, so a model read back classifies exactly as the one fitted."""
        recipe = hashlib.sha256()
        recipe.update(Path(__file__).read_bytes())
        for name in ("numpy", "scipy", "scikit-learn"):
            recipe.update(f"{name}=={metadata.version(name)}\n".encode())
        for sentence in labelled:
            recipe.update(f"{sentence!r}\n".encode())
        path = folder / f"roles-{recipe.hexdigest()[:24]}.npz"
        if path.is_file():
            try:
                return cls.from_bytes(path.read_bytes())
            except (OSError, ValueError, KeyError):
                pass  # damaged: fit again
        model = cls(labelled)
        write_if_changed(path, model.to_bytes())
        return model

    def _counts(self, sentences: Sequence[str]) -> sparse.csr_matrix:
        """How often each n-gram of the fitted vocabulary occurs in each (normalized) sentence: the matrix
        CountVectorizer(ngram_range=(1, 2), vocabulary=...).transform gives (tested). Instead of a Python
        string per n-gram, the words of all sentences are numbered at once (pandas.factorize), a bigram is the
        pair of its words' numbers, and both are looked up by hash tables in C. The sentences are read in one
        pass, joined by the word BREAK, which no lower-cased sentence holds."""
        tokens = TOKEN.findall(f" {BREAK} ".join(map(_normalized, sentences)))
        codes, words = pd.factorize(np.array(tokens, dtype=object))
        words = pd.Index(words)
        breaks = codes == (words.get_loc(BREAK) if BREAK in words else -1)
        rows = np.cumsum(breaks)[~breaks]  # the sentence of each word
        codes = codes[~breaks]
        unigram = self._unigrams[0].get_indexer(words)[codes]
        unigram_columns = np.full(len(unigram), -1, dtype=np.int64)
        unigram_columns[unigram >= 0] = self._unigrams[1][unigram[unigram >= 0]]
        # The vocabulary's bigrams whose two words occur, keyed by their numbers; then every pair of
        # consecutive words of a sentence looked up among them.
        heads, tails = words.get_indexer(self._bigrams[0]), words.get_indexer(self._bigrams[1])
        known = (heads >= 0) & (tails >= 0)
        width = max(len(words), 1)
        keys = pd.Index(heads[known].astype(np.int64) * width + tails[known])
        found = keys.get_indexer(codes[:-1].astype(np.int64) * width + codes[1:]) if len(codes) > 1 \
            else np.zeros(0, dtype=np.int64)
        found[rows[1:] != rows[:-1]] = -1  # across two sentences
        bigram_columns = np.full(len(found), -1, dtype=np.int64)
        bigram_columns[found >= 0] = self._bigrams[2][known][found[found >= 0]]
        columns = np.concatenate([unigram_columns, bigram_columns])
        at = np.concatenate([rows, rows[1:]])
        kept = columns >= 0
        counts = sparse.coo_matrix((np.ones(int(kept.sum()), dtype=np.float64), (at[kept], columns[kept])),
                                   shape=(len(sentences), len(self._vocabulary))).tocsr()
        counts.sum_duplicates()  # and indices sorted within rows, as CountVectorizer leaves them
        return counts

    def _words(self, sentences: Sequence[str]) -> sparse.csr_matrix:
        """The TF-IDF features of `sentences` as fitting computed them: sublinear counts of the fitted
        vocabulary's n-grams times their idf, each row of unit length (one sparse row per sentence)."""
        words = self._counts(sentences)
        words.data = (1.0 + np.log(words.data)) * self._idf[words.indices]
        norms = np.sqrt(np.asarray(words.multiply(words).sum(axis=1)).ravel())
        words.data /= np.repeat(norms, np.diff(words.indptr))  # rows without a known n-gram stay empty
        return words

    def classify(self, abstracts: Iterable[str]) -> None:
        """Analyse every abstract not analysed yet in batches: all the sentences' features of a batch as one
        sparse matrix and one product with the coefficients, instead of a small product per abstract.
        `analyse` then reads the results; the roles are those of classifying each abstract alone. A batch
        holds at most CLASSIFY_BATCH abstracts: the features of 10,000 abstracts at once (2.3 million words)
        took 360 MB."""
        pending = list(dict.fromkeys(a for a in abstracts if a not in self._cache))
        for start in range(0, len(pending), CLASSIFY_BATCH):
            self._classify(pending[start:start + CLASSIFY_BATCH])

    def _classify(self, pending: list[str]) -> None:
        spans = [sentence_spans(abstract) for abstract in pending]
        texts = [abstract[a:b] for abstract, pieces in zip(pending, spans) for a, b in pieces]
        hits = _cue_hits(texts)
        sizes = [len(pieces) for pieces in spans]
        vocabulary = len(self._idf)
        scores = (self._words(texts) @ self._coef[:, :vocabulary].T + _cue_matrix(texts, sizes, hits)
                  @ self._coef[:, vocabulary:].T + self._intercept)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        probabilities = exp / exp.sum(axis=1, keepdims=True)
        chosen = probabilities.argmax(axis=1)
        url, better = hits[:, NAMES.index("url")], hits[:, NAMES.index("better")]
        row = 0
        for abstract, pieces in zip(pending, spans):
            roles = []
            for k, (a, b) in enumerate(pieces):  # links and fragments, whatever the model says
                text, r = abstract[a:b], row + k
                if (url[r] and not better[r] and len(text) < 200) or (len(text) < 15 and not TWO_WORDS.search(text)):
                    roles.append("other")
                else:
                    roles.append(self.classes[chosen[r]])
            rows = slice(row, row + len(pieces))
            self._cache[abstract] = _Analysis([Sentence(k, a, b, role) for k, ((a, b), role) in enumerate(zip(pieces, roles))],
                                              probabilities[rows], hits[rows])
            row += len(pieces)

    def analyse(self, abstract: str) -> tuple[list[Sentence], np.ndarray]:
        """Every sentence of `abstract` with its role, and the class probabilities (rows: sentences)."""
        analysis = self._analysis(abstract)
        return analysis.sentences, analysis.probabilities

    def _analysis(self, abstract: str) -> _Analysis:
        if abstract not in self._cache:
            self.classify([abstract])
        return self._cache[abstract]

    def sentences(self, abstract: str) -> list[Sentence]:
        return self.analyse(abstract)[0]

    def summaries(self, abstract: str) -> list[Sentence]:
        """The contribution sentences, the one that best says what the paper does first: the strongest,
        preferring "we propose/present/introduce" and early ones, not a detail ("Specifically, ...")."""
        analysis = self._analysis(abstract)
        column = self.classes.index("contribution")
        propose, this_paper, detail = NAMES.index("propose"), NAMES.index("this_paper"), NAMES.index("detail")
        scored = []
        for s in analysis.sentences:
            if s.role != "contribution":
                continue
            low = abstract[s.start:s.end].lower()
            hits = analysis.hits[s.index]
            score = analysis.probabilities[s.index, column]
            if STRONG_PROPOSE.search(low):
                score += 1.0
            elif hits[propose] or hits[this_paper]:
                score += 0.5
            if hits[detail] or low.startswith("notably"):
                score -= 0.3
            if hits[this_paper]:
                score += 0.2
            scored.append((-(score - 0.06 * s.index), s.index, s))
        return [s for _, _, s in sorted(scored)]

    def results(self, abstract: str) -> list[Sentence]:
        """The result sentences, the headline result first: the strongest evidence ("experiments show"), an
        improvement, early rather than late; [] when no sentence reports an outcome."""
        analysis = self._analysis(abstract)
        column = self.classes.index("result")
        experiment, evidence, better = NAMES.index("experiment"), NAMES.index("evidence"), NAMES.index("better")
        scored = []
        for s in analysis.sentences:
            if s.role != "result":
                continue
            hits = analysis.hits[s.index]
            score = analysis.probabilities[s.index, column]
            if hits[experiment] and hits[evidence]:
                score += 0.3
            if hits[better]:
                score += 0.2
            scored.append((-(score - 0.02 * s.index), s.index, s))
        return [s for _, _, s in sorted(scored)]

    def paper_type(self, title: str, abstract: str, summaries: list[Sentence] | None = None) -> str:
        """model.sentence.PAPER_TYPES: from cues in the title and the summary sentence; "method" unless
        they say survey, dataset or benchmark, theory, system or analysis. `summaries`: the abstract's
        `summaries()`, when the caller has them already."""
        chosen = self.summaries(abstract) if summaries is None else summaries
        summary = abstract[chosen[0].start:chosen[0].end] if chosen else ""
        proposes_method = bool(PROPOSES_METHOD.search(summary))
        for name, title_cue, summary_cue in TYPE_CUES:
            in_title, in_summary = bool(title_cue.search(title)), bool(summary_cue.search(summary))
            if name == "survey" and in_title:
                return name
            if name in ("dataset-benchmark", "theory") and in_title and in_summary:
                return name
            if name == "system" and in_summary:
                return name
            if name == "analysis" and in_summary and not proposes_method and not STRONG_PROPOSE.search(summary):
                return name
        return "method"


def _i(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _guarded(pattern: str, guard: bool = True) -> Guarded:
    """Case-insensitive, searched through core.literals.Guarded: only where a literal it requires occurs
    (most titles and summaries name no survey, dataset, theory or system), unless `guard` is False."""
    return Guarded(_i(pattern), guard)


PROPOSES_METHOD = _guarded(r"\b(propose|present|introduce|develop)s?\b[^.]{0,60}\b(method|approach|framework|model|algorithm|"
                           r"technique|architecture|network|strategy|scheme)\b")
TYPE_CUES = [
    ("survey", _guarded(r"\b(survey|review|overview|tutorial)\b"), _guarded(r"\b(survey|review|overview)\b")),
    ("dataset-benchmark", _guarded(r"\b(dataset|benchmark|data set|corpus)\b"),
     _guarded(r"\b(introduce|present|propose|release|construct|build|collect|develop|curate)\b[^.]{0,80}\b(dataset|benchmark|"
              r"corpus|evaluation framework|collection)\b|\b(largest|new|novel|comprehensive) (\w+ ){0,3}(dataset|benchmark|collection)\b")),
    ("theory", _guarded(r"\b(theory|theoretical|convergence|bounds?|provabl|analysis of)\b"),
     _guarded(r"\b(theoretical|framework to study|we (prove|derive)|convergence|generalization bound)")),
    ("system", _guarded(r"\b(system|platform|library|toolkit|engine)\b"),
     _guarded(r"\b(interactive system|system that|open-source (library|toolkit|system)|we (present|build|develop) \w+, an? "
              r"[^.]{0,40}(system|library|toolkit|platform))")),
    ("analysis", _i(r"\b(rethink|revisit|understanding|empirical study|in defense|emergence|analysis|pareto|how|what|when|"
                    r"why|are|is|do|does)\b"),  # "is", "do": in most titles, so not guarded
     _guarded(r"\b(we|this (paper|work|study))\b[^.]{0,30}\b(study|studies|investigate|analy[sz]e|assess|examine|evaluate|draw|"
              r"comprehensively)\b")),
]
# The training cues of a title and abstract, both read in one scan (core.patterns) from 1,000 papers on.
NO_TRAINING = _i(r"\btraining-free\b|\btrain-free\b|\btuning-free\b|\bfinetuning-free\b|\bfine-tuning-free\b|\bwithout "
                 r"(any )?(additional |extra |further |re-?|test-time |costly )?(training|fine-?tuning|tuning|retraining|"
                 r"optimization)\b|\bno (additional |extra |further )?(training|fine-?tuning|re-?training)\b|\bwithout "
                 r"(the need for|requiring) (any )?(additional |test-time )?(training|fine-?tuning|re-?training)\b")
TRAINS = _i(r"\b(we|is|are|been) (train|trained|fine-?tune|fine-?tuned|pre-?train|pre-?trained)\b|\btrain(s|ed|ing)? "
            r"(a|an|the|our|with|on)\b|\b(fine-?tuning|pre-?training|distillation|self-supervised|training (objective|"
            r"strategy|paradigm|scheme|recipe|algorithm)|loss(es)?)\b|\blearn(s|ed)? (to|a|an|the)\b|\btrainable\b")
TRAINING_CUES = PatternSet([NO_TRAINING, TRAINS], scan_from=1_000)
ZERO_SHOT = _guarded(r"\bzero-shot\b")
TRAINED_ON = _guarded(r"\btrained (only )?on\b|\bwe train\b")


def training_free(title: str, abstract: str) -> str:
    """"yes" when the text says training-free, tuning-free or without (re)training; "no" when it trains,
    fine-tunes or learns something; else "unknown"."""
    no_training, trains = TRAINING_CUES.hits([f"{title}. {abstract}"])[0]
    if no_training or (ZERO_SHOT.search(title) and not TRAINED_ON.search(abstract)):
        return "yes"
    return "no" if trains else "unknown"
