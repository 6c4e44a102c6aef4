"""Where the client commands find the fakes: every default URL of `pvo-sandbox` comes from here.

`PVO_CENTRALISATEUR_URL` (`PVO_ICARE_URL`, `PVO_GUIDEWIRE_URL`, `PVO_PVO2_URL`) when it is set,
else the loopback port the fake itself listens on (`CENTRALISATEUR_PORT`..., else its default
port, `harness.fakes`): a command run beside `pvo-sandbox up` talks to that sandbox, never to
whatever answers on 8001. `--help` shows the URL the command would use.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from harness.fakes import FAKES

FC = TypeVar("FC", bound=Callable[..., object])


def url_variable(name: str) -> str:
    """The environment variable naming the fake's URL (`PVO_CENTRALISATEUR_URL`)."""
    return f"PVO_{name.upper()}_URL"


def default_url(name: str) -> str:
    """The URL of the fake called `name`, as the environment says now."""
    return os.environ.get(url_variable(name)) or (
        f"http://127.0.0.1:{FAKES[name].configured_port()}"
    )


class UrlOption(click.Option):
    """An option whose default is the fake's URL, shown in `--help` as it would be used."""

    def __init__(self, *args: Any, fake: str, **kwargs: Any) -> None:
        self.fake = fake
        super().__init__(*args, default=lambda: default_url(fake), show_envvar=True, **kwargs)

    def get_help_extra(self, ctx: click.Context) -> Any:
        extra = super().get_help_extra(ctx)
        extra["default"] = default_url(self.fake)
        return extra


class PortOption(click.Option):
    """`serve --port`, whose help shows each fake's port as the environment sets it now."""

    def get_help_extra(self, ctx: click.Context) -> Any:
        extra = super().get_help_extra(ctx)
        extra["default"] = ", ".join(f"{name} {_shown_port(name)}" for name in FAKES)
        return extra


def _shown_port(name: str) -> str:
    try:
        return str(FAKES[name].configured_port())
    except click.ClickException:
        return f"{FAKES[name].env_port} invalide"


def url_option(name: str, *param_decls: str, help: str | None = None) -> Callable[[FC], FC]:
    """`--<name> URL`, or the declarations given (`"--centralisateur", "url"`)."""
    return click.option(
        *(param_decls or (f"--{name}",)),
        cls=UrlOption,
        fake=name,
        envvar=url_variable(name),
        metavar="URL",
        help=help or f"{FAKES[name].title}.",
    )
