"""What an integrator does first: generate a Python client from each committed OpenAPI document
(openapi-python-client, as pinned in the `test` extras), then call a running sandbox with that
client alone. Every answer must come back typed: a draft, a 422's `field_errors` as objects, a
contract number, Guidewire's and OAuth2's own errors. A route that disappears from a document
fails the import; a refusal whose schema is lost comes back `parsed=None` and fails its test.
"""

from __future__ import annotations

import base64
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.demo import DEMO_DECLARATION
from harness.servers import Sandbox, start_sandbox
from sandbox.dealers import AXILOG

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "openapi"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
TODAY = "2025-11-30"
# The draft PVO² hands over first: the customer and the sale, not yet the vehicle.
VEHICLE = ("marque", "modele", "version", "vin", "immatriculation", "date_premiere_immat")


# A contract as the Centralisateur asks Icare for one.
CONTRACT: dict[str, Any] = {
    "declaration_ref": "contract-test-1",
    "dealer_icare_id": AXILOG.icare_id,
    "selling_dealer": {
        "name": AXILOG.name,
        "code_rrdi": AXILOG.code_rrdi,
        "address": AXILOG.address,
        "postal_code": AXILOG.postal_code,
        "city": AXILOG.city,
    },
    "warranty": {
        "level": "SPOTICAR PREMIUM",
        "duration_months": 12,
        "start_date": "2025-11-30",
        "end_date": "2026-11-30",
    },
    "vehicle": {
        "vin": "VR3UPHNKSNT000002",
        "registration": "AB-124-CD",
        "make": "PEUGEOT",
        "model": "208",
        "vehicle_type": "VP",
        "energy": "ESSENCE",
        "first_registration_date": "2023-05-11",
        "mileage": 12000,
    },
    "holder": {
        "civility": "Monsieur",
        "last_name": "Dupond",
        "first_name": "Jean",
        "birth_date": "1960-05-17",
        "address": "12 rue Spoticar",
        "postal_code": "75010",
        "city": "PARIS",
    },
}


