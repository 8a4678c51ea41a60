import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.core.dates import parse_date
from jalons.organisations.models import Organisation
from jalons.reports.bilan import compute_bilan, scope_for
from jalons.reports.exports import to_csv, to_xlsx
from jalons.reports.pdf import to_pdf

FORMATS = {"json", "csv", "xlsx", "pdf"}


class Command(BaseCommand):
    help = (
        "Bilan du protocole (personnes accompagnées, public, sorties, objectifs) pour une "
        "période ; --plie répété ou omis : bilan consolidé."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plie", action="append", default=[], help="Code du PLIE (répétable)")
        parser.add_argument(
            "--from", dest="start", required=True, help="Début (JJ/MM/AAAA ou AAAA-MM-JJ)"
        )
        parser.add_argument("--to", dest="end", required=True, help="Fin incluse")
        parser.add_argument("--format", default="json", help="json, csv, xlsx ou pdf")
        parser.add_argument(
            "--output", default="", help="Fichier de sortie (par défaut : la sortie standard)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:
            raise CommandError(f"Format inconnu « {fmt} » : json, csv, xlsx ou pdf.")
        try:
            start, end = parse_date(options["start"]), parse_date(options["end"])
        except ValueError as exc:
            raise CommandError(f"Date invalide : {exc}") from exc
        if end < start:
            raise CommandError("La date de fin précède la date de début.")
        codes = [c.strip().upper() for c in options["plie"]]
        known = set(Organisation.objects.filter(kind="plie").values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise CommandError("PLIE inconnu : " + ", ".join(unknown))
        if not codes:
            codes = sorted(c for c in known if c)
        if fmt in ("xlsx", "pdf") and not options["output"]:
            raise CommandError(f"Le format {fmt} demande --output FICHIER.")
        started = time.perf_counter()
        bilan = compute_bilan(scope_for(codes, start, end))
        if fmt == "json":
            payload = (json.dumps(bilan, ensure_ascii=False, indent=2) + "\n").encode()
        elif fmt == "csv":
            payload = to_csv(bilan)
        elif fmt == "xlsx":
            payload = to_xlsx(bilan)
        else:
            payload = to_pdf(bilan)
        if options["output"]:
            Path(options["output"]).write_bytes(payload)
            self.stderr.write(
                f"Bilan écrit dans {options['output']} ({time.perf_counter() - started:.2f} s)."
            )
        else:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
