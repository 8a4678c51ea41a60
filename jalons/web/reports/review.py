"""What the review screen shows: the figures of `compute_bilan` as French tables (through
`labels.rows`, like every export), the links from each exit count to the exits it counts,
the charts' data and the pace against the protocol's objectives."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from jalons.organisations.enums import PrescriberKind
from jalons.reports.bilan import BilanScope
from jalons.reports.labels import EXIT_KIND_LABELS, OBJECTIVE_LABELS, OTHER_EXIT_LABELS, rows
from jalons.reports.pace import Pace, compute_pace, protocol_for

# (section, label) of a review row → the exit line (`categorie` of the exits list).
EXIT_LINES: dict[tuple[str, str], str] = {
    ("Sorties", "Sorties positives"): "positive",
    ("Sorties", "Sorties en emploi stable et durable"): "employment",
    ("Sorties", "dont bénéficiaires du RSA"): "employment_rsa",
    **{("Sorties positives par type", label): key for key, label in EXIT_KIND_LABELS.items()},
    **{("Autres sorties", label): key for key, label in OTHER_EXIT_LABELS.items()},
}
# Over-cap training exits are training exits: the list shows all of them.
EXIT_LINES[("Sorties positives par type", EXIT_KIND_LABELS["formation_qualifiante_over_cap"])] = (
    "formation_qualifiante"
)
PUBLIC_SECTIONS = ("Public", "Niveau de qualification")
EXIT_SECTIONS = ("Sorties", "Sorties positives par type", "Autres sorties")


def percent(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f} %".replace(".", ",")


def exits_url(bilan: dict[str, Any], line: str, scope_query: dict[str, Any]) -> str:
    query: dict[str, Any] = {"du": bilan["period"]["from"], "au": bilan["period"]["to"]}
    if line:
        query["categorie"] = line
    query.update(scope_query)
    return f"{reverse('exits:list')}?{urlencode(query, doseq=True)}"


def sections(bilan: dict[str, Any], scope_query: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for section, label, value, share in rows(bilan):
        line = EXIT_LINES.get((section, label))
        grouped.setdefault(section, []).append(
            {
                "label": label,
                "value": value,
                "share": share,
                "url": exits_url(bilan, line, scope_query) if line and value else "",
            }
        )
    return grouped


def objectives(bilan: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for obj in bilan["objectives"]:
        is_percent = obj.get("unit") == "percent"
        label = str(OBJECTIVE_LABELS.get(obj["key"], obj["key"]))
        out.append(
            {
                "label": f"{label} (% des personnes accompagnées)" if is_percent else label,
                "target": percent(obj["target"], 0) if is_percent else obj["target"],
                "achieved": percent(obj["achieved"]) if is_percent else obj["achieved"],
                "rate": percent(obj["rate"] * 100),
                "is_percent": is_percent,
            }
        )
    return out


def charts(bilan: dict[str, Any], pace: Pace | None) -> dict[str, Any]:
    counts = [o for o in bilan["objectives"] if o.get("unit") != "percent"]
    return {
        "objectives": {
            "labels": [str(OBJECTIVE_LABELS.get(o["key"], o["key"])) for o in counts],
            "target": [o["target"] for o in counts],
            "achieved": [o["achieved"] for o in counts],
        },
        "prescribers": {
            "labels": [str(label) for _, label in PrescriberKind.choices],
            "values": [bilan["prescribers"][key] for key in PrescriberKind.values],
        },
        "pace": pace.chart_data() if pace else None,
    }


def pace_for(scope: BilanScope, today: date) -> tuple[Pace | None, str]:
    """The pace of the scope's PLIE over the protocol the period falls in (one PLIE: the
    objectives and the protocol are a PLIE's)."""
    if len(scope.plie_ids) != 1:
        return None, (
            "La courbe d'avancement se lit PLIE par PLIE : cochez un seul PLIE pour l'afficher."
        )
    protocol = protocol_for(scope.plie_ids[0], scope.start, scope.end)
    if protocol is None:
        return None, "Aucun protocole du PLIE ne couvre cette période : pas de courbe d'avancement."
    return compute_pace(scope, protocol, today), ""


def pace_summary(pace: Pace) -> list[dict[str, Any]]:
    out = []
    for series in pace.series:
        out.append(
            {
                "label": series.label,
                "current": series.current,
                "projected_end": series.projected_end,
                "target": series.target,
                "projected_rate": percent(series.projected_rate * 100, 0)
                if series.projected_rate is not None
                else "",
            }
        )
    return out


def review_context(
    bilan: dict[str, Any], scope: BilanScope, form: Any, today: date
) -> dict[str, Any]:
    scope_query = form.scope_query()
    grouped = sections(bilan, scope_query)
    pace, pace_note = pace_for(scope, today)
    charts_data = charts(bilan, pace)
    accompanied = bilan["accompanied"]
    positive, employment = bilan["exits_positive"], bilan["exits_employment"]
    return {
        "bilan": bilan,
        "start": scope.start,
        "end": scope.end,
        "plies": ", ".join(bilan["plie"]),
        "scope_description": form.scope_description(),
        "kpis": [
            {"label": "Personnes accompagnées", "value": accompanied, "share": ""},
            {"label": "Entrées sur la période", "value": bilan["entries"], "share": ""},
            {
                "label": "Sorties positives",
                "value": positive,
                "share": percent(positive / accompanied * 100) if accompanied else "–",
                "url": exits_url(bilan, "positive", scope_query) if positive else "",
            },
            {
                "label": "Sorties en emploi stable et durable",
                "value": employment,
                "share": percent(employment / accompanied * 100) if accompanied else "–",
                "url": exits_url(bilan, "employment", scope_query) if employment else "",
            },
        ],
        "public_tables": [(title, grouped.get(title, [])) for title in PUBLIC_SECTIONS],
        "exit_tables": [(title, grouped.get(title, [])) for title in EXIT_SECTIONS],
        "prescribers": grouped.get("Prescripteurs", []),
        "objectives": objectives(bilan),
        "objectives_chart_height": 70 + 45 * len(charts_data["objectives"]["labels"]),
        "charts": charts_data,
        "pace": pace,
        "pace_note": pace_note,
        "pace_summary": pace_summary(pace) if pace else [],
        "pace_has_targets": bool(pace and any(s.target for s in pace.series)),
        "pace_rows": pace.table() if pace else [],
        "all_exits_url": exits_url(bilan, "", scope_query),
    }
