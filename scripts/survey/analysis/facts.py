"""Stage 2a: facts read from a paper's own text: its method's short name and its links.

Links in the corpus carry real defects that are cleaned here: trailing punctuation, LaTeX
`\\href`-style doubles (`url{url}`), `{url}` placeholders, `https: //` with a stray space, `.git`.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

CODE_HOSTS = ("github.com", "gitlab.com", "gitee.com")
URL = re.compile(r"https?\s?:\s?//[^\s<>\"']+", re.IGNORECASE)
TRAILING_JUNK = ".,;:)]}>'\"*"
PLACEHOLDER = re.compile(r"\{url\}", re.IGNORECASE)

# "CatVTON: Concatenation Is ..." -> "CatVTON": the text before the colon when it is one token
# (Bristle, Stable-Hair) or a few words that look coined, with a capital or digit inside a word
# (HiFi Tuner, Deep Fashion3D), so phrases such as "Video Diffusion Models" do not count.
TITLE_NAME = re.compile(r"^(?P<name>[^\s:][^:]{0,39}?)\s*:\s+\S")
NAME_SIGNAL = re.compile(r"[A-Za-z][A-Z]|\d|[^\x00-\x7f]")
# "... a method dubbed FooBar ..." in the abstract.
ABSTRACT_NAME = re.compile(
    r"\b(?:dubbed|termed|called|named|coined)\s+(?P<name>[A-Za-z\u0370-\u03ff][\w\u0370-\u03ff\-+.]*[\w+])"
)


def short_name(title: str, abstract: str) -> str:
    """The method's short name, or '' when the paper does not name one clearly."""
    match = TITLE_NAME.match(title)
    if match:
        name = match.group("name").strip()
        words = name.split()
        if len(words) == 1 or (len(words) <= 3 and NAME_SIGNAL.search(name)):
            return name
    for match in ABSTRACT_NAME.finditer(abstract):
        name = match.group("name")
        if NAME_SIGNAL.search(name) and len(name) > 2:
            return name
    return ""


def clean_url(raw: str) -> str:
    """One URL cleaned of the corpus's defects, or '' when nothing usable is left."""
    url = re.sub(r"^(https?)\s?:\s?//", lambda m: m.group(1).lower() + "://", raw, flags=re.IGNORECASE)
    url = PLACEHOLDER.sub("", url)
    url = url.split("{", 1)[0]  # drop the LaTeX double `url{url}`
    url = url.rstrip(TRAILING_JUNK)
    if url.endswith(".git"):
        url = url[: -len(".git")]
    parts = urlsplit(url)
    if not parts.netloc or "." not in parts.netloc:
        return ""
    return url


def is_code_host(url: str) -> bool:
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return host in CODE_HOSTS


def links(abstract: str) -> tuple[list[str], list[str]]:
    """(code URLs, project-page URLs) found in an abstract, cleaned, deduplicated, in text order."""
    code: list[str] = []
    project: list[str] = []
    if "//" not in abstract:  # in every URL: most abstracts are told without the case-insensitive search
        return code, project
    for raw in URL.findall(abstract):
        url = clean_url(raw)
        target = code if is_code_host(url) else project
        if url and url not in code and url not in project:
            target.append(url)
    return code, project
