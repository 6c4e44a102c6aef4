"""The text of an HTML page as a reader sees it, line by line (the standard library's parser).

A block element or a table row ends a line, cells are apart; what <style>, <script> and <title>
hold is not drawn, so it is left out.
"""

from __future__ import annotations

from html.parser import HTMLParser

BREAKS = frozenset({"p", "div", "h1", "h2", "h3", "tr", "br", "li", "dt", "dd", "legend", "label"})
HIDDEN = frozenset({"style", "script", "title", "head"})
CELLS = frozenset({"td", "th"})


class _Lines(HTMLParser):
    def __init__(self, breaks: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.breaks = breaks
        self.chunks: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in self.breaks:
            self.chunks.append("\n")
        elif tag in CELLS:
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden -= 1
        elif tag in self.breaks:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.chunks.append(data)


def page_lines(html: str, breaks: frozenset[str] = BREAKS) -> list[str]:
    """Non-empty lines, inner whitespace collapsed."""
    parser = _Lines(breaks)
    parser.feed(html)
    text = "".join(parser.chunks)
    return [" ".join(line.split()) for line in text.splitlines() if line.split()]


NAMED = frozenset({"label", "legend", "button", "h1", "h2", "h3", "h4", "th", "dt", "a"})
BOXES = str.maketrans("", "", "☐☒")


class _Names(HTMLParser):
    """Collects what names a control or a part of the page: the texts of NAMED elements (a link
    in a table cell is data, not a name), submit values and aria-labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: list[str] = []
        self.open: list[tuple[str, list[str]]] = []
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("aria-label"):
            self.names.append(values["aria-label"] or "")
        if tag == "input" and values.get("type") == "submit":
            self.names.append(values.get("value") or "")
        if tag == "td":
            self.cells += 1
        if tag in NAMED and not (tag == "a" and self.cells):
            self.open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.cells -= 1
        if self.open and self.open[-1][0] == tag:
            _, chunks = self.open.pop()
            text = " ".join("".join(chunks).translate(BOXES).split())
            if text:
                self.names.append(text)

    def handle_data(self, data: str) -> None:
        for _, chunks in self.open:
            chunks.append(data)


def names_on_page(html: str) -> list[str]:
    """Every label, legend, button, heading, column header, term and link text of a page."""
    parser = _Names()
    parser.feed(html)
    return parser.names
