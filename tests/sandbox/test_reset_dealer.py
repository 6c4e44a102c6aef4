"""`POST /__admin/reset?dealer=CODE` on every fake: that dealer's data goes, the others' stays."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.admin_client import AdminError, SandboxAdmin
from pvo_client.bdc_file import load_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import declare_psa
from sandbox.dealers import DEMO_DEALERS

BDC = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures"
        / "bdc"
        / "8120417-peugeot-208-puretech-allure.json"
    ).read_text(encoding="utf-8")
)
DEALERS = {dealer.code_rrdi: dealer.icare_id for dealer in DEMO_DEALERS}


def _declare_everywhere(
    sandbox: SandboxAdmin, valid_form: dict[str, Any], guidewire: GuidewireClient
) -> None:
    for index, (code, icare_id) in enumerate(DEALERS.items()):
        client = CentralisateurClient(sandbox.urls["centralisateur"], code, "spoticar")
        client.configure_profile(icare_id)
        client.submit(
            client.create_declaration({**valid_form, "vin": f"VR3{index:014d}"}, "spoticar").id
        )
        bdc = copy.deepcopy(BDC)
        bdc["site"]["code_rrdi"] = code
        assert declare_psa(load_bdc(bdc), guidewire).accepted


def _counts(sandbox: SandboxAdmin) -> dict[str, int]:
    counts = {}
    for code, icare_id in DEALERS.items():
        client = CentralisateurClient(sandbox.urls["centralisateur"], code, "spoticar")
        counts[f"centralisateur {code}"] = len(client.declarations())
        contracts = requests.get(
            f"{sandbox.urls['icare']}/api/v1/dealers/{icare_id}/contracts",
            auth=("centralisateur", "centralisateur-secret"),
            timeout=5,
        )
        counts[f"icare {code}"] = len(contracts.json())
    gw = sandbox.urls["guidewire"]
    token = requests.post(
        f"{gw}/oauth2/token",
        auth=("pvo2", "pvo2-secret"),
        timeout=5,
        data={"grant_type": "client_credentials"},
    ).json()["access_token"]
    jobs = requests.get(
        f"{gw}/job/v1/jobs", headers={"Authorization": f"Bearer {token}"}, timeout=5
    ).json()["data"]
    for code in DEALERS:
        counts[f"guidewire {code}"] = sum(
            1 for job in jobs if job["attributes"]["producerCode"]["id"] == code
        )
    return counts


def test_reset_of_one_dealer_on_every_fake(
    sandbox: SandboxAdmin, valid_form: dict[str, Any], guidewire_client: GuidewireClient
) -> None:
    _declare_everywhere(sandbox, valid_form, guidewire_client)
    assert set(_counts(sandbox).values()) == {1}
    sandbox.reset(dealer="953617Z")
    after = _counts(sandbox)
    assert {k: v for k, v in after.items() if "953617Z" in k} == {
        "centralisateur 953617Z": 0,
        "icare 953617Z": 0,
        "guidewire 953617Z": 0,
    }
    assert {k: v for k, v in after.items() if "751020A" in k} == {
        "centralisateur 751020A": 1,
        "icare 751020A": 1,
        "guidewire 751020A": 1,
    }
    with pytest.raises(AdminError) as unknown:
        sandbox.icare.reset(dealer="000000X")
    assert unknown.value.status == 404
