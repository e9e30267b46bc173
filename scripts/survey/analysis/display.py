"""Readable Unicode text from titles and abstracts that carry LaTeX residue (arXiv's own text is LaTeX:
`ART$\\cdot$V`, `118\\times`, `It\\^o`, `76\\%`). The assemble stage gives every `Paper` this text, so
the site, the tables, the quotes, the PDF and every export show `ART·V`, `118×`, `Itô`, `76%`; BibTeX then
escapes it again as valid LaTeX (formats.latex). Residue that lost its backslash upstream (`ARTcdotV`)
cannot be recognised here: data/corrections.yml fixes it by hand.

    >>> display_text(r"ART$\\cdot$V")
    'ART·V'
    >>> display_text(r"Joint-Image Diffusion (\\jedi), an")
    'Joint-Image Diffusion (\\\\jedi), an'

Policy (conservative: only what is recognised as LaTeX changes, everything else stays as typed):

* A string without any of ``\\ $ { } ~ ^`` is returned unchanged (identity fast path), so plain
  ``%``, ``_``, ``&``, ``#``, ``--`` and quotes in ordinary text are never touched.
* Known macros (pylatexenc's latex2text table, plus a few paper-writing shorthands such as
  ``\\eg`` and ``\\ie``) become their Unicode text: ``\\times`` → ×, ``\\"o`` / ``{\\"o}`` → ö,
  ``It\\^o`` → Itô, ``{\\alpha}`` → α, ``\\&`` → &, ``\\%`` → %. The space typed after a control
  word is kept (``14\\times lower`` → ``14× lower``), unlike TeX, because this is display text.
* A name that glues a known symbol macro to a capitalised word (``ART\\cdotV``, i.e. ``\\cdotV``)
  is split: ``ART·V``.
* Unknown macros stay visible exactly as typed (``\\jedi``, ``\\sysname``, ``\\1``), their
  arguments are processed as ordinary text.
* Inline math ``$…$`` / ``\\(…\\)``: delimiters dropped, macros converted, simple super/subscripts
  turned into Unicode (``$O(n^2)$`` → O(n²)) when every character has a Unicode form, else kept
  as ``^{…}``. A ``$…$`` whose content does not look like math (e.g. "costs $5 and $10") or that
  is not closed stays as typed.
* Braces: ``{…}`` groups that contain LaTeX (a macro, math, ``~``) lose their braces; a group of
  plain characters keeps them as typed (``{0, 1}``, ``{l_1}``, ``1{KT}`` are kept: in this corpus
  they are residue of stripped commands/sets, and removing the braces would lose information).
* ``~`` → an ordinary space. ``%`` never starts a comment (kept as typed). ``--``, quotes, ``&``
  are not LaTeX-converted.
* Never raises: on any internal error the original string is returned. Deterministic.
"""
from __future__ import annotations

import logging
import re

from pylatexenc import latex2text, latexwalker, macrospec

__all__ = ["display_text", "KNOWN_MACROS", "TRIGGER_CHARS", "needs_processing"]

TRIGGER_CHARS = frozenset("\\${}~^")

# --------------------------------------------------------------------------- contexts

# pylatexenc logs (at WARNING) every construct it parses tolerantly; that is expected here.
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())


def _walker_context() -> macrospec.LatexContextDb:
    """Default walker context, but the only 'specials' recognised is ``~``: ``&``, ``--``,
    ``''`` etc. stay plain characters (this is prose, not a LaTeX document)."""
    base = latexwalker.get_default_latex_context_db()
    db = macrospec.LatexContextDb()
    for cat in base.category_list:
        if cat == "verbatim":  # \verb|..| would swallow text; keep it as typed instead
            continue
        d = base.d[cat]
        db.add_context_category(cat, macros=list(d["macros"].values()),
                                environments=list(d["environments"].values()), specials=[])
    db.add_context_category("display-specials", specials=[macrospec.SpecialsSpec("~")])
    return db


