"""A participants file (interfaces.md "participants") of fictional people for the import
benchmark, and the same people as unsaved model instances for its bulk_create floor."""

import csv
import io
import random
import time
from datetime import date, timedelta

from jalons.organisations.models import Membership, Organisation
from jalons.participants.models import Participant
from jalons.scale import names
from jalons.territory.models import Commune

COLUMNS = [
    "identifiant", "nom", "prenom", "sexe", "date_naissance", "commune_insee", "qpv",
    "date_entree", "prescripteur", "rsa", "deld", "rqth", "niveau_qualification", "referent",
    "lot", "date_sortie", "type_sortie", "sortie_validee",
]  # fmt: skip
PRESCRIBERS = ("france_travail", "caf", "bme", "ccas", "pole_insertion", "autre", "spontane")
LEVELS = ("VI", "Vbis", "V", "V", "IV", "III", "3", "4")
EXITS = ("", "", "", "abandon", "demenagement", "autre", "cdi", "cdd")


def participants_csv(plie: Organisation, rows: int, rng: random.Random, today: date) -> bytes:
    """`rows` new people (identifiants unique to this run), a third of them exited."""
    communes = list(Commune.objects.values_list("insee_code", flat=True))
    advisers = list(
        Membership.objects.active(today)
        .filter(role="adviser", lot__plie=plie)
        .values_list("user__email", "lot__code")
    )
    prefix = f"B{int(time.time()) % 10**8:08d}-"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i in range(rows):
        sex = "F" if rng.random() < 0.49 else "M"
        first = rng.choice(names.FEMALE_FIRST_NAMES if sex == "F" else names.MALE_FIRST_NAMES)
        entry = today - timedelta(days=rng.randint(30, 3000))
        birth = entry - timedelta(days=rng.randint(18 * 365, 60 * 365))
        email, lot = rng.choice(advisers) if advisers else ("", "")
        kind = rng.choice(EXITS) if entry < today - timedelta(days=400) else ""
        exit_day = (
            (entry + timedelta(days=rng.randint(60, 380))).strftime("%d/%m/%Y") if kind else ""
        )
        writer.writerow([
            f"{prefix}{i:06d}", rng.choice(names.LAST_NAMES), first, sex,
            birth.strftime("%d/%m/%Y"), rng.choice(communes), "non", entry.strftime("%d/%m/%Y"),
            rng.choice(PRESCRIBERS), "oui" if rng.random() < 0.74 else "non",
            "oui" if rng.random() < 0.76 else "non", "non", rng.choice(LEVELS), email, lot,
            exit_day, kind, "oui" if kind in ("cdi", "cdd") else "",
        ])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def people_rows(plie: Organisation, rows: int, rng: random.Random) -> list[Participant]:
    commune = Commune.objects.order_by("pk").first()
    return [
        Participant(
            plie=plie, last_name=rng.choice(names.LAST_NAMES), first_name="Test", sex="F",
            birth_date=date(1980, 1, 1) + timedelta(days=rng.randint(0, 7000)), commune=commune,
        )
        for _ in range(rows)
    ]  # fmt: skip
