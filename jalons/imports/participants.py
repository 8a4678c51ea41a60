"""Participants file (interfaces.md "participants"): columns and the check of each line.

Each valid line becomes a `ParticipantLine` (plain values, ids resolved against the
reference data loaded once by `ParticipantContext`); `participant_plan` then matches the
lines with the database and `participant_write` writes them in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models.functions import Lower

from jalons.accounts.models import User
from jalons.imports.parsing import BOOLEANS, Column, Line, Table, fmt, latest_plausible
from jalons.imports.report import LineError, Progress
from jalons.organisations.enums import PrescriberKind
from jalons.organisations.models import Lot, Organisation
from jalons.pathways.enums import ExitKind
from jalons.pathways.rules.eligibility import (
    QUALIFICATION_BUCKETS,
    age_on,
    normalize_level,
    qualification_bucket,
)
from jalons.territory.models import Qpv

COLUMNS = [
    Column("identifiant", True, "identifiant dans le système d'origine, unique dans le PLIE"),
    Column("nom", True, "nom"),
    Column("prenom", True, "prénom"),
    Column("sexe", True, "F ou M"),
    Column("date_naissance", True, "date de naissance"),
    Column("commune_insee", True, "code INSEE d'une commune du PLIE"),
    Column("qpv", False, "code du QPV, ou oui/non si le quartier n'est pas connu ; vide = non"),
    Column("date_entree", True, "date d'entrée dans le parcours"),
    Column("prescripteur", True, ", ".join(PrescriberKind.values)),
    Column("rsa", True, "bénéficiaire du RSA à l'entrée (oui/non)"),
    Column("deld", True, "demandeur d'emploi de longue durée à l'entrée (oui/non)"),
    Column("rqth", False, "travailleur handicapé (oui/non)"),
    Column("niveau_qualification", True, "VI, Vbis, V, IV, III, II, I ou 1 à 8"),
    Column("referent", False, "adresse e-mail du ou de la référent·e (utilisateur existant)"),
    Column("lot", False, "code du lot territorial"),
    Column("date_sortie", False, "date de sortie"),
    Column("type_sortie", False, ", ".join(ExitKind.values)),
    Column("sortie_validee", False, "sortie positive validée par le système d'origine (oui/non)"),
]
SEXES = ("F", "M")
PRESCRIBER_KINDS = tuple(PrescriberKind.values)
EXIT_KINDS = tuple(ExitKind.values)
# Without these columns a file says nothing about exits: recorded exits are kept.
EXIT_COLUMNS = frozenset({"date_sortie", "type_sortie"})
MIN_ENTRY_AGE, MAX_ENTRY_AGE = 16, 99
PROGRESS_EVERY = 1000


@dataclass(slots=True)
class ParticipantLine:
    line: int
    source_id: str
    last_name: str
    first_name: str
    sex: str
    birth_date: date
    commune_id: int
    bassin_id: int
    qpv: bool | None  # None: column absent (keep what is recorded)
    qpv_zone_id: int | None
    entry_date: date
    prescriber_kind: str
    rsa: bool
    deld: bool
    rqth: bool | None  # None: column absent
    level: str
    referent_id: int | None
    lot_id: int | None
    exit_date: date | None
    exit_kind: str
    exit_validated: bool

    @property
    def age(self) -> int:
        return age_on(self.birth_date, self.entry_date)

    @property
    def bucket(self) -> str:
        return QUALIFICATION_BUCKETS[self.level] if self.level else qualification_bucket(None)


class ParticipantContext:
    """The PLIE's reference data, loaded in a few queries before any line is checked."""

    def __init__(self, plie: Organisation, table: Table, today: date) -> None:
        self.plie = plie
        self.today = today
        self.latest = latest_plausible(today)
        self.columns = table.columns
        self.communes: dict[str, dict[str, Any]] = {
            c["insee_code"]: dict(c)
            for c in plie.communes.values("id", "insee_code", "bassin_id", "name")
        }
        self.lots = {
            code.casefold(): pk
            for pk, code in Lot.objects.filter(plie=plie).values_list("id", "code")
        }
        emails = {str(row.get("referent", "")).lower() for _, row in table.rows} - {""}
        self.users: dict[str, tuple[int, bool]] = {}
        if emails:
            users = (
                User.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower__in=emails)
                .values_list("email_lower", "id", "is_active")
            )
            self.users = {email: (pk, active) for email, pk, active in users}
        codes = {str(row.get("qpv", "")).upper() for _, row in table.rows} - {""}
        self.qpvs = (
            {
                str(q["code"]).upper(): q
                for q in Qpv.objects.filter(code__in=codes).values(
                    "id", "code", "commune_id", "name"
                )
            }
            if codes
            else {}
        )

    def has(self, column: str) -> bool:
        return column in self.columns

    @property
    def has_exit(self) -> bool:
        return bool(self.columns & EXIT_COLUMNS)


def read_lines(
    ctx: ParticipantContext, table: Table, errors: list[LineError], progress: Progress | None
) -> list[ParticipantLine]:
    """Check every line; valid ones come back, faulty ones add to `errors`."""
    lines: list[ParticipantLine] = []
    total = len(table.rows)
    for index, (number, cells) in enumerate(table.rows, start=1):
        parsed = _read_line(ctx, Line(number, cells, errors))
        if parsed is not None:
            lines.append(parsed)
        if progress and (index % PROGRESS_EVERY == 0 or index == total):
            progress(index, total)
    return lines


