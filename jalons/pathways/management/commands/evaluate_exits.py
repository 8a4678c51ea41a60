import csv
import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.core.dates import parse_date
from jalons.organisations.models import Organisation
from jalons.pathways.services.exits import evaluate_participants


class Command(BaseCommand):
    help = "Évalue la sortie de chaque participant d'un PLIE à une date (règles du protocole)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plie", required=True, help="Code du PLIE")
        parser.add_argument("--as-of", dest="as_of", required=True, help="Date d'évaluation")
        parser.add_argument("--format", default="json", help="json ou csv")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] not in ("json", "csv"):
            raise CommandError(f"Format inconnu « {options['format']} » : json ou csv.")
        try:
            as_of = parse_date(options["as_of"])
        except ValueError as exc:
            raise CommandError(f"Date invalide : {exc}") from exc
        plie = Organisation.objects.filter(
            kind="plie", code=options["plie"].strip().upper()
        ).first()
        if plie is None:
            raise CommandError(f"PLIE inconnu : {options['plie']}")
        rows = [
            {
                "identifiant": identifiant,
                "status": str(verdict.status),
                "kind": verdict.kind,
                "validated_on": verdict.validated_on.isoformat() if verdict.validated_on else None,
                "explanation": verdict.explanation,
            }
            for identifiant, verdict in evaluate_participants(plie.pk, as_of)
        ]
        if options["format"] == "json":
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
            return
        out = io.StringIO()
        writer = csv.DictWriter(
            out,
            ["identifiant", "status", "kind", "validated_on", "explanation"],
            delimiter=";",
            lineterminator="\r\n",
        )
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.buffer.write(("\ufeff" + out.getvalue()).encode())
