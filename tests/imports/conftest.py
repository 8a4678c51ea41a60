"""Helpers for import tests: files built in the test, uploads kept in a temporary folder."""

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

PARTICIPANT_HEADER = [
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
STEP_HEADER = [
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


def participant_row(**values: str) -> dict[str, str]:
    row = {
        "identifiant": "P001",
        "nom": "Garcia",
        "prenom": "Inès",
        "sexe": "F",
        "date_naissance": "12/05/1985",
        "commune_insee": "13001",
        "qpv": "",
        "date_entree": "01/03/2021",
        "prescripteur": "caf",
        "rsa": "oui",
        "deld": "non",
        "rqth": "non",
        "niveau_qualification": "V",
        "referent": "adviser@test.jalons.fr",
        "lot": "L1",
        "date_sortie": "",
        "type_sortie": "",
        "sortie_validee": "",
    }
    row.update(values)
    return row


def step_row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(STEP_HEADER, "")
    row.update(
        {"identifiant_participant": "P001", "type_etape": "atelier", "date_debut": "15/03/2021"}
    )
    row.update(values)
    return row


def csv_bytes(
    rows: Sequence[dict[str, str]],
    header: Sequence[str] | None = None,
    sep: str = ";",
    bom: bool = False,
) -> bytes:
    header = list(header or rows[0].keys())
    lines = [sep.join(header)] + [sep.join(row.get(col, "") for col in header) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JALONS_IMPORTS_DIR = tmp_path / "imports"
    return settings.JALONS_IMPORTS_DIR
