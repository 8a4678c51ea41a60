"""Loading the official QPV list (ANCT CSV) — spec §1: the shipped `qpv.csv` holds only what
could be verified, so an administrator loads the official list when it is published.

Accepted columns (case-insensitive): the 2024 list's `code_qp`, `lib_qp`, `insee_com`, or the
2015 list's `CODE_QP`, `NOM_QP`, `COMMUNE_QP`. Rows of communes outside the reference
territory are skipped (the national list covers all of France); the rest is all-or-nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from jalons.territory.models import Commune, Qpv

COLUMNS = {
    "code": ("code_qp", "code_qpv", "qpv_code"),
    "name": ("lib_qp", "nom_qp", "name"),
    "insee": ("insee_com", "commune_qp", "insee_code", "code_insee"),
}
CODE = re.compile(r"^Q[PN]\d{3}\d{2,3}[A-Z]?$")


class QpvFileError(Exception):
    """The whole file is refused; the message is French."""


@dataclass
class QpvLoad:
    created: int = 0
    updated: int = 0
    skipped: int = 0  # rows of communes outside the territory
    errors: list[str] = field(default_factory=list)


def _column(header: list[str], names: tuple[str, ...]) -> int:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    raise QpvFileError(f"Colonne manquante : une de {', '.join(names)}.")


def load_qpv(content: bytes, generation: str) -> QpvLoad:
    if generation not in Qpv.Generation.values:
        raise QpvFileError("Génération inconnue : 2015 ou 2024.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QpvFileError("Le fichier n'est pas en UTF-8.") from exc
    if not text.strip():
        raise QpvFileError("Le fichier est vide.")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header, body = rows[0], rows[1:]
    idx = {key: _column(header, names) for key, names in COLUMNS.items()}
    communes = {c.insee_code: c for c in Commune.objects.all()}
    result, wanted = QpvLoad(), []
    for line, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            code, name, insee = (row[idx[k]].strip() for k in ("code", "name", "insee"))
        except IndexError:
            result.errors.append(f"ligne {line} : colonnes manquantes")
            continue
        if insee not in communes:
            result.skipped += 1
            continue
        if not CODE.match(code):
            result.errors.append(f"ligne {line}, colonne code : code QPV invalide « {code} »")
        elif not name:
            result.errors.append(f"ligne {line}, colonne nom : nom du quartier manquant")
        else:
            wanted.append((code, name, communes[insee]))
    if result.errors:
        return result
    with transaction.atomic():
        for code, name, commune in wanted:
            qpv = (
                Qpv.objects.filter(code=code).first()
                or Qpv.objects.filter(
                    commune=commune, name__iexact=name, generation=generation, code__isnull=True
                ).first()
            )
            if qpv is None:
                Qpv.objects.create(code=code, name=name, commune=commune, generation=generation)
                result.created += 1
            elif (qpv.code, qpv.name, qpv.commune_id, qpv.generation) != (
                code,
                name,
                commune.pk,
                generation,
            ):
                qpv.code, qpv.name, qpv.commune, qpv.generation = code, name, commune, generation
                qpv.save()
                result.updated += 1
    return result
