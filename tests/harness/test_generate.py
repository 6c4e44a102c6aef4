"""Generated BDCs: valid files, varied, repeatable by seed, and declarable with both plugins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.admin_client import SandboxAdmin
from harness.cli import main
from harness.generate import bdc_faker, generate_bdc
from pvo_client.bdc_file import load_bdc, read_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.flow import declare
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import declare_psa
from sandbox import formats
from sandbox.dealers import DEMO_DEALERS

DAY = date(2025, 11, 30)


def test_the_command_writes_valid_varied_files_the_same_for_a_seed(tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main,
            ["generate", "bdc", "--count", "20", "--seed", "7", "--out", str(out)],
        )
        assert result.exit_code == 0, result.output
        assert "20 BDC écrits" in result.output
        runs.append({p.name: p.read_text(encoding="utf-8") for p in out.glob("*.json")})
    assert runs[0] == runs[1] and len(runs[0]) == 20
    bdcs = [read_bdc(tmp_path / "a" / name) for name in runs[0]]
    assert all(bdc.livraison is not None for bdc in bdcs)
    assert len({bdc.client.nom for bdc in bdcs}) > 10
    assert len({bdc.vehicle.modele for bdc in bdcs}) > 3
    assert len({bdc.site.code_rrdi for bdc in bdcs}) == len(DEMO_DEALERS)
    for bdc in bdcs:
        assert formats.is_siret(bdc.site.siret)
        assert formats.is_plate(bdc.vehicle.immatriculation)
        assert formats.is_vin(bdc.vehicle.vin or "")


def test_another_seed_gives_other_bdcs() -> None:
    first, other = generate_bdc(bdc_faker(1), DAY), generate_bdc(bdc_faker(2), DAY)
    assert first["client"] != other["client"] and first["vehicule"] != other["vehicule"]


def _sandbox_today(sandbox: SandboxAdmin) -> date:
    return date.fromisoformat(sandbox.centralisateur.clock()["today"])


@settings(
    max_examples=15,
    derandomize=True,  # the same seeds on every run: a failure is repeatable, never luck
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_generated_bdc_is_declared_with_both_plugins(
    sandbox: SandboxAdmin, seed: int
) -> None:
    data = generate_bdc(bdc_faker(seed), _sandbox_today(sandbox))
    bdc = load_bdc(data)
    dealer = next(d for d in DEMO_DEALERS if d.code_rrdi == bdc.site.code_rrdi)
    portal = CentralisateurClient(sandbox.urls["centralisateur"], *dealer.login)
    spoticar = declare(bdc, portal, configure_profile=True)
    assert spoticar.accepted and spoticar.contract_number, spoticar.messages
    with GuidewireClient(sandbox.urls["guidewire"], "pvo2", "pvo2-secret") as guidewire:
        psa = declare_psa(bdc, guidewire)
    assert psa.accepted and psa.policy_number, psa.messages
