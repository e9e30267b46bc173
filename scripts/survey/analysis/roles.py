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
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from ..core.files import write_if_changed
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
STRONG_PROPOSE = re.compile(r"\b(we|this (paper|work|study|thesis))\b[^.]{0,25}\b(propose|present|introduce|develop)s?\b",
                            re.IGNORECASE)
NUMBER = re.compile(r"\d+(\.\d+)?")
LINK = re.compile(r"https?\s?:\s?\S+")


def _normalized(text: str) -> str:
    return NUMBER.sub(" NUM ", LINK.sub(" URL ", text)).lower()


def _cue_matrix(sentences: Sequence[str]) -> np.ndarray:
    """Cue, position and context features of the sentences of one abstract (one row each)."""
    n = len(sentences)
    cue = np.array([[1.0 if p.search(s.lower()) else 0.0 for p in CUES.values()] for s in sentences]).reshape(n, len(CUES))
    propose, this_paper, study = NAMES.index("propose"), NAMES.index("this_paper"), NAMES.index("study")
    rows = []
    seen_proposal = 0.0
    for i in range(n):
        after_first = seen_proposal
        if cue[i, propose] or cue[i, this_paper] or cue[i, study]:
            seen_proposal = 1.0
        previous = cue[i - 1] if i > 0 else np.zeros(len(CUES))
        following = cue[i + 1] if i + 1 < n else np.zeros(len(CUES))
        relative = i / (n - 1) if n > 1 else 0.0
        position = [relative, relative * relative, float(i == 0), float(i == n - 1), float(i == n - 2), after_first,
                    1.0 if cue[i + 1:, propose].any() else 0.0, min(len(sentences[i]), 400) / 400.0]
        rows.append(np.concatenate([cue[i], previous * 0.5, following * 0.5, position]))
    return np.array(rows).reshape(n, 3 * len(CUES) + 8)


class RoleModel:
    """The fitted classifier; `sentences(abstract)` gives every sentence's span and role (cached per abstract,
    since summary, result, type and the synthesis all read the same abstracts)."""

    def __init__(self, labelled: Sequence[LabelledSentence], regularization: float = 2.0):
        by_title: dict[str, list[LabelledSentence]] = {}
        for sentence in labelled:
            by_title.setdefault(sentence.title, []).append(sentence)
        texts, cues, roles = [], [], []
        for title in sorted(by_title):
            group = sorted(by_title[title], key=lambda s: s.index)
            texts += [_normalized(s.text) for s in group]
            cues.append(_cue_matrix([s.text for s in group]))
            roles += [s.role for s in group]
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float64)
        words = vectorizer.fit_transform(texts).toarray()
        classifier = LogisticRegression(C=regularization, max_iter=5000, solver="lbfgs", class_weight="balanced")
        with threadpool_limits(limits=1):
            classifier.fit(np.hstack([words, np.vstack(cues)]), roles)
        # Predicting by hand in numpy: scikit-learn's per-call overhead dominates for ten sentences.
        self._set([str(c) for c in classifier.classes_], {str(t): int(j) for t, j in vectorizer.vocabulary_.items()},
                  vectorizer.idf_, classifier.coef_, classifier.intercept_)

    def _set(self, classes: list[str], vocabulary: dict[str, int], idf, coef, intercept) -> None:
        self.classes = classes
        self._analyzer = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()  # what fitting used; fitting changes nothing of it
        self._vocabulary = vocabulary
        self._idf = np.asarray(idf, dtype=np.float64)
        self._coef = np.asarray(coef, dtype=np.float64)
        self._intercept = np.asarray(intercept, dtype=np.float64)
        self._cache: dict[str, tuple[list[Sentence], np.ndarray]] = {}

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

    def _words(self, sentences: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(sentences), len(self._idf)))
        for i, sentence in enumerate(sentences):
            counts: dict[int, int] = {}
            for token in self._analyzer(_normalized(sentence)):
                j = self._vocabulary.get(token)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if counts:
                columns = np.fromiter(counts.keys(), dtype=np.int64)
                values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self._idf[columns]
                out[i, columns] = values / np.sqrt((values * values).sum())
        return out

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(self.classes)))
        scores = np.hstack([self._words(sentences), _cue_matrix(sentences)]) @ self._coef.T + self._intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def analyse(self, abstract: str) -> tuple[list[Sentence], np.ndarray]:
        """Every sentence of `abstract` with its role, and the class probabilities (rows: sentences)."""
        if abstract not in self._cache:
            spans = sentence_spans(abstract)
            texts = [abstract[a:b] for a, b in spans]
            probabilities = self.probabilities(texts)
            roles = [self.classes[j] for j in probabilities.argmax(axis=1)] if texts else []
            for i, text in enumerate(texts):  # links and fragments, whatever the model says
                low = text.lower()
                if CUES["url"].search(low) and not CUES["better"].search(low) and len(text) < 200:
                    roles[i] = "other"
                elif len(text) < 15 and not re.search(r"[a-z]{3,}\s+[a-z]{3,}", text):
                    roles[i] = "other"
            self._cache[abstract] = ([Sentence(i, a, b, role) for i, ((a, b), role) in enumerate(zip(spans, roles))],
                                     probabilities)
        return self._cache[abstract]

    def sentences(self, abstract: str) -> list[Sentence]:
        return self.analyse(abstract)[0]

    def summaries(self, abstract: str) -> list[Sentence]:
        """The contribution sentences, the one that best says what the paper does first: the strongest,
        preferring "we propose/present/introduce" and early ones, not a detail ("Specifically, ...")."""
        sentences, probabilities = self.analyse(abstract)
        column = self.classes.index("contribution")
        scored = []
        for s in sentences:
            if s.role != "contribution":
                continue
            low = abstract[s.start:s.end].lower()
            score = probabilities[s.index, column]
            if STRONG_PROPOSE.search(low):
                score += 1.0
            elif CUES["propose"].search(low) or CUES["this_paper"].search(low):
                score += 0.5
            if CUES["detail"].search(low) or low.startswith("notably"):
                score -= 0.3
            if CUES["this_paper"].search(low):
                score += 0.2
            scored.append((-(score - 0.06 * s.index), s.index, s))
        return [s for _, _, s in sorted(scored)]

    def results(self, abstract: str) -> list[Sentence]:
        """The result sentences, the headline result first: the strongest evidence ("experiments show"), an
        improvement, early rather than late; [] when no sentence reports an outcome."""
        sentences, probabilities = self.analyse(abstract)
        column = self.classes.index("result")
        scored = []
        for s in sentences:
            if s.role != "result":
                continue
            low = abstract[s.start:s.end].lower()
            score = probabilities[s.index, column]
            if CUES["experiment"].search(low) and CUES["evidence"].search(low):
                score += 0.3
            if CUES["better"].search(low):
                score += 0.2
            scored.append((-(score - 0.02 * s.index), s.index, s))
        return [s for _, _, s in sorted(scored)]

    def paper_type(self, title: str, abstract: str) -> str:
        """model.sentence.PAPER_TYPES: from cues in the title and the summary sentence; "method" unless
        they say survey, dataset or benchmark, theory, system or analysis."""
        chosen = self.summaries(abstract)
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


