"""Benchmark of the history imports (not a test): N participants + 3N steps.

Generates the two CSV files in memory, imports them into a fresh PLIE of the database
that DATABASE_URL names, then imports them again (nothing changes), and prints rows per
second for each run. Target (issue): 5,000 rows/s or more on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres jalons_bench_imports
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/jalons_bench_imports JALONS_DEMO=1
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/imports_bench.py --n 20000
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalons.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from jalons.accounts.models import User  # noqa: E402
from jalons.imports import services  # noqa: E402
from jalons.organisations.models import Lot, Organisation  # noqa: E402
from jalons.organisations.services import create_plie  # noqa: E402
from jalons.territory.models import Qpv  # noqa: E402

EXIT_KINDS = [
    "cdi",
    "cdd",
    "interim",
    "formation_qualifiante",
    "creation_activite",
    "abandon",
    "demenagement",
    "autre",
]
LEVELS = ["VI", "Vbis", "V", "IV", "III", "3", "4"]
PRESCRIBERS = ["france_travail", "caf", "ccas", "bme", "pole_insertion", "autre", "spontane"]


def setup_plie(code: str) -> tuple[Organisation, list[str], list[str]]:
    plie = create_plie(code, f"PLIE de mesure {code}")
    lots = []
    for index in range(1, 4):
        lot = Lot.objects.create(plie=plie, code=f"L{index}", name=f"Lot {index}")
        lots.append(lot.code)
    emails = []
    for index in range(10):
        email = f"bench-referent-{index}@bench.jalons.fr"
        User.objects.get_or_create(
            email=email, defaults={"first_name": "Référent", "last_name": str(index)}
        )
        emails.append(email)
    return plie, lots, emails


def d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def generate(n: int, plie: Organisation, lots: list[str], emails: list[str]) -> tuple[bytes, bytes]:
    rng = random.Random(42)
    communes = list(plie.communes.values_list("insee_code", flat=True))
    qpvs = dict(Qpv.objects.filter(code__isnull=False).values_list("commune__insee_code", "code"))
    people = [
        "identifiant;nom;prenom;sexe;date_naissance;commune_insee;qpv;date_entree;"
        "prescripteur;rsa;deld;rqth;niveau_qualification;referent;lot;date_sortie;"
        "type_sortie;sortie_validee"
    ]
    steps = [
        "identifiant_participant;type_etape;date_debut;date_fin;heures_mensuelles;"
        "heures_realisees;micro_entrepreneur;revenu_mensuel;employeur_siret;intitule"
    ]
    for index in range(n):
        source_id = f"B{index:07d}"
        entry = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        birth = entry - timedelta(days=365 * rng.randrange(18, 60) + rng.randrange(365))
        commune = rng.choice(communes)
        qpv = (qpvs.get(commune) or "") if rng.random() < 0.2 else rng.choice(["", "non", "oui"])
        exited = rng.random() < 0.6
        exit_day = entry + timedelta(days=rng.randrange(200, 700)) if exited else None
        people.append(
            ";".join(
                [
                    source_id,
                    f"Nom{index}",
                    f"Prénom{index}",
                    rng.choice("FM"),
                    d(birth),
                    commune,
                    qpv,
                    d(entry),
                    rng.choice(PRESCRIBERS),
                    rng.choice(["oui", "non"]),
                    rng.choice(["oui", "non"]),
                    rng.choice(["oui", "non", ""]),
                    rng.choice(LEVELS),
                    rng.choice(emails),
                    rng.choice(lots),
                    d(exit_day) if exit_day else "",
                    rng.choice(EXIT_KINDS) if exited else "",
                    rng.choice(["oui", "non"]) if exited else "",
                ]
            )
        )
        for step in range(3):
            start = entry + timedelta(days=30 + 60 * step)
            kind = ["atelier", "cdd", "interim"][step]
            end = start + timedelta(days=29)
            steps.append(
                ";".join(
                    [
                        source_id,
                        kind,
                        d(start),
                        d(end),
                        "151,67" if kind == "cdd" else "",
                        "140" if kind == "interim" else "",
                        "",
                        "",
                        "73282932000074" if step else "",
                        f"Étape {step + 1}",
                    ]
                )
            )
    return ("\r\n".join(people) + "\r\n").encode(), ("\r\n".join(steps) + "\r\n").encode()


def timed(label: str, function, *args) -> float:  # type: ignore[no-untyped-def]
    """Run one import; print wall time, rows/s, and the CPU time of this process (the
    database server's work is in the wall time only)."""
    cpu, started = time.process_time(), time.perf_counter()
    report = function(*args)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.ok, report.errors[:5]
    print(
        f"{label:<36} {report.rows:>6} lignes {elapsed:6.2f} s {report.rows / elapsed:7,.0f} "
        f"lignes/s (CPU Python {cpu:5.2f} s) — créées {report.to_create}, mises à jour "
        f"{report.to_update}, inchangées {report.unchanged}"
    )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="participants (étapes : 3N)")
    parser.add_argument("--plie", default=f"BENCH{int(time.time())}", help="code du PLIE créé")
    args = parser.parse_args()
    print(f"Base : {connection.vendor} ({connection.settings_dict['NAME']}), N = {args.n}")
    plie, lots, emails = setup_plie(args.plie)
    people, steps = generate(args.n, plie, lots, emails)
    print(f"Fichiers : participants {len(people) / 1e6:.1f} Mo, étapes {len(steps) / 1e6:.1f} Mo")
    print(f"Charge de la machine : {os.getloadavg()[0]:.1f} ({os.cpu_count()} processeurs)")
    timed("participants : vérification", services.preview_participants, plie, people, "p.csv")
    first = timed("participants : import", services.import_participants, plie, people, "p.csv")
    timed("participants : réimport (inchangé)", services.import_participants, plie, people, "p.csv")
    first += timed("étapes : import", services.import_steps, plie, steps, "e.csv")
    timed("étapes : réimport (inchangé)", services.import_steps, plie, steps, "e.csv")
    rows = args.n * 4
    print(
        f"Premier import, les deux fichiers : {rows} lignes en {first:.1f} s, "
        f"{rows / first:,.0f} lignes/s"
    )
    print(f"Charge de la machine : {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
