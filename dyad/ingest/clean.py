"""Cleaning raw article text: the date marker, site boilerplate, whitespace and quotes.

The cleaned text is what Dyad stores, and every offset refers to it. Quote
normalisation maps one character to one character, so it never shifts text.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from importlib import resources

# " date 2021-08-13 Following the United States' call ..." (on the first sentence's line)
_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{1,2}-\d{1,2})(?:\s+|\Z)", re.IGNORECASE)

_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",  # no-break space
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
# Zero-width and bidi control characters carry no words and break matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Half a surrogate pair ("\ud800" in JSON) is not a character: it cannot be stored as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r" {2,}")
_WORD = re.compile(r"\w", re.UNICODE)


def split_date_marker(text: str) -> tuple[str | None, str]:
    """Remove a leading `` date YYYY-MM-DD`` marker; return (the date string or None, rest)."""
    match = _MARKER.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


@cache
def _boilerplate() -> tuple[re.Pattern[str], ...]:
    raw = resources.files("dyad.data").joinpath("boilerplate.txt").read_text("utf-8")
    lines = [ln.strip() for ln in raw.splitlines()]
    return tuple(re.compile(ln, re.IGNORECASE) for ln in lines if ln and not ln.startswith("#"))


def is_boilerplate(line: str) -> bool:
    """True for a line that is site furniture, not article text ("Latest News", "Share")."""
    return any(p.fullmatch(line) for p in _boilerplate())


def _is_fragment(line: str) -> bool:
    """A short line with no sentence punctuation: navigation ("Home", "World | Americas")."""
    if "|" in line or "»" in line or "›" in line:
        return True
    return len(line.split()) <= 3 and not re.search(r"[.!?:\"')]$", line)


def clean_text(text: str) -> str:
    """Normalise whitespace and quotes, and strip boilerplate lines.

    Boilerplate lines are dropped anywhere; short navigation fragments only at the
    very start or end of the article, where sites put them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_QUOTES)
    text = _visible(text)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if not (ln and is_boilerplate(ln))]
    content = [i for i, ln in enumerate(lines) if ln]
    while len(content) > 1 and _is_fragment(lines[content[-1]]):
        lines[content.pop()] = ""
    while content and _is_fragment(lines[content[0]]) and len(content) > 1:
        lines[content.pop(0)] = ""
    # Paragraphs are separated by one blank line; runs of blank lines collapse.
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def _visible(text: str) -> str:
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", _INVISIBLE.sub("", text)))


def clean_field(value: object) -> str | None:
    """A metadata value (title, url, source, id) as one clean line, or None when empty."""
    if value is None:
        return None
    text = " ".join(_visible(str(value).translate(_QUOTES)).split())
    return text or None


def has_words(text: str) -> bool:
    return bool(_WORD.search(text))


def guess_title(text: str) -> str | None:
    """The first line, when it reads as a headline (short, no closing full stop)."""
    first, _, rest = text.partition("\n")
    if rest and 2 <= len(first.split()) <= 20 and not first.rstrip().endswith((".", '"')):
        return first.strip()
    return None


class _VisibleText(HTMLParser):
    """Collects a page's visible text, one line per block element; never recurses."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
        | {"article", "blockquote", "pre", "table", "ul", "ol", "header", "footer"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, str | None]:
    """The visible text and title of a page, by a plain tag-stream parse.

    For pages the article extractor cannot read (nesting deeper than lxml allows,
    broken markup): it keeps every visible word, so nothing is lost, at the price of
    keeping some page furniture too.
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    text = re.sub(r"[ \t]*\n\s*", "\n\n", "".join(parser.parts))
    return text, "".join(parser.title).strip() or None
