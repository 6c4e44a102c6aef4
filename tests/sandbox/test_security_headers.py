"""Every HTML page of every fake carries the browser protections, and no page nor template
relies on inline code that its Content-Security-Policy would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from harness.fakes import FAKES
from sandbox.security_headers import DOCS_POLICY, PAGE_POLICY, page_policy

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("fake_*/templates/**/*.html"))
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.I),
    "event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}
# Template code runs on the server: `url_for('desk.offers', onglet=...)` is no event handler.
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def inline_code(html: str) -> list[str]:
    """The kinds of inline code in a page, which its Content-Security-Policy would block."""
    return [name for name, pattern in INLINE.items() if pattern.search(html)]


@pytest.fixture(params=sorted(FAKES))
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Flask:
    return FAKES[request.param].create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fake.db'}",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
        }
    )


def sign_in(app: Flask, client: FlaskClient) -> None:
    """The pages behind a sign-in are pages too."""
    if app.name == "fake_centralisateur":
        client.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    elif app.name == "fake_icare":
        client.post("/myicare/connexion", data={"identifiant": "IC-953617", "password": "spoticar"})
    elif app.name == "fake_pvo2":
        client.post("/connexion", data={"login": "hakim.ab", "password": "pvo2"})


def html_pages(app: Flask) -> list[str]:
    """Every GET route without parameters, the docs page, and a page that does not exist."""
    paths = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments
    }
    return sorted(paths | {"/api/docs/", "/no-such-page"})


def test_every_html_page_has_the_headers(app: Flask) -> None:
    client = app.test_client()
    sign_in(app, client)
    # The desk's "Déclarer" lands on the Centralisateur (127.0.0.1:8001 by default).
    pages_policy = (
        page_policy(["http://127.0.0.1:8001"]) if app.name == "fake_pvo2" else PAGE_POLICY
    )
    checked = []
    for path in html_pages(app):
        response = client.get(path)
        if response.mimetype != "text/html":
            continue
        checked.append(path)
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        docs = path.startswith("/api/docs")
        policy = DOCS_POLICY if docs else pages_policy
        assert response.headers["Content-Security-Policy"] == policy, path
        assert docs or inline_code(response.get_data(as_text=True)) == [], path
    pages = {
        "fake_centralisateur": {"/vente", "/profil", "/connexion", "/no-such-page"},
        "fake_icare": {"/myicare/", "/myicare/connexion", "/no-such-page"},
        "fake_guidewire": set(),
        "fake_pvo2": {
            "/connexion",
            "/livraisons",
            "/offres",
            "/parametres",
            "/parametres/site",
            "/no-such-page",
        },
    }[app.name]
    assert {"/api/docs/", *pages} <= set(checked)


def test_the_page_policy_allows_no_inline_code_nor_framing() -> None:
    directives = dict(d.strip().split(" ", 1) for d in PAGE_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in PAGE_POLICY


def test_forms_may_land_only_on_the_named_origins() -> None:
    directives = dict(d.strip().split(" ", 1) for d in page_policy(["http://a:1"]).split(";"))
    assert directives["form-action"] == "'self' http://a:1"
    assert page_policy() == PAGE_POLICY


def test_json_answers_are_not_sniffed(app: Flask) -> None:
    response = app.test_client().get("/__admin/health")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_code(template: Path) -> None:
    assert inline_code(JINJA.sub("", template.read_text(encoding="utf-8"))) == []


def test_an_event_handler_in_a_template_is_found() -> None:
    """The template code is set aside, not the markup around it."""
    html = """<a href="{{ url_for('desk.offers', onglet='x') }}" onclick="{{ go }}">"""
    assert inline_code(JINJA.sub("", html)) == ["event handler"]
