"""The verdict as people and tools read it: text for the terminal, HTML to share (a section per
rule and one per vehicle), JUnit XML for CI (a test case per rule: failure, or skipped when not
observed; an error when there was nothing to judge), JSON for programs.

What a DMS sent reaches these reports: the terminal's text and the XML are stripped of control
characters (an escape sequence in a VIN would rewrite the screen, or make the XML unreadable),
the HTML is escaped.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

from jinja2 import Environment

from harness.conformance.checks import FAILED, PASSED, Proof
from harness.conformance.journal import Call
from harness.conformance.rules import Judged, Verdict

MARKS = {PASSED: "✔", FAILED: "✘"}
OUTCOMES = {PASSED: "passed", FAILED: "failed"}  # for programs; anything else: not_observed
UNOBSERVED_MARK = "·"
NOTHING_CASE = "Appels du point de vente au journal"
# C0 and C1 controls but the line feed, DEL, and the bidirectional overrides and isolates.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: str) -> str:
    """The text without the characters a terminal or an XML reader would act on."""
    return _CONTROLS.sub("", value)


def _mark(result: Judged) -> str:
    return MARKS.get(result.status, UNOBSERVED_MARK)


def heading(verdict: Verdict) -> str:
    since = f", journal depuis le {verdict.since:%d/%m/%Y %H:%M:%S}" if verdict.since else ""
    return f"Conformité du DMS du point de vente {verdict.dealer}{since}"


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def score_line(verdict: Verdict) -> str:
    observed, total = len(verdict.observed), len(verdict.results)
    passed = (
        f"{len(verdict.passed)}/{observed} règles observées réussies ({_percent(verdict.score)})"
        if observed
        else "aucune règle observée"
    )
    return (
        f"Score : {passed} ; couverture : {observed}/{total} règles observées "
        f"({_percent(verdict.coverage)})."
    )


def conclusion(verdict: Verdict) -> str:
    if verdict.failed:
        return f"Verdict : NON CONFORME ({len(verdict.failed)} règle(s) échouée(s))."
    if verdict.empty:
        nothing = (
            f"Verdict : rien à juger, aucun appel du point de vente {verdict.dealer} au journal"
            + (f" depuis le {verdict.since:%d/%m/%Y %H:%M:%S}" if verdict.since else "")
        )
        if verdict.allow_empty:
            return f"{nothing} (accepté : --allow-empty)."
        return (
            f"{nothing} : vérifiez l'URL du sandbox, le code RRDI et la période (--since) ; "
            "aucun verdict n'est rendu."
        )
    if not verdict.observed:
        return "Verdict : rien à juger, aucune règle observée."
    return "Verdict : conforme sur les règles observées."


def _indented(text: str, margin: int) -> list[str]:
    return [f"{'':{margin}}{line}" for line in text.split("\n")]


def as_text(verdict: Verdict) -> str:
    lines = [heading(verdict), ""]
    for result in verdict.results:
        lines.append(
            f"{_mark(result)} {result.status:<11} {result.rule.code:<24} {result.rule.title}"
        )
        lines.append(f"{'':14}{result.finding.summary}")
        for proof in result.finding.proofs:
            lines.extend(_indented(proof.describe(), 16))
    lines += ["", score_line(verdict), conclusion(verdict)]
    return printable("\n".join(lines) + "\n")


def _call_json(call: Call) -> dict[str, Any]:
    return {
        "fake": call.fake,
        "id": call.id,
        "time": call.received_at.isoformat(),
        "received_at": call.received_at.isoformat(timespec="milliseconds"),
        "answered_at": call.answered_at.isoformat(timespec="milliseconds"),
        "method": call.method,
        "path": call.path,
        "status": call.status,
    }


def _proof_json(proof: Proof) -> dict[str, Any]:
    subject = proof.subject
    return {
        **_call_json(proof.call),
        "note": proof.note,
        "vehicle": {
            "vin": subject.vin if subject else None,
            "plate": subject.plate if subject else None,
            "declaration_id": subject.declaration if subject else None,
            "declaration_number": subject.number if subject else None,
            "holder": subject.holder if subject else None,
            "job": subject.job if subject else None,
        },
        "field": proof.field_name,
        "value": proof.value,
        "field_errors": list(proof.field_errors),
        "earlier": _call_json(proof.earlier) if proof.earlier else None,
    }


def as_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "dealer": verdict.dealer,
        "since": verdict.since.isoformat() if verdict.since else None,
        "judged_at": verdict.judged_at.isoformat(),
        "conforms": verdict.conforms,
        "empty": verdict.empty,
        "calls_observed": verdict.calls,
        "exit_code": verdict.exit_code,
        "verdict": conclusion(verdict),
        "score": round(verdict.score, 4),
        "coverage": round(verdict.coverage, 4),
        "passed": len(verdict.passed),
        "observed": len(verdict.observed),
        "rules": [
            {
                "code": r.rule.code,
                "title": r.rule.title,
                "why": r.rule.why,
                "evidence": r.rule.evidence,
                "status": r.status,
                "outcome": OUTCOMES.get(r.status, "not_observed"),
                "summary": r.finding.summary,
                "calls": [_proof_json(p) for p in r.finding.proofs],
            }
            for r in verdict.results
        ],
    }


def as_json_text(verdict: Verdict) -> str:
    return json.dumps(as_json(verdict), ensure_ascii=False, indent=2) + "\n"


def as_junit(verdict: Verdict) -> str:
    nothing = verdict.empty and not verdict.allow_empty
    suite = ElementTree.Element(
        "testsuite",
        name=f"conformite-dms-{verdict.dealer}",
        tests=str(len(verdict.results) + int(verdict.empty)),
        failures=str(len(verdict.failed)),
        skipped=str(
            len(verdict.results)
            - len(verdict.observed)
            + int(verdict.empty and verdict.allow_empty)
        ),
        errors=str(int(nothing)),
        timestamp=verdict.judged_at.isoformat(timespec="seconds"),
    )
    classname = f"conformite.{verdict.dealer}"
    if verdict.empty:
        case = ElementTree.SubElement(suite, "testcase", classname=classname, name=NOTHING_CASE)
        kind = "error" if nothing else "skipped"
        ElementTree.SubElement(case, kind, message=conclusion(verdict))
    for result in verdict.results:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=classname,
            name=f"{result.rule.code} {result.rule.title}",
        )
        if result.status == FAILED:
            failure = ElementTree.SubElement(
                case, "failure", message=printable(result.finding.summary)
            )
            failure.text = printable("\n".join(p.describe() for p in result.finding.proofs))
        elif result.status != PASSED:
            ElementTree.SubElement(case, "skipped", message=result.finding.summary)
        else:
            ElementTree.SubElement(case, "system-out").text = result.finding.summary
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


_ENVIRONMENT = Environment(autoescape=True)
_ENVIRONMENT.filters["clean"] = printable
_HTML = _ENVIRONMENT.from_string(
    """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ heading }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .5rem; text-align: left; vertical-align: top; }