_PAPER_SHORTHANDS = {  # common macros of CVPR/ICCV/NeurIPS style files
    "eg": "e.g.", "Eg": "E.g.", "ie": "i.e.", "Ie": "I.e.", "etal": "et al.", "etc": "etc.",
    "wrt": "w.r.t.", "Wrt": "W.r.t.", "vs": "vs.", "cf": "cf.", "Cf": "Cf.", "aka": "a.k.a.",
    "iid": "i.i.d.", "dof": "d.o.f.",
    # characters commonly escaped in BibTeX exports
    "textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^", "textasciitilde": "~",
    "textbackslash": "\\", "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
}


def _plain_args(n, l2tobj=None):
    """Style macros: the argument's text without Unicode math-alphabet styling."""
    if l2tobj is None or not n.nodeargd or not n.nodeargd.argnlist:
        return ""
    return "".join(l2tobj._groupnodecontents_to_text(a) for a in n.nodeargd.argnlist
                   if a is not None)


_FONT_SWITCHES = ("em", "bf", "it", "rm", "sl", "sf", "tt", "sc", "normalfont", "bfseries",
                  "itshape", "mdseries", "upshape", "scshape", "rmfamily", "sffamily", "ttfamily",
                  "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large",
                  "LARGE", "huge", "Huge", "displaystyle", "textstyle", "scriptstyle",
                  "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                  "nobreak", "protect", "relax", "xspace", "noindent")


def _text_context() -> macrospec.LatexContextDb:
    db = latex2text.get_default_latex_context_db()
    specs = [latex2text.MacroTextSpec(k, v) for k, v in _PAPER_SHORTHANDS.items()]
    # bold/italic/roman math alphabets would give 𝟑.𝟓𝟔-style characters: show plain text instead
    specs += [latex2text.MacroTextSpec(k, simplify_repl=_plain_args)
              for k in ("mathbf", "mathrm", "mathit", "mathsf", "mathtt", "boldsymbol", "bm",
                        "textbf", "textit", "textrm", "textsf", "texttt", "emph", "textsc",
                        "operatorname", "text", "mbox")]
    specs += [latex2text.MacroTextSpec(k, "") for k in _FONT_SWITCHES]
    specs += [latex2text.MacroTextSpec("\\", " ")]  # forced line break: a space in display text
    specs += [latex2text.MacroTextSpec("url", simplify_repl="%s"),
              latex2text.MacroTextSpec("href", simplify_repl="%(2)s (%(1)s)")]
    db.add_context_category("display-extra", prepend=True, macros=specs,
                            specials=[latex2text.SpecialsTextSpec("~", " ")])
    return db


_WALKER_CTX = _walker_context()
_TEXT_CTX = _text_context()

# The walker must know the argument structure of the shorthands we added (none: bare macros).
_WALKER_CTX.add_context_category("display-extra", prepend=True, macros=[
    macrospec.std_macro(k, False, 0) for k in _PAPER_SHORTHANDS
] + [macrospec.std_macro(k, False, 0) for k in _FONT_SWITCHES]
  + [macrospec.std_macro(k, False, 1) for k in ("bm", "boldsymbol", "operatorname", "text", "url")]
  + [macrospec.std_macro("href", False, 2)])


def _known_macro_names() -> frozenset[str]:
    names = set()
    for spec in _TEXT_CTX.iter_macro_specs():
        names.add(spec.macroname)
    return frozenset(names)


KNOWN_MACROS = _known_macro_names()

# symbol macros that may be glued to a following capitalised word (ART\cdotV)
_SYMBOLS = {}
for _spec in _TEXT_CTX.iter_macro_specs():
    if (len(_spec.macroname) >= 3 and _spec.macroname.isalpha()
            and isinstance(_spec.simplify_repl, str) and "%" not in _spec.simplify_repl
            and _spec.simplify_repl.strip()):
        wspec = _WALKER_CTX.get_macro_spec(_spec.macroname)
        if wspec is None or not getattr(wspec.args_parser, "argspec", ""):
            _SYMBOLS.setdefault(_spec.macroname, _spec.simplify_repl)
_SYMBOL_NAMES_LONGEST_FIRST = sorted(_SYMBOLS, key=len, reverse=True)

# --------------------------------------------------------------------------- super/subscripts

_SUP = dict(zip("0123456789+-=()niaeoxyjklmrstuvw" "ABDEGHIJKLMNOPRTUVW",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵉᵒˣʸʲᵏˡᵐʳˢᵗᵘᵛʷ" "ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))
_SUB = dict(zip("0123456789+-=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ"))
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|([^\s{}\\]))")


