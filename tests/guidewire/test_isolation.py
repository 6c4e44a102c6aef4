"""No OAuth2 client reaches another's resources: every route of the Cloud API that takes an
account, job or policy id answers another client 404 (as Guidewire does when the caller may
not see the resource) and changes nothing."""

from __future__ import annotations

from flask import Flask

from tests.guidewire.guidewire_actions import GuidewireActions

NOT_FOUND = "gw.api.rest.exceptions.NotFoundException"


def test_every_route_with_an_id_answers_another_client_404(gw: GuidewireActions) -> None:
    quoted = gw.draft()
    gw.quote(quoted)
    drafted = gw.draft(last_name="Martin")
    bound = gw.bind(quoted).json["data"]["attributes"]
    other = gw.as_other()
    before = [gw.get(f"/job/v1/jobs/{job}").json for job in (quoted, drafted)]
    for response in (
        other.get(f"/account/v1/accounts/{bound['account']['id']}"),
        other.get(f"/job/v1/jobs/{drafted}"),
        other.get(f"/policy/v1/policies/{bound['policy']['id']}"),
        other.quote(drafted),
        other.bind(drafted),
        other.post(f"/job/v1/jobs/{drafted}/withdraw", None),
    ):
        gw.error(response, 404, NOT_FOUND)
    assert [gw.get(f"/job/v1/jobs/{job}").json for job in (quoted, drafted)] == before


def test_the_test_above_covers_every_route_that_takes_an_id(app: Flask) -> None:
    with_id = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "<" in rule.rule and not rule.rule.startswith(("/__admin", "/static", "/api/docs"))
    }
    assert with_id == {
        "accounts.get_account",
        "jobs.get_job",
        "jobs.quote",
        "jobs.bind_and_issue",
        "jobs.withdraw",
        "policies.get_policy",
    }
