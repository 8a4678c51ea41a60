"""Benchmarks on PostgreSQL (spec §8): `make bench`, or

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jalons_bench JALONS_DEMO=1 \\
        .venv/bin/python bench/run.py --participants 200000

Creates and migrates the bench database if needed, generates the scale data set when the
database holds fewer participants than asked (dropping an older, smaller one), measures
every figure with its reference, prints a table and appends the run to
bench/results/<YYYY-MM-DD>.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalons.settings")
os.environ.setdefault("JALONS_DEMO", "1")
RESULTS = ROOT / "bench" / "results"
FIGURES = ("review", "search", "pages", "exits", "imports", "export")


def maintenance(url: str, sql: str) -> None:
    """Run `sql` on the server's `postgres` database (create or drop the bench one)."""
    import psycopg

    parsed = urlparse(url)
    target = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(sql)


def ensure_database(url: str) -> str:
    import psycopg

    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise SystemExit("DATABASE_URL must point to PostgreSQL (the benchmarks measure it).")
    name = parsed.path.lstrip("/")
    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError:
        maintenance(url, f'CREATE DATABASE "{name}"')
        print(f"Base {name} créée.")
    return name


def reset_database(url: str, name: str) -> None:
    from django.db import connections

    connections.close_all()
    maintenance(url, f'DROP DATABASE "{name}" WITH (FORCE)')
    maintenance(url, f'CREATE DATABASE "{name}"')
    print(f"Base {name} recréée (jeu de données plus petit que demandé).")


def prepare(url: str, name: str, participants: int, plies: int, seed: int) -> dict[str, Any]:
    """Migrate, and generate the data set if the database holds fewer participants."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jalons.organisations.models import Organisation
    from jalons.participants.models import Participant

    held = Participant.objects.filter(plie__oi__code="ECHELLE").count()
    if held >= participants:
        return {"generated": False, "participants": held}
    if Organisation.objects.filter(kind="oi", code="ECHELLE").exists():
        reset_database(url, name)
        call_command("migrate", verbosity=0)
    from jalons.scale.generator import Options, generate

    options = Options(participants=participants, plies=plies, seed=seed)
    print(
        f"Génération de {participants:_} participants ({options.plie_count} PLIE)…".replace(
            "_", " "
        )
    )
    report = generate(options)
    print(f"  terminée en {report.seconds:.0f} s")
    return {"generated": True, "participants": participants, "seconds": round(report.seconds, 1),
            "write_seconds": round(report.write_seconds, 1), "rows": report.counts}  # fmt: skip


def table(figures: list[Any]) -> str:
    lines = [
        f"{'figure':<58} {'target':<34} {'measured':>14} {'reference':>14} {'ratio':>6}  result"
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        ref = f"{f.reference:,.1f}" if f.reference is not None else "—"
        result = {True: "PASS", False: "FAIL", None: "—"}[f.passed]
        lines.append(
            f"{f.label[:58]:<58} {f.target[:34]:<34} {f'{f.measured:,.1f} {f.unit}':>14} "
            f"{ref:>14} {ratio:>6}  {result}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--participants", type=int,
                        default=int(os.environ.get("BENCH_PARTICIPANTS", "20000")))  # fmt: skip
    parser.add_argument("--plies", type=int, default=0, help="default: one PLIE per 20,000")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=5, help="alternated runs per figure")
    parser.add_argument("--only", nargs="*", choices=FIGURES, default=list(FIGURES))
    parser.add_argument("--explain", action="store_true", help="store query plans of slow parts")
    parser.add_argument("--note", default="", help="a remark stored with the run")
    parser.add_argument(
        "--proposals",
        action="store_true",
        help="apply bench/proposals.py (changes proposed to other modules)",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jalons_bench")
    os.environ["DATABASE_URL"] = url
    name = ensure_database(url)
    import django

    django.setup()
    started = time.time()
    load_before = os.getloadavg()
    data = prepare(url, name, args.participants, args.plies, args.seed)
    from bench import figures as f

    applied = []
    if args.proposals:
        from bench import proposals

        applied = proposals.apply()
        print("Propositions appliquées : " + " ; ".join(applied))

    ctx = f.Context(today=date.today(), repeat=args.repeat, explain=args.explain)
    measured: list[Any] = []
    steps = {"review": lambda: [f.review(ctx)], "search": lambda: [f.search(ctx)],
             "pages": lambda: f.pages(ctx), "exits": lambda: [f.exits(ctx)],
             "imports": lambda: [f.imports(ctx)], "export": lambda: [f.export(ctx)]}  # fmt: skip
    for key in args.only:
        print(f"… {key}", flush=True)
        found = [x for x in steps[key]() if x is not None]
        if key == "imports" and not found:
            print("  (import_participants absent : chiffre omis)")
        measured.extend(found)
    print()
    print(table(measured))
    record = {
        "date": date.today().isoformat(),
        "started": time.strftime("%H:%M:%S", time.localtime(started)),
        "participants": data["participants"], "database": name, "data": data, "note": args.note,
        "proposals": applied,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_before": load_before, "load_after": os.getloadavg()},
        "figures": [x.as_dict() for x in measured],
    }  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{date.today().isoformat()}.json"
    runs = json.loads(path.read_text())["runs"] if path.exists() else []
    runs.append(record)
    path.write_text(json.dumps({"runs": runs}, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nRésultats ajoutés à {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
