"""Dealers on demand, on every fake's admin API: a dealer of one's own for each suite, each test,
each integrator sharing a sandbox, isolated from the others as the demo dealers are.

- `POST /__admin/dealers` (`{"code": "123456B", "password": "…"}`, both optional): a new dealer
  in the demo ones' shapes, as on its first connection; answers its identifiers and secrets.
  The CLI (`pvo-sandbox dealers new`) gives the same code and password to the four fakes.
- `GET /__admin/dealers`: every dealer, demo ones first (no password).
- `DELETE /__admin/dealers/<code>`: the dealer, its data, its faults and its clock gone; the demo
  dealers stay.

A fake takes part by `register_dealers`: how it adds, resets and deletes a dealer in its store,
and how it tells whose call a request is (for the faults and clocks of one dealer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy.orm import Session

from sandbox import faults
from sandbox.clock import reset_clock
from sandbox.db import current_database, one_writer_at_a_time
from sandbox.dealers import (
    CODE_RRDI,
    CODE_RRDI_MESSAGE,
    DemoDealer,
    every_dealer,
    find_dealer,
    forget,
    keep,
    new_dealer,
    random_code,
)
from sandbox.errors import SandboxError

DealerChange = Callable[[Session, str], None]


class DealerExists(SandboxError):
    status = 409
    error_code = "DEALER_EXISTS"
    default_message = "Ce distributeur existe déjà : choisissez un autre code RRDI."


class DealerNotFound(SandboxError):
    status = 404
    error_code = "UNKNOWN_DEALER"
    default_message = "Aucun distributeur n'a ce code RRDI."

    @classmethod
    def of(cls, code_rrdi: str) -> DealerNotFound:
        return cls(f"Aucun distributeur n'a le code RRDI {code_rrdi}.")


class DemoDealerKept(SandboxError):
    status = 409
    error_code = "DEMO_DEALER"
    default_message = (
        "Les distributeurs de démonstration ne se suppriment pas : réinitialisez-les "
        "(POST /__admin/reset?dealer=…)."
    )


class NoDealersHere(SandboxError):
    status = 400
    error_code = "NO_DEALERS"
    default_message = "Ce faux service ne garde pas de distributeurs."


class NewDealerInSchema(Schema):
    code = fields.String(
        validate=validate.Regexp(CODE_RRDI, error=CODE_RRDI_MESSAGE),
        metadata={"description": "its code RRDI (default: a free one drawn at random)"},
    )
    password = fields.String(
        validate=[
            validate.Length(8, 100),
            validate.Regexp(
                r"^[\x21-\x7e]+$", error="Le mot de passe : caractères ASCII visibles."
            ),
        ],
        metadata={"description": "its password on every system (default: drawn at random)"},
    )


def register_dealers(
    app: Flask,
    add: Callable[[Session, DemoDealer], None],
    reset: DealerChange,
    delete: DealerChange,
    of_request: Callable[[], str | None],
) -> None:
    """How this fake's store adds, resets (`POST /__admin/reset?dealer=`) and deletes a dealer,
    and tells the code RRDI of the dealer whose call a request is (None when it cannot)."""
    app.extensions["sandbox.dealer_store"] = (add, delete)
    app.extensions["sandbox.reset_dealer"] = reset
    app.extensions["sandbox.request_dealer"] = of_request


def forget_scoped(code_rrdi: str) -> None:
    """A dealer's own faults and clock removed (its reset, its deletion)."""
    faults.clear(dealer=code_rrdi)
    reset_clock(code_rrdi)


def _store() -> tuple[Callable[[Session, DemoDealer], None], DealerChange]:
    found = current_app.extensions.get("sandbox.dealer_store")
    if found is None:
        raise NoDealersHere()
    return found


def create(body: dict[str, Any]) -> dict[str, Any]:
    """The new dealer and its first connection, in one writer's transaction that the other
    admin writes wait for (SQLite's write lock; PostgreSQL's advisory lock): two creations of
    one code cannot both pass the check."""
    add, _ = _store()
    with current_database().session() as session:
        one_writer_at_a_time(session.connection())
        known = every_dealer(session)
        code = body.get("code") or random_code({d.code_rrdi for d in known})
        dealer = new_dealer(code, body.get("password"))
        clash = next(
            (d for d in known if dealer.code_rrdi == d.code_rrdi or dealer.icare_id == d.icare_id),
            None,
        )
        if clash is not None:
            raise DealerExists(
                f"Le distributeur {clash.code_rrdi} ({clash.icare_id}) existe déjà : choisissez "
                "un code RRDI dont les six chiffres sont libres."
            )
        keep(session, dealer)
        add(session, dealer)
    return dealer.credentials()


def remove(code_rrdi: str) -> None:
    _, delete = _store()
    with current_database().resetting() as session:  # as a reset: no writer of it beside
        one_writer_at_a_time(session.connection())
        dealer = find_dealer(session, code_rrdi)
        if dealer is None:
            raise DealerNotFound.of(code_rrdi)
        if not dealer.on_demand:
            raise DemoDealerKept()
        delete(session, dealer.code_rrdi)
        forget(session, dealer.code_rrdi)
    forget_scoped(dealer.code_rrdi)  # after: SQLite would wait on the transaction above


def listed() -> list[dict[str, Any]]:
    with current_database().new_session() as session:
        return [dealer.described() for dealer in every_dealer(session)]


def add_dealer_routes(bp: Blueprint) -> None:
    """The routes, on the admin blueprint (its token and its checks apply)."""

    @bp.route("/dealers")
    class Dealers(MethodView):
        def get(self) -> dict[str, Any]:
            """Every dealer the fake knows, the demo ones first."""
            return {"dealers": listed()}

        @bp.arguments(NewDealerInSchema)
        @bp.response(201)
        def post(self, body: dict[str, Any]) -> dict[str, Any]:
            """A new dealer, as on its first connection: its identifiers and secrets."""
            return create(body)

    @bp.route("/dealers/<code>")
    class Dealer(MethodView):
        @bp.response(204)
        def delete(self, code: str) -> None:
            """The dealer created on demand gone, with its data, faults and clock."""
            remove(code)
