"""Magic values: inputs that make a fake fail in a given way, with no admin call (as Stripe's
test card numbers do). One table, read by the fakes and printed in the README.

Each row has a scenario in features/valeurs_magiques.feature.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MagicValue:
    value: str
    field: str
    fake: str
    effect: str


ICARE_UNAVAILABLE_VIN = "ZZZ00000000000503"
ICARE_BLOCKED_VIN = "ZZZ00000000000422"
GUIDEWIRE_DECLINED_LAST_NAME = "REFUS"

TABLE = (
    MagicValue(
        ICARE_UNAVAILABLE_VIN,
        "VIN",
        "Icare",
        "Icare answers 503: the declaration is recorded and its contract stays pending "
        '("contrat en attente"), retries included',
    ),
    MagicValue(
        ICARE_BLOCKED_VIN,
        "VIN",
        "Icare",
        "Icare refuses the vehicle (VEHICLE_NOT_ELIGIBLE): the dealer sees Icare's "
        "message on the form",
    ),
    MagicValue(
        GUIDEWIRE_DECLINED_LAST_NAME,
        "client's last name",
        "Guidewire",
        "PSA Assurance declines the quote (gw.job.uw.UWAuthorityBlocksProgressException)",
    ),
)


def markdown() -> str:
    lines = ["| value | field | fake | effect |", "| --- | --- | --- | --- |"]
    lines += [f"| `{m.value}` | {m.field} | {m.fake} | {m.effect} |" for m in TABLE]
    return "\n".join(lines) + "\n"
