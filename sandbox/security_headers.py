"""The headers browsers are told to protect a fake's pages with, on every response.

HTML pages get a Content-Security-Policy that runs no inline script and applies no inline style:
the fakes' pages take their CSS and JavaScript from `static/` only. Swagger UI's page (`/api/docs`,
from flask-swagger-ui) starts itself with an inline script, so that page alone gets a policy that
allows inline code, still from this site only. Every response says not to be framed, not to be
sniffed as another type, and to send no address to other sites (a declaration's address is not
for Icare to read). A fake whose form hands the user over to another site (the PVO² desk's
"Déclarer" lands on the Centralisateur's window) names that site's origin in `form-action`:
browsers check it on the redirect a form's answer makes, too.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, Response, request

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
ALWAYS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def page_policy(form_targets: Sequence[str] = ()) -> str:
    """The pages' policy, their forms also allowed to land on `form_targets` (origins)."""
    return PAGE_POLICY.replace(
        "form-action 'self'", " ".join(("form-action 'self'", *form_targets))
    )


def init_security_headers(
    app: Flask, docs_path: str = "/api/docs", form_targets: Sequence[str] = ()
) -> None:
    """Add the headers to every response of `app`; `docs_path` is where Swagger UI is served,
    `form_targets` the origins its forms hand the user over to."""
    pages = page_policy(form_targets)

    def add_headers(response: Response) -> Response:
        for name, value in ALWAYS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            docs = request.path == docs_path or request.path.startswith(docs_path + "/")
            response.headers.setdefault("Content-Security-Policy", DOCS_POLICY if docs else pages)
        return response

    app.after_request(add_headers)
