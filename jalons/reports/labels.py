"""French labels of the review's figures, shared by the screen and every export format."""

from typing import Any

from jalons.organisations.enums import PrescriberKind
from jalons.protocols.enums import TargetKey

QUALIFICATION_LABELS = {
    "VI_Vbis": "Niveaux VI et V bis (niveaux 1 et 2)",
    "V": "Niveau V (CAP, BEP – niveau 3)",
    "IV": "Niveau IV (baccalauréat – niveau 4)",
    "III_and_above": "Niveau III et plus (bac + 2 et au-delà)",
    "unknown": "Niveau non renseigné",
}
EXIT_KIND_LABELS = {
    "cdi": "CDI (mi-temps ou plus, validé à 6 mois)",
    "cdd": "CDD de 6 mois ou plus (mi-temps ou plus)",
    "interim": "Intérim (936 h en 9 mois ou 624 h en 6 mois)",
    "creation_activite": "Création ou reprise d'activité",
    "formation_qualifiante": "Formations qualifiantes (dans la limite du plafond)",
    "formation_qualifiante_over_cap": "Formations qualifiantes hors plafond",
    "committee": "Décisions du Comité de pilotage",
}
OTHER_EXIT_LABELS = {
    "abandon": "Abandons de parcours",
    "demenagement": "Déménagements",
    "deces": "Décès",
    "retraite": "Retraites",
    "autre": "Autres sorties",
}
OBJECTIVE_LABELS = dict(TargetKey.choices)


def rows(bilan: dict[str, Any]) -> list[tuple[str, str, int | float | str, str]]:
    """The review as (section, label, value, share) rows, shares in French percent."""
    acc = bilan["accompanied"]
    pos = bilan["exits_positive"]

    def pct(part: int, whole: int) -> str:
        return f"{part / whole * 100:.1f} %".replace(".", ",") if whole else "–"

    out: list[tuple[str, str, int | float | str, str]] = [
        ("Public", "Personnes accompagnées", acc, ""),
        ("Public", "dont entrées sur la période", bilan["entries"], pct(bilan["entries"], acc)),
        ("Public", "Femmes", bilan["women"], pct(bilan["women"], acc)),
        ("Public", "Hommes", bilan["men"], pct(bilan["men"], acc)),
        ("Public", "Bénéficiaires du RSA", bilan["rsa"], pct(bilan["rsa"], acc)),
        ("Public", "Demandeurs d'emploi de longue durée", bilan["deld"], pct(bilan["deld"], acc)),
        ("Public", "Travailleurs handicapés (RQTH)", bilan["rqth"], pct(bilan["rqth"], acc)),
        (
            "Public",
            "Résidents d'un quartier prioritaire (QPV)",
            bilan["qpv"],
            pct(bilan["qpv"], acc),
        ),
    ]
    for key, label in QUALIFICATION_LABELS.items():
        out.append(
            (
                "Niveau de qualification",
                label,
                bilan["qualification"][key],
                pct(bilan["qualification"][key], acc),
            )
        )
    for key, label in PrescriberKind.choices:
        out.append(
            (
                "Prescripteurs",
                str(label),
                bilan["prescribers"][key],
                pct(bilan["prescribers"][key], acc),
            )
        )
    out += [
        ("Sorties", "Sorties positives", pos, pct(pos, acc)),
        (
            "Sorties",
            "Sorties en emploi stable et durable",
            bilan["exits_employment"],
            pct(bilan["exits_employment"], acc),
        ),
        (
            "Sorties",
            "dont bénéficiaires du RSA",
            bilan["exits_employment_rsa"],
            pct(bilan["exits_employment_rsa"], bilan["exits_employment"]),
        ),
    ]
    for key, label in EXIT_KIND_LABELS.items():
        share = (
            "" if key == "formation_qualifiante_over_cap" else pct(bilan["exits_by_kind"][key], pos)
        )
        out.append(("Sorties positives par type", label, bilan["exits_by_kind"][key], share))
    for key, label in OTHER_EXIT_LABELS.items():
        out.append(("Autres sorties", label, bilan["exits_other"][key], ""))
    for obj in bilan["objectives"]:
        name = OBJECTIVE_LABELS.get(obj["key"], obj["key"])
        achieved: int | str
        if obj.get("unit") == "percent":
            target = f"{obj['target']:g} %".replace(".", ",")
            label = f"{name} (% des personnes accompagnées) : objectif {target}"
            achieved = f"{obj['achieved']:.1f} %".replace(".", ",")
        else:
            label, achieved = f"{name} : objectif {obj['target']}", obj["achieved"]
        rate = f"{obj['rate'] * 100:.1f} %".replace(".", ",")
        out.append(("Objectifs", label, achieved, rate))
    return out