.réussi { color: #176b2c; } .échoué { color: #b00020; font-weight: bold; }
.non-observé { color: #777; } code, li { font-family: ui-monospace, monospace; font-size: .9em; }
.why { color: #555; font-size: .9em; } li { white-space: pre-wrap; }
</style></head><body>
<h1>{{ heading }}</h1>
<p><strong>{{ score }}</strong><br>{{ conclusion }}</p>
<h2>Par règle</h2>
<table>
<thead><tr><th>Règle</th><th>Résultat</th><th>Constat et preuves</th></tr></thead>
<tbody>
{% for r in results %}<tr id="regle-{{ r.rule.code }}">
<td><code>{{ r.rule.code }}</code><br>{{ r.rule.title }}
<br><span class="why">{{ r.rule.why }}</span>
<br><span class="why">Preuve : {{ r.rule.evidence }}</span></td>
<td class="{{ r.status | replace(' ', '-') }}">{{ mark(r) }} {{ r.status }}</td>
<td>{{ r.finding.summary }}{% if r.finding.proofs %}<ul>{% for p in r.finding.proofs %}
<li>{{ p.describe() | clean }}</li>{% endfor %}</ul>{% endif %}</td>
</tr>
{% endfor %}</tbody></table>
<h2>Par véhicule</h2>
{% for key, found in vehicles.items() %}<section class="vehicule">
<h3>{{ (found[0][1].subject.describe() if key else unnamed) | clean }}</h3>
<ul>{% for r, p in found %}
<li><a href="#regle-{{ r.rule.code }}">{{ r.rule.code }}</a>
{{ p.describe() | clean }}</li>{% endfor %}
</ul></section>
{% else %}<p>Aucun véhicule en défaut.</p>
{% endfor %}
</body></html>
"""
)


def as_html(verdict: Verdict) -> str:
    return _HTML.render(
        heading=heading(verdict),
        score=score_line(verdict),
        conclusion=conclusion(verdict),
        results=verdict.results,
        vehicles=verdict.by_vehicle(),
        unnamed="Sans véhicule (jetons, comptes, appels refusés)",
        mark=_mark,
    )
