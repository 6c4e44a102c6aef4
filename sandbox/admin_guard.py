"""`/__admin` closed to web pages, and never open beyond loopback without a token.

A browser lends its user's place on the network to every page it shows: any site could POST a
form to `http://127.0.0.1:8001/__admin/reset`, and a page whose name a DNS trick points at
127.0.0.1 (DNS rebinding) could even read the journals. So every admin route but health and
readiness answers 403 (with `error_code`), before its token is checked and before its body is
read, to:

- a `Host` that is not one of the fake's names: a loopback name (`localhost`, 127.0.0.1, ::1)
  or one of `ADMIN_HOSTS` (comma-separated; by default the host of `PUBLIC_URL`). That is what
  DNS rebinding sends;
- an `Origin` other than the fake's own, or a `Sec-Fetch-Site` other than `same-origin` and
  `none`: what a browser sends from another site's page (it sends `Origin` with every POST,
  PUT, PATCH and DELETE);
- a change (POST, PUT, PATCH, DELETE) whose body is declared in another type than JSON, unless
  it carries `X-Sandbox-Admin`: what a form sends. A page can send neither a JSON type nor a
  custom header to another site without the browser asking the fake first (CORS), and the fake
  never says yes.

Programs (the harness's admin client, curl, a CI job) send no `Origin` and name the fake as
it is configured: nothing changes for them. A fake started on another interface than loopback
needs its admin token from the environment (`exposure_refusal`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request

from sandbox.errors import SandboxError

# The admin routes anyone may call: a load balancer's or an orchestrator's probes.
OPEN_ENDPOINTS = frozenset({"health", "readiness", "ready"})
ADMIN_HEADER = "X-Sandbox-Admin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AdminHostRefused(SandboxError):
    status = 403
    error_code = "ADMIN_HOST_REFUSED"
    default_message = (
        "API d'administration : ce nom d'hôte n'est pas celui du sandbox. Appelez-la par son "
        "nom configuré (ADMIN_HOSTS, ou l'hôte de PUBLIC_URL)."
    )


class CrossSiteRefused(SandboxError):
    status = 403
    error_code = "ADMIN_CROSS_SITE"
    default_message = (
        "API d'administration : une page d'un autre site ne peut pas l'appeler. Appelez-la "
        "depuis un programme (client d'administration, curl), pas depuis un navigateur."
    )


class NotJsonRefused(SandboxError):
    status = 403
    error_code = "ADMIN_JSON_REQUIRED"
    default_message = (
        "API d'administration : un changement s'envoie en JSON (Content-Type: "
        f"application/json) ou avec l'en-tête {ADMIN_HEADER}, jamais comme un formulaire."
    )


def init_admin_guard(app: Flask) -> None:
    """Refuse cross-site calls to the app's `/__admin` routes, first of all its checks."""
    app.extensions["sandbox.admin_hosts"] = admin_hosts(app.config)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_cross_site)


def admin_hosts(config: Mapping[str, Any]) -> frozenset[str]:
    """The host names besides loopback ones the admin API answers to (lower case, no port)."""
    configured = config.get("ADMIN_HOSTS") or urlsplit(str(config.get("PUBLIC_URL") or "")).hostname
    if not configured:
        return frozenset()
    names = configured.split(",") if isinstance(configured, str) else configured
    return frozenset(_bare(name) for name in names if name.strip())


def _bare(name: str) -> str:
    return name.strip().lower().strip("[]")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def refuse_cross_site() -> None:
    """Before every request: the module docstring's three refusals, on admin routes."""
    if not request.path.startswith("/__admin/"):
        return
    rule = request.url_rule
    if rule is not None and (rule.endpoint or "").rpartition(".")[2] in OPEN_ENDPOINTS:
        return
    host = urlsplit(f"//{request.host}").hostname or ""
    if not _is_loopback(host) and host not in current_app.extensions["sandbox.admin_hosts"]:
        raise AdminHostRefused()
    origin = request.headers.get("Origin")
    if request.headers.get("Sec-Fetch-Site", "none") not in ("same-origin", "none") or (
        origin is not None and urlsplit(origin).netloc.lower() != request.host.lower()
    ):
        raise CrossSiteRefused()
    if (
        request.method not in SAFE_METHODS
        and request.mimetype
        and not request.is_json
        and ADMIN_HEADER not in request.headers
    ):
        raise NotJsonRefused()


def exposure_refusal(title: str, host: str, env_token: str, token: str | None) -> str | None:
    """Why a fake must not listen on `host` (in French), or None.

    Beyond loopback, anyone on the network reaches its admin API: it starts only with an admin
    token in the environment (`env_token`), 16 to 200 visible ASCII characters. It never makes
    one up: a token printed in a log is one more secret to hide, and replicas would each make
    their own.
    """
    if _is_loopback(_bare(host)):
        return None
    if token is None:
        return (
            f"{title} refuse d'écouter sur {host} sans jeton d'administration : hors de cette "
            f"machine, n'importe qui pourrait réinitialiser le sandbox ou lire ses journaux. "
            f"Définissez {env_token} (16 à 200 caractères ASCII visibles, par exemple "
            "« openssl rand -hex 24 »), ou écoutez sur 127.0.0.1."
        )
    from sandbox.admin import AdminTokenSchema  # the rule `PUT /__admin/token` applies

    if AdminTokenSchema().validate({"token": token}):
        return (
            f"{title} : le jeton d'administration de {env_token} doit compter 16 à 200 "
            "caractères ASCII visibles (par exemple « openssl rand -hex 24 »)."
        )
    return None