PROPOSES_METHOD = _i(r"\b(propose|present|introduce|develop)s?\b[^.]{0,60}\b(method|approach|framework|model|algorithm|"
                     r"technique|architecture|network|strategy|scheme)\b")
TYPE_CUES = [
    ("survey", _i(r"\b(survey|review|overview|tutorial)\b"), _i(r"\b(survey|review|overview)\b")),
    ("dataset-benchmark", _i(r"\b(dataset|benchmark|data set|corpus)\b"),
     _i(r"\b(introduce|present|propose|release|construct|build|collect|develop|curate)\b[^.]{0,80}\b(dataset|benchmark|"
        r"corpus|evaluation framework|collection)\b|\b(largest|new|novel|comprehensive) (\w+ ){0,3}(dataset|benchmark|collection)\b")),
    ("theory", _i(r"\b(theory|theoretical|convergence|bounds?|provabl|analysis of)\b"),
     _i(r"\b(theoretical|framework to study|we (prove|derive)|convergence|generalization bound)")),
    ("system", _i(r"\b(system|platform|library|toolkit|engine)\b"),
     _i(r"\b(interactive system|system that|open-source (library|toolkit|system)|we (present|build|develop) \w+, an? "
        r"[^.]{0,40}(system|library|toolkit|platform))")),
    ("analysis", _i(r"\b(rethink|revisit|understanding|empirical study|in defense|emergence|analysis|pareto|how|what|when|"
                    r"why|are|is|do|does)\b"),
     _i(r"\b(we|this (paper|work|study))\b[^.]{0,30}\b(study|studies|investigate|analy[sz]e|assess|examine|evaluate|draw|"
        r"comprehensively)\b")),
]
NO_TRAINING = _i(r"\btraining-free\b|\btrain-free\b|\btuning-free\b|\bfinetuning-free\b|\bfine-tuning-free\b|\bwithout "
                 r"(any )?(additional |extra |further |re-?|test-time |costly )?(training|fine-?tuning|tuning|retraining|"
                 r"optimization)\b|\bno (additional |extra |further )?(training|fine-?tuning|re-?training)\b|\bwithout "
                 r"(the need for|requiring) (any )?(additional |test-time )?(training|fine-?tuning|re-?training)\b")
TRAINS = _i(r"\b(we|is|are|been) (train|trained|fine-?tune|fine-?tuned|pre-?train|pre-?trained)\b|\btrain(s|ed|ing)? "
            r"(a|an|the|our|with|on)\b|\b(fine-?tuning|pre-?training|distillation|self-supervised|training (objective|"
            r"strategy|paradigm|scheme|recipe|algorithm)|loss(es)?)\b|\blearn(s|ed)? (to|a|an|the)\b|\btrainable\b")
ZERO_SHOT = _i(r"\bzero-shot\b")
TRAINED_ON = _i(r"\btrained (only )?on\b|\bwe train\b")


def training_free(title: str, abstract: str) -> str:
    """"yes" when the text says training-free, tuning-free or without (re)training; "no" when it trains,
    fine-tunes or learns something; else "unknown"."""
    text = f"{title}. {abstract}"
    if NO_TRAINING.search(text) or (ZERO_SHOT.search(title) and not TRAINED_ON.search(abstract)):
        return "yes"
    return "no" if TRAINS.search(text) else "unknown"
