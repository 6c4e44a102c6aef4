"""The `Content-Disposition` of a file a fake hands out, whatever characters its name holds.

A name is written twice, as RFC 6266 advises: `filename="…"` in plain ASCII for old readers
(accents dropped, quotes, backslashes and control characters replaced), and `filename*` in
RFC 5987's `UTF-8''…` percent-encoding, which every current browser prefers. A header can then
never hold a line break or a character Latin-1 cannot write (which made the answer a 500).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_NOT_PLAIN = re.compile(r'[^\x20-\x7e]|["\\]')
# RFC 5987's attr-char, without percent-encoding.
_ATTR_CHARS = "!#$&+-.^_`|~"


def content_disposition(disposition: str, filename: str) -> str:
    """`attachment; filename="bdc-1.pdf"; filename*=UTF-8''bdc-1.pdf` for `filename`."""
    decomposed = unicodedata.normalize("NFKD", filename)
    plain = _NOT_PLAIN.sub("_", "".join(c for c in decomposed if not unicodedata.combining(c)))
    encoded = quote(filename, safe=_ATTR_CHARS, errors="replace")
    return f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{encoded}"
