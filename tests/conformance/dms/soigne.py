"""A careful DMS, "Garage Soigné", written from the README and the Centralisateur's OpenAPI only
(plain `requests`, nothing of this repository): it declares three vehicles of its own.

What it does right, each on purpose:
- configures its profile before each declaration (the same PUT: changes nothing, no burst);
- its BDCs carry no birth data: it leaves them to the dealer, shows the 422's field_errors,
  and sends what the dealer gives with PATCH before submitting again;
- waits the Retry-After of a 503 before retrying, with the same Idempotency-Key;
- completes a pending contract with POST /declarations/{id}/contract, never declares again;
- insures one vehicle at PSA Assurance: one token kept while valid, a GW-DBTransaction-ID on
  every POST, the job's checksum sent back on quote and bind-and-issue.

Its known mistakes, beside it: soigne.erreurs.json (none).

Run: CENTRALISATEUR_URL=… ICARE_URL=… GUIDEWIRE_URL=… DEALER=953617Z PASSWORD=spoticar
     python soigne.py
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import date, timedelta
from typing import Any

import requests

CENTRALISATEUR = os.environ["CENTRALISATEUR_URL"].rstrip("/")
ICARE = os.environ["ICARE_URL"].rstrip("/")
GUIDEWIRE = os.environ["GUIDEWIRE_URL"].rstrip("/")
API = f"{CENTRALISATEUR}/api/v1"
AUTH = (os.environ.get("DEALER", "953617Z"), os.environ.get("PASSWORD", "spoticar"))
TIMEOUT = 15
TODAY = date.today()


def jj_mm_aaaa(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=min(day.day, 28))


# The garage's stock, as its own database holds it.
STOCK = [
    {
        "client": ("Madame", "Lemaire", "Odile", "4 allée des Tilleuls", "69003", "LYON"),
        "vehicle": ("RENAULT", "CLIO V", "TCe 90 Evolution", "VF1RJA00368512345", "FK-218-QD"),
        "energy": "ESSENCE",
        "registered": TODAY - timedelta(days=2 * 365),
        "km": 31200,
        "price": "14 490,00",
        "birth": None,  # not on this BDC: the dealer gives it
    },
    {
        "client": ("Monsieur", "Carvalho", "Nuno", "12 rue du Port", "44000", "NANTES"),
        "vehicle": ("PEUGEOT", "3008", "1.2 PureTech 130 Allure", "VF3MCYHZRKS123456", "GB-731-NP"),
        "energy": "ESSENCE",
        "registered": TODAY - timedelta(days=3 * 365),
        "km": 45800,
        "price": "21 900,00",
        "birth": ("08/02/1979", "Porto", "Portugal"),
    },
    {
        "client": ("Madame", "Girard", "Hélène", "27 avenue Foch", "54000", "NANCY"),
        "vehicle": (
            "CITROEN",
            "C5 AIRCROSS",
            "BlueHDi 130 Shine",
            "VR7ACYHZRLJ654321",
            "EZ-904-LM",
        ),
        "energy": "DIESEL",
        "registered": TODAY - timedelta(days=4 * 365),
        "km": 61500,
        "price": "19 750,00",
        "birth": ("30/10/1968", "Metz", "France"),
    },
]
# What the dealer answers when the form asks for the birth data this garage's BDCs lack.
DEALER_ANSWERS = {
    "date_naissance": "21/06/1985",
    "lieu_naissance": "Lyon",
    "pays_naissance": "France",
}


def form(car: dict[str, Any]) -> dict[str, Any]:
    """The Centralisateur form's values, as the README's examples write them."""
    civilite, nom, prenom, adresse, code_postal, ville = car["client"]
    marque, modele, version, vin, plaque = car["vehicle"]
    delivery = TODAY - timedelta(days=3)
    values = {
        "vendeur": "SP953617Z000042",
        "origine_vente": "Showroom",
        "civilite": civilite,
        "nom": nom,
        "prenom": prenom,
        "adresse": adresse,
        "code_postal": code_postal,
        "ville": ville,
        "pays_residence": "France",
        "nationalite": "France",
        "type_vehicule": "VP",
        "energie": car["energy"],
        "immatriculation": plaque,
        "date_premiere_immat": jj_mm_aaaa(car["registered"]),
        "puissance_din": "130",
        "km_vente": str(car["km"]),
        "date_livraison": jj_mm_aaaa(delivery),
        "km_garantie_constructeur": "100000",
        "marque": marque,
        "modele": modele,
        "version": version,
        "vin": vin,
        "prix_vente": car["price"],
        "garantie": "SPOTICAR ESSENTIAL",
        "duree": "6",
        "date_debut_garantie": jj_mm_aaaa(delivery),
        "date_fin_garantie": jj_mm_aaaa(months_later(delivery, 6)),
        "produit_fidelisation": "Aucun",
    }
    if car["birth"]:
        born, place, country = car["birth"]
        values |= {"date_naissance": born, "lieu_naissance": place, "pays_naissance": country}
    return values


def call(method: str, path: str, **kwargs: Any) -> requests.Response:
    """One call; a 503 or 429 is retried after its Retry-After, with the same request (and the
    same Idempotency-Key for a POST), at most three times."""
    headers = kwargs.pop("headers", {})
    if method == "POST":
        headers.setdefault("Idempotency-Key", str(uuid.uuid4()))
    for _ in range(3):
        response = requests.request(
            method, f"{API}{path}", auth=AUTH, headers=headers, timeout=TIMEOUT, **kwargs
        )
        if response.status_code not in (429, 503):
            return response
        wait = float(response.headers.get("Retry-After", "1"))
        print(f"  {response.status_code} : nouvel essai dans {wait:g} s")
        time.sleep(wait)
    return response


def expect(response: requests.Response, *statuses: int) -> dict[str, Any]:
    if response.status_code not in statuses:
        raise SystemExit(f"réponse inattendue {response.status_code} : {response.text}")
    return response.json()


def fault(base: str, rule: dict[str, Any]) -> None:
    """The situation to try, as `pvo-sandbox conformance scenario` prepares it (admin API)."""
    requests.post(f"{base}/__admin/faults", json=rule, timeout=TIMEOUT).raise_for_status()


def declare(car: dict[str, Any]) -> dict[str, Any]:
    expect(call("PUT", "/profile", json={"icare_id": "IC-953617"}), 200)
    draft = expect(
        call(
            "POST", "/declarations", json={"commercial_warranty": "spoticar", "fields": form(car)}
        ),
        201,
    )
    submitted = call("POST", f"/declarations/{draft['id']}/submit")
    if submitted.status_code == 422:
        refusal = submitted.json()
        asked = {line["field"] for line in refusal.get("field_errors", [])}
        for line in refusal.get("field_errors", []):
            print(f"  à compléter par le vendeur : {line['label']} — {line['message']}")
        if not asked or not asked <= set(DEALER_ANSWERS):
            raise SystemExit(f"refus que le vendeur ne sait pas corriger : {refusal}")
        correction = {name: DEALER_ANSWERS[name] for name in sorted(asked)}
        expect(call("PATCH", f"/declarations/{draft['id']}", json={"fields": correction}), 200)
        submitted = call("POST", f"/declarations/{draft['id']}/submit")
    declared = expect(submitted, 200)
    contract = declared.get("contract") or {}
    if contract.get("status") == "en attente":
        print(f"  contrat en attente : {contract.get('message')}")
        time.sleep(0.5)
        declared = expect(call("POST", f"/declarations/{draft['id']}/contract"), 200)
    return declared


class PsaAssurance:
    """PSA Assurance's Cloud API: one OAuth2 token, kept until it is about to expire."""

    def __init__(self) -> None:
        self.token, self.expires = "", 0.0

    def bearer(self) -> str:
        if time.monotonic() > self.expires - 60:
            answer = requests.post(
                f"{GUIDEWIRE}/oauth2/token",
                data={"grant_type": "client_credentials"},
                auth=("pvo2", "pvo2-secret"),
                timeout=TIMEOUT,
            )
            granted = expect(answer, 200)
            self.token = granted["access_token"]
            self.expires = time.monotonic() + granted["expires_in"]
        return self.token

    def post(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        headers = {
            "Authorization": f"Bearer {self.bearer()}",
            "GW-DBTransaction-ID": str(uuid.uuid4()),
        }
        answer = requests.post(
            f"{GUIDEWIRE}{path}", json={"data": data}, headers=headers, timeout=TIMEOUT
        )
        return expect(answer, 200, 201)["data"]


def insure(car: dict[str, Any]) -> str:
    """The vehicle's mechanical breakdown cover at PSA Assurance; its policy number."""
    _civilite, nom, prenom, adresse, code_postal, ville = car["client"]
    marque, modele, _version, vin, plaque = car["vehicle"]
    psa = PsaAssurance()
    holder = {
        "firstName": prenom,
        "lastName": nom,
        "dateOfBirth": "1979-02-08",
        "emailAddress1": f"{prenom.lower()}.{nom.lower()}@example.fr",
        "cellPhone": {"phoneNumber": "0612345678"},
        "primaryAddress": {"addressLine1": adresse, "city": ville, "postalCode": code_postal},
    }
    account = psa.post(
        "/account/v1/accounts",
        {"attributes": {"initialAccountHolder": holder, "producerCodes": [{"id": AUTH[0]}]}},
    )
    vehicle = {
        "vin": vin,
        "licensePlate": plaque,
        "make": marque,
        "model": modele,
        "firstRegistrationDate": car["registered"].isoformat(),
        "odometer": car["km"],
        "price": {"amount": car["price"].replace(" ", "").replace(",", ".")},
    }
    job = psa.post(
        "/job/v1/submissions",
        {
            "attributes": {
                "account": {"id": account["id"]},
                "baseState": {"code": "FR"},
                "jobEffectiveDate": TODAY.isoformat(),
                "producerCode": {"id": AUTH[0]},
                "product": {"id": "PSAUsedVehicle"},
                "vehicle_Ext": vehicle,
                "cover_Ext": {"code": "PANNE_MECANIQUE_12"},
            }
        },
    )
    quoted = psa.post(f"/job/v1/jobs/{job['id']}/quote", {"checksum": job["checksum"]})
    bound = psa.post(f"/job/v1/jobs/{job['id']}/bind-and-issue", {"checksum": quoted["checksum"]})
    return str(bound["attributes"].get("policyNumber"))


def main() -> None:
    situations = [
        None,
        {
            "path": "/api/v1/declarations",
            "method": "POST",
            "action": "status",
            "status": 503,
            "times": 1,
        },
        {
            "path": "/api/v1/contracts",
            "method": "POST",
            "action": "status",
            "status": 503,
            "times": 1,
        },
    ]
    for car, situation in zip(STOCK, situations, strict=True):
        if situation is not None:
            fault(ICARE if situation["path"] == "/api/v1/contracts" else CENTRALISATEUR, situation)
        declared = declare(car)
        print(
            f"{car['vehicle'][3]} déclaré : n° {declared['number']}, "
            f"contrat {declared['contract']['status']}"
        )
    print(f"{STOCK[1]['vehicle'][3]} assuré chez PSA Assurance : police {insure(STOCK[1])}")


if __name__ == "__main__":
    main()
