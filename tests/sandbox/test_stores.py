"""The Centralisateur's store on each backend (SQLite, and PostgreSQL when CI provides one)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fake_centralisateur import create_app

DEALER = ("953617Z", "spoticar")


def test_declarations_round_trip_and_numbers_survive_reset(
    database_url: str, valid_form: dict[str, Any]
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "ICARE_URL": "http://127.0.0.1:9",
            "TODAY": "2025-11-30",
        }
    )
    client = app.test_client()
    client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER)
    numbers = []
    for _ in range(2):
        draft = client.post(
            "/api/v1/declarations",
            json={"fields": valid_form, "commercial_warranty": "spoticar"},
            auth=DEALER,
        ).json
        declared = client.post(f"/api/v1/declarations/{draft['id']}/submit", auth=DEALER).json
        numbers.append(declared["number"])
    assert len(set(numbers)) == 2
    found = client.get("/api/v1/declarations", query_string={"q": "DUPOND"}, auth=DEALER).json
    assert {d["number"] for d in found} == set(numbers)
    assert found[0]["fields"]["date_naissance"] == "1960-05-17"

    assert client.post("/__admin/reset").status_code == 200
    assert client.get("/api/v1/declarations", auth=DEALER).json == []
    client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER)
    draft = client.post(
        "/api/v1/declarations",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        auth=DEALER,
    ).json
    after = client.post(f"/api/v1/declarations/{draft['id']}/submit", auth=DEALER).json
    assert after["number"] not in numbers  # a number given out is never given out again


def test_concurrent_submissions_get_distinct_numbers(
    database_url: str, valid_form: dict[str, Any]
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "ICARE_URL": "http://127.0.0.1:9",
            "TODAY": "2025-11-30",
        }
    )
    client = app.test_client()
    client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER)
    ids = [
        client.post(
            "/api/v1/declarations",
            json={"fields": valid_form, "commercial_warranty": "spoticar"},
            auth=DEALER,
        ).json["id"]
        for _ in range(12)
    ]

    def submit(public_id: str) -> str:
        response = app.test_client().post(f"/api/v1/declarations/{public_id}/submit", auth=DEALER)
        assert response.status_code == 200, response.json
        return response.json["number"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(submit, ids))
    assert len(set(numbers)) == 12