def _read_line(ctx: ParticipantContext, line: Line) -> ParticipantLine | None:
    source_id = line.text("identifiant", required=True, max_length=50)
    last_name = line.text("nom", required=True, max_length=150)
    first_name = line.text("prenom", required=True, max_length=150)
    sex = line.choice("sexe", SEXES, required=True)
    birth = line.date("date_naissance", required=True, latest=ctx.today)
    commune = _commune(ctx, line)
    entry = line.date("date_entree", required=True, latest=ctx.latest)
    prescriber = line.choice("prescripteur", PRESCRIBER_KINDS, required=True)
    rsa = line.boolean("rsa", required=True)
    deld = line.boolean("deld", required=True)
    rqth = line.boolean("rqth") if ctx.has("rqth") else None
    level = _level(line)
    referent = _referent(ctx, line)
    lot_id = _lot(ctx, line)
    exit_date = line.date("date_sortie", latest=ctx.latest)
    exit_kind = line.choice("type_sortie", EXIT_KINDS)
    validated = line.boolean("sortie_validee")
    qpv, zone_id = _qpv(ctx, line, commune)
    if birth and entry:
        age = age_on(birth, entry)
        if not MIN_ENTRY_AGE <= age <= MAX_ENTRY_AGE:
            line.error(
                "date_naissance",
                f"Âge invraisemblable à l'entrée ({age} ans le "
                f"{fmt(entry)}) : vérifiez la date de naissance.",
            )
    if entry and exit_date and exit_date < entry:
        line.error(
            "date_sortie",
            f"La date de sortie ({fmt(exit_date)}) précède la date d'entrée ({fmt(entry)}).",
        )
    if exit_kind and not line.raw("date_sortie"):
        line.error("date_sortie", "Date de sortie obligatoire quand le type de sortie est indiqué.")
    if line.raw("date_sortie") and not line.raw("type_sortie"):
        line.error(
            "type_sortie", "Type de sortie obligatoire quand la date de sortie est indiquée."
        )
    if referent and not referent[1] and not exit_date:
        line.error(
            "referent",
            f"Le compte {line.raw('referent')} est désactivé : un parcours "
            "en cours doit avoir un ou une référent·e actif·ve.",
        )
    if not line.ok:
        return None
    assert birth and entry and commune and rsa is not None and deld is not None
    return ParticipantLine(
        line=line.number,
        source_id=source_id,
        last_name=last_name,
        first_name=first_name,
        sex=sex,
        birth_date=birth,
        commune_id=commune["id"],
        bassin_id=commune["bassin_id"],
        qpv=qpv,
        qpv_zone_id=zone_id,
        entry_date=entry,
        prescriber_kind=prescriber,
        rsa=rsa,
        deld=deld,
        rqth=rqth,
        level=level,
        referent_id=referent[0] if referent else None,
        lot_id=lot_id,
        exit_date=exit_date,
        exit_kind=exit_kind,
        exit_validated=bool(validated),
    )


def _commune(ctx: ParticipantContext, line: Line) -> dict[str, Any] | None:
    code = line.text("commune_insee", required=True, max_length=10)
    if not code:
        return None
    commune = ctx.communes.get(code)
    if commune is None:
        line.error(
            "commune_insee",
            f"La commune de code INSEE « {code} » n'est pas une commune "
            f"du PLIE {ctx.plie.code or ctx.plie.name}.",
        )
    return commune


def _level(line: Line) -> str:
    value = line.text("niveau_qualification", required=True, max_length=10)
    if not value:
        return ""
    try:
        return normalize_level(value) or ""
    except ValueError:
        line.error(
            "niveau_qualification",
            f"Niveau « {value} » inconnu ; valeurs possibles : "
            "VI, Vbis, V, IV, III, II, I, 1, 2, 3, 4, 5, 6, 7, 8.",
        )
        return ""


def _referent(ctx: ParticipantContext, line: Line) -> tuple[int, bool] | None:
    email = line.text("referent", max_length=254).lower()
    if not email:
        return None
    user = ctx.users.get(email)
    if user is None:
        line.error("referent", f"Aucun utilisateur n'a l'adresse « {email} ».")
    return user


def _lot(ctx: ParticipantContext, line: Line) -> int | None:
    code = line.text("lot", max_length=30)
    if not code:
        return None
    lot_id = ctx.lots.get(code.casefold())
    if lot_id is None:
        line.error("lot", f"Lot « {code} » inconnu dans le PLIE {ctx.plie.code or ctx.plie.name}.")
    return lot_id


def _qpv(
    ctx: ParticipantContext, line: Line, commune: dict[str, Any] | None
) -> tuple[bool | None, int | None]:
    if not ctx.has("qpv"):
        return None, None
    value = line.text("qpv", max_length=20)
    if not value:
        return False, None
    flag = BOOLEANS.get(value.casefold())
    if flag is not None:
        return flag, None
    zone = ctx.qpvs.get(value.upper())
    if zone is None:
        line.error(
            "qpv",
            f"QPV « {value} » inconnu : indiquez un code de quartier prioritaire "
            "du référentiel, ou oui/non.",
        )
        return None, None
    if commune is not None and zone["commune_id"] != commune["id"]:
        line.error(
            "qpv",
            f"Le QPV {zone['code']} ({zone['name']}) n'est pas situé dans la "
            f"commune de résidence ({commune['name']}).",
        )
    return True, zone["id"]