def _scripts(s: str) -> str:
    def rep(m):
        table = _SUP if m.group(1) == "^" else _SUB
        body = m.group(2) if m.group(2) is not None else m.group(3)
        if body and all(c in table for c in body):
            return "".join(table[c] for c in body)
        return m.group(0)
    return _SCRIPT.sub(rep, s)


_MATHY = re.compile(r"[\\^_{}=<>+*/|]")
_SHORT_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'.]{0,5}|[0-9]+[A-Za-z]|[A-Za-z0-9]+\([^()]*\)")


def _looks_like_math(content: str) -> bool:
    if not content or content != content.strip():
        return bool(content) and bool(_MATHY.search(content)) and "\\" in content
    return bool(_MATHY.search(content)) or bool(_SHORT_TOKEN.fullmatch(content))


# --------------------------------------------------------------------------- converter

class _Display(latex2text.LatexNodes2Text):
    def __init__(self, source: str):
        super().__init__(latex_context=_TEXT_CTX, math_mode="text", keep_comments=True,
                         strict_latex_spaces=True)
        self._src = source
        self._math_depth = 0
        self._arg_ids: set[int] = set()

    def collect_args(self, nodelist):
        """Remember every node used as a macro argument: such groups are never shown braced."""
        for n in nodelist or []:
            if n is None:
                continue
            argd = getattr(n, "nodeargd", None)
            if argd is not None and getattr(argd, "argnlist", None):
                for a in argd.argnlist:
                    if a is not None:
                        self._arg_ids.add(id(a))
                        self.collect_args([a])
            self.collect_args(getattr(n, "nodelist", None))

    # whitespace exactly as in the source
    def nodelist_to_text(self, nodelist):
        parts, prev = [], None
        for n in nodelist or []:
            if n is None:
                continue
            if (prev is not None and prev.isNodeType(latexwalker.LatexMacroNode)
                    and n.isNodeType(latexwalker.LatexGroupNode) and not n.nodelist
                    and n.delimiters == ("{", "}") and prev.macro_post_space == ""
                    and self.latex_context.get_macro_spec(prev.macroname) is not None):
                parts.append("")  # '\alpha{}': the empty group only ends the macro name
            else:
                parts.append(self.node_to_text(n))
            prev = n
        return "".join(parts)

    def chars_node_to_text(self, node, textcol=0):
        return node.chars

    def comment_node_to_text(self, node):
        # '%' is a literal percent sign in this corpus, never a comment
        return "%" + node.comment + node.comment_post_space

    def specials_node_to_text(self, node):
        if node.specials_chars == "~":
            return " "
        return node.specials_chars

    def group_node_to_text(self, node):
        inner = self.nodelist_to_text(node.nodelist)
        if node.delimiters != ("{", "}"):
            return node.delimiters[0] + inner + node.delimiters[1]
        if id(node) in self._arg_ids or _contains_latex(node.nodelist) \
                or (self._math_depth and len(inner) <= 1):
            return inner
        return "{" + inner + "}"

    def environment_node_to_text(self, node):
        return node.latex_verbatim()

    def macro_node_to_text(self, node):
        name = node.macroname
        bare = _is_bare(node)
        if name == "":  # a lone trailing backslash
            return "\\" + node.macro_post_space
        if self.latex_context.get_macro_spec(name) is not None:
            try:
                out = super().macro_node_to_text(node)
            except Exception:  # noqa: BLE001 - e.g. a replacement needing absent arguments
                return node.latex_verbatim()
            if not name.isalpha() or not bare or out == "":
                return out
            return out + node.macro_post_space
        # unknown: a symbol glued to a capitalised word?
        for sym in _SYMBOL_NAMES_LONGEST_FIRST:
            if name.startswith(sym) and name[len(sym):][:1].isupper():
                return _SYMBOLS[sym] + name[len(sym):] + node.macro_post_space
        # otherwise keep it visibly as typed (its arguments, if any, are processed)
        out = "\\" + name
        if node.nodeargd and node.nodeargd.argnlist:
            out += node.macro_post_space + "".join(
                self.node_to_text(a) for a in node.nodeargd.argnlist if a is not None)
        else:
            out += node.macro_post_space
        return out

    def math_node_to_text(self, node):
        if node.isNodeType(latexwalker.LatexEnvironmentNode):
            return node.latex_verbatim()
        open_d, close_d = node.delimiters
        verb = node.latex_verbatim()
        closed = len(verb) >= len(open_d) + len(close_d) and verb.endswith(close_d)
        inner_src = verb[len(open_d):len(verb) - len(close_d)] if closed else verb[len(open_d):]
        if not closed or (open_d in ("$", "$$") and not _looks_like_math(inner_src)):
            # not math: keep the dollar signs as typed, still convert inner LaTeX
            return open_d + self.nodelist_to_text(node.nodelist) + (close_d if closed else "")
        self._math_depth += 1
        try:
            content = self.nodelist_to_text(node.nodelist)
        finally:
            self._math_depth -= 1
        content = _scripts(content.strip())
        if node.displaytype == "display":
            return content
        return content


