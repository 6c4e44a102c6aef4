"""The text of an HTML page as a reader sees it, line by line (the standard library's parser).

A block element or a table row ends a line, cells are apart; what <style>, <script> and <title> hold is not
drawn, so it is left out.
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
