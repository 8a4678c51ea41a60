"""A 2013–2017 history that has the source document's figures (spec §4, issue "proof").

The source document gives, for the PLIE du Pays d'Aix 2013–2017 protocol: 6,491 people
accompanied, 4,804 RSA, 3,156 women and 3,335 men, 76 % DELD, qualification levels
(2,012 V, 2,142 V bis and VI, 1,168 IV), 12 % QPV, prescribers (389 Pôle insertion,
1,882 Pôle emploi, 454 CCAS, 1,233 BME, 23 % CAF) and 1,878 exits to stable employment,
of whom 1,314 RSA, 613 CDI and 833 CDD. Everything it does not say is an assumption,
listed in ASSUMED: the split of the other levels, of the other prescribers, of interim
vs creation among the remaining 432 employment exits, and the non-positive exits.

The files follow interfaces.md, so they go through the same import as any PLIE's history,
and every positive exit is backed by the steps that make the exit engine validate it on
the exit date.
"""

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypedDict

from jalons.demo.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from jalons.pathways.rules.exits import ExitStatus, StepFact, add_months, evaluate_steps

START, END = date(2013, 1, 1), date(2017, 12, 31)


class _Document(TypedDict):
    accompanied: int
    rsa: int
    women: int
    men: int
    deld: int
    qpv: int
    levels: dict[str, int]
    prescribers: dict[str, int]
    exits_employment: int
    exits_employment_rsa: int
    cdi: int
    cdd: int


DOCUMENT: _Document = {
    "accompanied": 6491,
    "rsa": 4804,
    "women": 3156,
    "men": 3335,
    "deld": 4933,  # 76 %
    "qpv": 779,  # 12 %
    "levels": {"V": 2012, "VI_Vbis": 2142, "IV": 1168},
    "prescribers": {
        "pole_insertion": 389,
        "france_travail": 1882,
        "ccas": 454,
        "bme": 1233,
        "caf": 1493,
    },
    "exits_employment": 1878,
    "exits_employment_rsa": 1314,
    "cdi": 613,
    "cdd": 833,
}
ASSUMED = {
    "levels": {"VI": 1071, "Vbis": 1071, "III": 700, "II": 300, "I": 169},
    "prescribers": {"autre": 700, "spontane": 340},
    "employment": {"interim": 300, "creation_activite": 132},
    "other_exits": {
        "abandon": 1500,
        "demenagement": 320,
        "retraite": 110,
        "deces": 20,
        "autre": 450,
    },
}
QPV_COMMUNES = ("13001", "13117", "84089", "13041")

PARTICIPANT_COLUMNS = [
    "identifiant",
    "nom",
    "prenom",
    "sexe",
    "date_naissance",
    "commune_insee",
    "qpv",
    "date_entree",
    "prescripteur",
    "rsa",
    "deld",
    "rqth",
    "niveau_qualification",
    "referent",
    "lot",
    "date_sortie",
    "type_sortie",
    "sortie_validee",
]
STEP_COLUMNS = [
    "identifiant_participant",
    "type_etape",
    "date_debut",
    "date_fin",
    "heures_mensuelles",
    "heures_realisees",
    "micro_entrepreneur",
    "revenu_mensuel",
    "employeur_siret",
    "intitule",
]


@dataclass
class History:
    participants: list[dict[str, str]] = field(default_factory=list)
    steps: list[dict[str, str]] = field(default_factory=list)


def _fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _yes(flag: bool) -> str:
    return "oui" if flag else "non"


def _pool(counts: dict[str, int], rng: random.Random) -> list[str]:
    values = [key for key, n in counts.items() for _ in range(n)]
    rng.shuffle(values)
    return values


def _employment_steps(kind: str, entry: date, rng: random.Random) -> list[StepFact]:
    start = entry + timedelta(days=rng.randint(30, 150))
    if kind == "cdi":
        return [
            StepFact(
                "cdi", start, None, monthly_hours=Decimal(rng.choice(["151.67", "121.34", "104"]))
            )
        ]
    if kind == "cdd":
        months = rng.choice([6, 7, 9, 12])
        end = add_months(start, months) - timedelta(days=1)
        return [
            StepFact("cdd", start, end, monthly_hours=Decimal(rng.choice(["151.67", "130", "80"])))
        ]
    if kind == "creation_activite":
        return [StepFact("creation_activite", start, None)]
    missions: list[StepFact] = []
    day = start
    while sum((m.hours_worked or 0) for m in missions) < 960:
        end = day + timedelta(days=rng.randint(20, 27))
        missions.append(
            StepFact("interim", day, end, hours_worked=Decimal(rng.choice([140, 150, 160])))
        )
        day = end + timedelta(days=rng.randint(2, 6))
    return missions