def generate(document: Path, folder: Path, package: str) -> None:
    """openapi-python-client's package for `document`, in `folder`."""
    config = folder / f"{package}.yaml"
    config.write_text(f"package_name_override: {package}\npost_hooks: []\n")
    command = [str(GENERATOR), "generate", "--path", str(document), "--meta", "none"]
    command += ["--output-path", str(folder / package), "--config", str(config)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each document's client, generated once for the module: fake -> package name; and the
    Centralisateur's from a document whose submit lost its 422 schema (`lossy`)."""
    folder = tmp_path_factory.mktemp("generated")
    packages = {}
    for name in ("centralisateur", "icare", "guidewire", "pvo2"):
        packages[name] = f"generated_{name}_client"
        generate(DOCS / f"{name}.json", folder, packages[name])
    lossy = json.loads((DOCS / "centralisateur.json").read_text(encoding="utf-8"))
    del lossy["paths"]["/api/v1/declarations/{public_id}/submit"]["post"]["responses"]["422"][
        "content"
    ]
    (folder / "lossy.json").write_text(json.dumps(lossy))
    packages["lossy"] = "generated_lossy_client"
    generate(folder / "lossy.json", folder, packages["lossy"])
    sys.path.insert(0, str(folder))
    yield packages
    sys.path.remove(str(folder))
    for module in [m for m in sys.modules if m.startswith("generated_")]:
        del sys.modules[module]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    today = {"TODAY": TODAY}
    running = start_sandbox(
        tmp_path_factory.mktemp("sandbox"),
        {"centralisateur": today, "icare": today, "guidewire": today, "pvo2": today},
    )
    yield running
    for server in running.servers.values():
        server.stop()


def load(package: str, module: str) -> Any:
    return importlib.import_module(f"{package}.{module}")


def basic(package: str, url: str, user: str, password: str) -> Any:
    """The generated client, signed in with HTTP Basic."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return load(package, "client").AuthenticatedClient(base_url=url, token=token, prefix="Basic")


def test_the_centralisateur_client_declares_and_reads_the_refusals(
    clients: dict[str, str], sandbox: Sandbox
) -> None:
    package = clients["centralisateur"]
    models = load(package, "models")
    api = f"{package}.api.declarations_api"
    client = basic(package, sandbox.urls["centralisateur"], AXILOG.code_rrdi, AXILOG.password)
    profile = importlib.import_module(f"{api}.put_profile").sync_detailed(
        client=client, body=models.ProfileIn(icare_id=AXILOG.icare_id)
    )
    assert profile.status_code == 200
    assert isinstance(profile.parsed, models.ProfileOut)
    assert profile.parsed.profile_configured is True

    first = {k: v for k, v in DEMO_DECLARATION.items() if k not in VEHICLE}
    created = importlib.import_module(f"{api}.post_declarations").sync_detailed(
        client=client,
        body=models.DeclarationIn(
            fields=models.DraftFieldsIn.from_dict(first),
            commercial_warranty=models.DeclarationInCommercialWarranty.SPOTICAR,
        ),
    )
    assert created.status_code == 201
    draft = created.parsed
    assert isinstance(draft, models.DeclarationOut)
    assert (draft.status, draft.contract, draft.documents) == ("brouillon", None, None)

    submit = importlib.import_module(f"{api}.submit")
    refused = submit.sync_detailed(draft.id, client=client)
    assert refused.status_code == 422
    assert isinstance(refused.parsed, models.SandboxError)
    assert refused.parsed.error_code == "FORM_INVALID"
    lines = refused.parsed.field_errors
    assert all(isinstance(line, models.FieldError) for line in lines)
    assert [(e.field, e.label, e.message) for e in lines] == [
        ("immatriculation", "Immatriculation", "Le champ immatriculation est obligatoire"),
        (
            "date_premiere_immat",
            "Date première immat.",
            "Le champ date première immat. est obligatoire",
        ),
        ("marque", "Marque", "Le champ marque est obligatoire"),
        ("modele", "Modèle véhicule", "Le champ modèle véhicule est obligatoire"),
        ("version", "Version", "Le champ version est obligatoire"),
        ("vin", "VIN", "Le champ VIN est obligatoire"),
    ]

    rest = {k: v for k, v in DEMO_DECLARATION.items() if k in VEHICLE}
    completed = importlib.import_module(f"{api}.patch_declaration_item").sync_detailed(
        draft.id,
        client=client,
        body=models.DeclarationIn(fields=models.DraftFieldsIn.from_dict(rest)),
    )
    assert completed.status_code == 200
    assert isinstance(completed.parsed, models.DeclarationOut)

    declared = submit.sync_detailed(draft.id, client=client)
    assert declared.status_code == 200
    declaration = declared.parsed
    assert isinstance(declaration, models.DeclarationOut)
    assert declaration.status == "déclarée"
    assert isinstance(declaration.contract, models.ContractOut)
    assert declaration.contract.number.startswith("IC")
    assert declaration.contract.status == models.ContractOutStatus("créé")
    assert declaration.documents.certificat_pdf.endswith("/certificat.pdf")
    # The answer's formats: ISO dates and decimal amounts, as the document says.
    assert declaration.fields["date_livraison"] == "2025-11-30"

    again = submit.sync_detailed(draft.id, client=client)
    assert again.status_code == 409
    assert (again.parsed.error_code, type(again.parsed)) == ("NOT_A_DRAFT", models.SandboxError)


def test_the_icare_client_creates_a_contract_and_reads_a_refusal(
    clients: dict[str, str], sandbox: Sandbox
) -> None:
    package = clients["icare"]
    models = load(package, "models")
    client = basic(package, sandbox.urls["icare"], "centralisateur", "centralisateur-secret")
    missing = load(package, "api.contracts.get_contract").sync_detailed(
        "IC0000-0000000", client=client
    )
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.SandboxError)
    assert missing.parsed.error_code == "CONTRACT_NOT_FOUND"
    assert missing.parsed.message == "Aucun contrat ne porte le numéro « IC0000-0000000 »."

    listed = load(package, "api.contracts.dealer_contracts").sync_detailed(
        AXILOG.icare_id, client=client
    )
    assert listed.status_code == 200
    assert all(isinstance(contract, models.ContractOut) for contract in listed.parsed)

    create = load(package, "api.contracts.create_contract")
    created = create.sync_detailed(client=client, body=models.ContractIn.from_dict(CONTRACT))
    assert created.status_code == 201, created.content
    contract = created.parsed
    assert isinstance(contract, models.ContractOut)
    assert contract.status == models.ContractOutStatus.EN_VIGUEUR
    assert contract.vehicle.make == "PEUGEOT"

    too_long = {**CONTRACT, "declaration_ref": "contract-test-2"}
    too_long["vehicle"] = {**CONTRACT["vehicle"], "make": "M" * 51}
    refused = create.sync_detailed(client=client, body=models.ContractIn.from_dict(too_long))
    assert refused.status_code == 422
    assert isinstance(refused.parsed, models.SandboxError)
    assert all(isinstance(line, models.FieldError) for line in refused.parsed.field_errors)
    assert [(e.field, e.message) for e in refused.parsed.field_errors] == [
        ("vehicle.make", "Entre 1 et 50 caractères sont attendus.")
    ]


def test_the_guidewire_client_opens_an_account_and_reads_guidewire_errors(
    clients: dict[str, str], sandbox: Sandbox
) -> None:
    package = clients["guidewire"]
    models = load(package, "models")
    url = sandbox.urls["guidewire"]
    anonymous = load(package, "client").Client(base_url=url)
    token = load(package, "api.oauth2.token")
    wrong = token.sync_detailed(
        client=anonymous,
        body=models.TokenIn(
            grant_type=models.TokenInGrantType.CLIENT_CREDENTIALS,
            client_id="pvo2",
            client_secret="wrong",
        ),
    )
    assert wrong.status_code == 401
    assert isinstance(wrong.parsed, models.OAuthError)
    assert wrong.parsed.error == models.OAuthErrorError.INVALID_CLIENT

    granted = token.sync_detailed(
        client=anonymous,
        body=models.TokenIn(
            grant_type=models.TokenInGrantType.CLIENT_CREDENTIALS,
            client_id="pvo2",
            client_secret="pvo2-secret",
        ),
    )
    assert isinstance(granted.parsed, models.TokenOut)
    client = load(package, "client").AuthenticatedClient(
        base_url=url, token=granted.parsed.access_token
    )
    person = {
        "firstName": "Jean",
        "lastName": "Dupond",
        "dateOfBirth": "1960-05-17",
        "emailAddress1": "jean.dupond@exemple.fr",
        "cellPhone": {"phoneNumber": "06 07 08 09 10"},
        "primaryAddress": {
            "addressLine1": "12 rue Spoticar",
            "city": "PARIS",
            "postalCode": "75010",
        },
    }
    body = {
        "data": {
            "attributes": {
                "initialAccountHolder": person,
                "producerCodes": [{"id": AXILOG.code_rrdi}],
            }
        }
    }
    created = load(package, "api.accounts.create_account").sync_detailed(
        client=client, body=models.AccountIn.from_dict(body)
    )
    assert created.status_code == 201, created.content
    assert isinstance(created.parsed, models.AccountOut)
    assert created.parsed.data.attributes.account_holder.last_name == "Dupond"

    missing = load(package, "api.jobs.get_job").sync_detailed("pc:0", client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.GuidewireError)
    assert missing.parsed.error_code == "gw.api.rest.exceptions.NotFoundException"


def test_the_desk_client_loads_a_bdc_and_reads_its_refusal(
    clients: dict[str, str], sandbox: Sandbox
) -> None:
    package = clients["pvo2"]
    models = load(package, "models")
    client = basic(package, sandbox.urls["pvo2"], "hakim.ab", "pvo2")
    document = json.loads(
        (ROOT / "fixtures" / "bdc" / "8120417-peugeot-208-puretech-allure.json").read_text()
    )
    loaded = load(package, "api.bdc_api.post_bdcs").sync_detailed(
        client=client, body=models.BdcIn.from_dict(document)
    )
    assert loaded.status_code == 201, loaded.content
    assert isinstance(loaded.parsed, models.ImportedOut)
    assert loaded.parsed.numero == "8120417"

    read = load(package, "api.bdc_api.get_bdc_item").sync_detailed("8120417", client=client)
    assert isinstance(read.parsed, models.BdcOut)
    assert read.parsed.vehicule.immatriculation == "AA-000-AA"

    document["numero"] = "9990003"
    document["vehicule"]["vin"] = "VF1BR1GOH41002888"  # an O
    refused = load(package, "api.bdc_api.post_bdcs").sync_detailed(
        client=client, body=models.BdcIn.from_dict(document)
    )
    assert refused.status_code == 422
    assert isinstance(refused.parsed, models.SandboxError)
    assert [(e.field, e.message) for e in refused.parsed.field_errors] == [
        ("vehicule.vin", "Le VIN doit compter 17 caractères, chiffres et lettres sauf I, O et Q")
    ]
    assert all(isinstance(line, models.FieldError) for line in refused.parsed.field_errors)


def test_a_refusal_without_its_schema_is_lost_to_the_generated_client(
    clients: dict[str, str], sandbox: Sandbox
) -> None:
    """Why the tests above read every refusal: without its schema, a 422 parses to None."""
    package = clients["lossy"]
    models = load(package, "models")
    client = basic(package, sandbox.urls["centralisateur"], AXILOG.code_rrdi, AXILOG.password)
    api = f"{package}.api.declarations_api"
    importlib.import_module(f"{api}.put_profile").sync_detailed(
        client=client, body=models.ProfileIn(icare_id=AXILOG.icare_id)
    )
    created = importlib.import_module(f"{api}.post_declarations").sync_detailed(
        client=client, body=models.DeclarationIn(fields=models.DraftFieldsIn(nom="Dupond"))
    )
    refused = importlib.import_module(f"{api}.submit").sync_detailed(
        created.parsed.id, client=client
    )
    assert (refused.status_code, refused.parsed) == (422, None)


def test_each_running_fake_names_its_own_address(sandbox: Sandbox) -> None:
    """Served on a free port, not the default one: `servers` says that port."""
    for name, url in sandbox.urls.items():
        spec = requests.get(f"{url}/api/openapi.json", timeout=5).json()
        assert [server["url"] for server in spec["servers"]] == [url], name