def _is_bare(node) -> bool:
    if node.nodeoptarg is not None:
        return False
    argd = node.nodeargd
    return not (argd and argd.argnlist and any(a is not None for a in argd.argnlist))


def _contains_latex(nodelist) -> bool:
    for n in nodelist or []:
        if n is None:
            continue
        if n.isNodeType(latexwalker.LatexMacroNode) or n.isNodeType(latexwalker.LatexMathNode) \
                or n.isNodeType(latexwalker.LatexSpecialsNode) \
                or n.isNodeType(latexwalker.LatexEnvironmentNode):
            return True
        if n.isNodeType(latexwalker.LatexGroupNode) and _contains_latex(n.nodelist):
            return True
    return False


def _protect(text: str) -> str:
    """Make a literal ``%`` and unmatched braces parse as the characters they are:
    an unescaped ``%`` becomes ``\\%``, an unmatched ``{``/``}`` becomes
    ``{\\textbraceleft}``/``{\\textbraceright}`` (rendered back as the brace)."""
    out: list[str] = []
    stack: list[int] = []   # indexes in `out` of open braces
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 < n:
                out.append(text[i:i + 2])
                i += 2
            else:  # a lone trailing backslash
                out.append("{\\textbackslash}")
                i += 1
            continue
        if c == "%":
            out.append("\\%")
        elif c == "{":
            stack.append(len(out))
            out.append(c)
        elif c == "}":
            if stack:
                stack.pop()
                out.append(c)
            else:
                out.append("{\\textbraceright}")
        else:
            out.append(c)
        i += 1
    for idx in stack:
        out[idx] = "{\\textbraceleft}"
    return "".join(out)


def needs_processing(text: str) -> bool:
    """Whether `text` holds a character LaTeX gives a meaning (most titles and abstracts hold none)."""
    return not TRIGGER_CHARS.isdisjoint(text)


_SCAN = re.compile(r"\\([^\W\d_]+|.)?|\$\$?|[{}%]|\s+", re.S)


