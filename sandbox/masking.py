"""What the journal never keeps: whatever would let a reader act as someone else.

Masked: passwords, client secrets, tokens of every kind (bearer, access, launch, CSRF — in
headers, JSON keys, form fields, query strings, and the hidden inputs of HTML pages), API keys,
and cookies both ways (a journaled `session=` would open that dealer's portal). Kept: the people
and vehicles a DMS sent, which are what an integrator inspects, and fictitious in a sandbox.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

MASK = "***"
SECRET_NAME = re.compile(
    r"pass(word)?|secret|token|jeton|authorization|csrf|cookie|api[-_]?key|session|signature", re.I
)
_NAME = r"[A-Za-z0-9_.\-]*"
# name=value in a query string or a form body, where the name looks secret
_QUERY_SECRET = re.compile(
    rf"(?P<name>(?:^|[?&;\s\"']){_NAME}(?:pass|secret|token|jeton|key|csrf|session|signature){_NAME}=)"
    r"(?P<value>[^&#\s\"'<>]+)",
    re.I,
)
# value="…" of an HTML input (or meta) whose name looks secret, in either attribute order
_HTML_SECRET = re.compile(
    r"(?P<head><(?:input|meta)\b[^>]*?(?:name|id)=[\"'][^\"']*(?:csrf|token|pass|secret)"
    r"[^\"']*[\"'][^>]*?(?:value|content)=[\"'])(?P<value>[^\"']*)",
    re.I,
)
_HTML_SECRET_VALUE_FIRST = re.compile(
    r"(?P<head><(?:input|meta)\b[^>]*?(?:value|content)=[\"'])(?P<value>[^\"']*)"
    r"(?P<tail>[\"'][^>]*?(?:name|id)=[\"'][^\"']*(?:csrf|token|pass|secret))",
    re.I,
)


def mask_text(text: str) -> str:
    """A path, query string, form body or HTML page with its secret values replaced by ***."""
    if "=" not in text:  # every secret pattern has one: most JSON strings skip the scans
        return text
    text = _QUERY_SECRET.sub(lambda m: m["name"] + MASK, text)
    text = _HTML_SECRET.sub(lambda m: m["head"] + MASK, text)
    return _HTML_SECRET_VALUE_FIRST.sub(lambda m: m["head"] + MASK + m["tail"], text)


def mask(value: Any) -> Any:
    """A JSON value with every secret-looking key's value replaced, and its strings masked."""
    if isinstance(value, dict):
        return {k: MASK if _secret_name(str(k)) else mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    return value


@lru_cache(maxsize=4096)
def _secret_name(name: str) -> bool:
    """Whether a key or header looks secret; bodies repeat the same keys on every request."""
    return SECRET_NAME.search(name) is not None


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers as kept: every secret-looking header (Authorization, Cookie, Set-Cookie,
    X-Api-Key, X-CSRF-Token, …) masked."""
    return {
        name: MASK if _secret_name(name) else mask_text(value) for name, value in headers.items()
    }
