"""MyIcare: look a contract up by its number and read its summary."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from fake_icare import store
from sandbox.db import request_session

bp = Blueprint("myicare", __name__, url_prefix="/myicare")

NOT_FOUND = "Aucun contrat ne porte le numéro {number}."


@bp.get("/")
def search() -> ResponseReturnValue:
    number = request.args.get("numero", "").strip().upper()
    if number:
        return redirect(url_for("myicare.contract", number=number))
    return render_template("icare/search.html")


@bp.get("/contrats/<number>")
def contract(number: str) -> ResponseReturnValue:
    found = store.contract_by_number(request_session(), number)
    if found is None:
        return render_template(
            "icare/search.html", number=number, error=NOT_FOUND.format(number=number)
        ), 404
    return render_template("icare/contract.html", c=found, d=found.data)