def _chunks(text: str) -> list[str] | None:
    """`text` cut at whitespace runs where the parse is provably at top level with nothing pending, or None
    when the text holds a construct this scan does not model (then the whole string is decoded).

    Why the cuts are exact: pylatexenc parses left to right, so a cut is invisible to it when no node spans
    it. A whitespace run qualifies when (1) no brace group and no ``$`` math is open before it (``_protect``
    then also pairs braces the same way on each side), and (2) no macro can still be reading arguments or
    its post-space: a macro with argument spec of length k skips at most one whitespace run per argument,
    so the next max(k, 1) top-level runs after it are excluded (additively, for macros nested as
    arguments; ``%`` counts as the macro ``\\%`` that ``_protect`` makes of it). Runs inside a group or
    math never count down, so an argument that is a group holding spaces is covered by (1). A ``$`` before
    the (k+1)-th run after a macro taking k arguments may be read as that single character
    (``\\sqrt $x$``), not as math, so the scan gives up there. Environments,
    ``\\( \\[`` and ``$$`` math, optional ``[...]`` arguments and ill-nested ``{``/``$`` are not
    modelled: None. What lies between two cuts and holds no LaTeX character is then parsed as plain
    characters, which `_Display` shows as typed."""
    cuts: list[int] = []          # positions where a chunk ends and the next begins
    stack: list[str] = []         # open '{' and '$'
    pending = 0                   # top-level whitespace runs still within a macro's reach
    arguments = 0                 # runs before which a '$' may be a macro's argument
    for m in _SCAN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c.isspace():
            if stack:
                continue
            arguments = max(arguments - 1, 0)
            if pending:
                pending -= 1
            else:
                cuts += (m.start(), m.end())
        elif c == "\\":
            name = m.group(1) or ""
            if name in ("begin", "end", "(", ")", "[", "]") or (name[:1].isalpha() and (
                    not name.isalpha() or text[m.end():m.end() + 1].isalpha())):
                return None   # environments, \\( \\[ math, or a name the scan's letters do not match
            spec = _WALKER_CTX.get_macro_spec(name)
            argspec = spec.args_parser.argspec if spec is not None else ""
            if "[" in argspec and "[" in text[m.end():]:
                return None
            pending += max(len(argspec), 1)
            arguments += len(argspec) + 1 if argspec else 0
        elif c == "$":
            if tok == "$$" or arguments:
                return None   # '$$', or a '$' that may be read as a macro's one-character argument
            if stack and stack[-1] == "$":
                stack.pop()
            elif "$" in stack:
                return None   # '$' inside a group inside math: not modelled
            else:
                stack.append("$")
        elif c == "{":
            stack.append("{")
        elif c == "}":
            if stack and stack[-1] == "{":
                stack.pop()
            elif stack:
                return None   # '}' closing across an open '$'
        else:  # '%'
            pending += 1
    bounds = [0, *cuts, len(text)]
    return [text[bounds[i]:bounds[i + 1]] for i in range(len(bounds) - 1)]


def _decode(text: str) -> str | None:
    """The whole string parsed and converted, or None where the tolerant parser skipped or invented
    something, or failed."""
    try:
        src = _protect(text)
        walker = latexwalker.LatexWalker(src, latex_context=_WALKER_CTX, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        if "".join(n.latex_verbatim() for n in nodes) != src:
            return None
        conv = _Display(src)
        conv.collect_args(nodes)
        out = conv.nodelist_to_text(nodes)
        return out if isinstance(out, str) else None
    except Exception:  # noqa: BLE001 - display text must never fail
        return None


def _needs_decoding(chunk: str) -> bool:
    return needs_processing(chunk) or "%" in chunk


def display_text(text: str) -> str:
    """Readable Unicode plain text for a title/abstract that may contain LaTeX residue.

    pylatexenc reads a string one character at a time (about 7 µs each), so only the chunks holding LaTeX
    characters are parsed (`_chunks`): an abstract is mostly plain prose around a few ``$x$`` or ``\\%``.
    The result is that of parsing the whole string (tests/analysis/test_display.py checks it on every real
    title and abstract and on random LaTeX); when a chunk fails, the whole string is decoded instead."""
    if not isinstance(text, str) or not needs_processing(text):
        return text
    chunks = _chunks(text)
    if chunks is not None:
        parts = [_decode(c) if _needs_decoding(c) else c for c in chunks]
        if None not in parts:
            return "".join(parts)
    out = _decode(text)
    return text if out is None else out