def build(seed: int = 2013) -> History:
    """The whole 2013–2017 history, deterministic for a seed."""
    rng = random.Random(seed)
    n = DOCUMENT["accompanied"]
    employment = _pool(
        {"cdi": DOCUMENT["cdi"], "cdd": DOCUMENT["cdd"], **ASSUMED["employment"]}, rng
    )
    others = _pool(ASSUMED["other_exits"], rng)
    outcomes = employment + others + [""] * (n - len(employment) - len(others))
    # RSA: 1,314 of the employment exits, the rest among the others.
    rsa = [True] * DOCUMENT["exits_employment_rsa"] + [False] * (
        len(employment) - DOCUMENT["exits_employment_rsa"]
    )
    rest_rsa = DOCUMENT["rsa"] - DOCUMENT["exits_employment_rsa"]
    rest = [True] * rest_rsa + [False] * (n - len(employment) - rest_rsa)
    rng.shuffle(rsa)
    rng.shuffle(rest)
    rsa += rest
    sexes = _pool({"F": DOCUMENT["women"], "M": DOCUMENT["men"]}, rng)
    deld = _pool({"oui": DOCUMENT["deld"], "non": n - DOCUMENT["deld"]}, rng)
    qpv = _pool({"oui": DOCUMENT["qpv"], "non": n - DOCUMENT["qpv"]}, rng)
    levels = _pool(
        {"V": DOCUMENT["levels"]["V"], "IV": DOCUMENT["levels"]["IV"], **ASSUMED["levels"]}, rng
    )
    prescribers = _pool({**DOCUMENT["prescribers"], **ASSUMED["prescribers"]}, rng)
    rqth = _pool({"oui": 520, "non": n - 520}, rng)
    from jalons.territory.reference import _rows

    communes = [(r["insee_code"], int(r["population"])) for r in _rows("communes.csv")]
    codes, weights = zip(*communes, strict=True)
    history = History()
    for i in range(n):
        ident = f"H{i + 1:05d}"
        outcome = outcomes[i]
        sex = sexes[i]
        first = rng.choice(FEMALE_FIRST_NAMES if sex == "F" else MALE_FIRST_NAMES)
        entry_limit = (
            date(2016, 12, 31) if outcome in ("cdi", "cdd", "interim", "creation_activite") else END
        )
        entry = START + timedelta(days=rng.randint(0, (entry_limit - START).days))
        exit_day, validated = None, ""
        if outcome in ("cdi", "cdd", "interim", "creation_activite"):
            facts = _employment_steps(outcome, entry, rng)
            verdict = evaluate_steps(facts, END)
            assert verdict.status is ExitStatus.POSITIVE and verdict.validated_on is not None, (
                verdict
            )
            exit_day, validated = verdict.validated_on, "oui"
            # Missions after the one that reached the threshold belong to no pathway.
            facts = [f for f in facts if f.kind != "interim" or (f.end and f.end <= exit_day)]
            for f in facts:
                history.steps.append(
                    {
                        "identifiant_participant": ident,
                        "type_etape": f.kind,
                        "date_debut": _fr(f.start),
                        "date_fin": _fr(f.end),
                        "heures_mensuelles": str(f.monthly_hours).replace(".", ",")
                        if f.monthly_hours
                        else "",
                        "heures_realisees": str(f.hours_worked) if f.hours_worked else "",
                        "micro_entrepreneur": "non" if f.kind == "creation_activite" else "",
                        "revenu_mensuel": "",
                        "employeur_siret": "",
                        "intitule": "",
                    }
                )
        elif outcome:
            exit_day = min(entry + timedelta(days=rng.randint(60, 540)), END)
        if not outcome or rng.random() < 0.3:
            history.steps.append(
                {
                    "identifiant_participant": ident,
                    "type_etape": "atelier",
                    "date_debut": _fr(entry),
                    "date_fin": _fr(entry),
                    "heures_mensuelles": "",
                    "heures_realisees": "",
                    "micro_entrepreneur": "",
                    "revenu_mensuel": "",
                    "employeur_siret": "",
                    "intitule": "Atelier de recherche d'emploi",
                }
            )
        commune = rng.choice(QPV_COMMUNES) if qpv[i] == "oui" else rng.choices(codes, weights)[0]
        birth = entry - timedelta(days=rng.randint(18 * 365 + 5, 63 * 365))
        history.participants.append(
            {
                "identifiant": ident,
                "nom": rng.choice(LAST_NAMES),
                "prenom": first,
                "sexe": sex,
                "date_naissance": _fr(birth),
                "commune_insee": commune,
                "qpv": qpv[i],
                "date_entree": _fr(entry),
                "prescripteur": prescribers[i],
                "rsa": _yes(rsa[i]),
                "deld": deld[i],
                "rqth": rqth[i],
                "niveau_qualification": levels[i],
                "referent": "",
                "lot": "",
                "date_sortie": _fr(exit_day),
                "type_sortie": outcome,
                "sortie_validee": validated,
            }
        )
    return history


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Données")
    ws.append(columns)
    for row in rows:
        ws.append([row[c] for c in columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
