import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jalons.core.dates import parse_date
from jalons.organisations.models import Organisation
from jalons.pathways.services.exits import validate_exits


class Command(BaseCommand):
    help = (
        "Enregistre les sorties positives dont la date de validation est arrivée "
        "(idempotent : à lancer chaque jour)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--plie", action="append", default=[], help="Code du PLIE (défaut : tous)"
        )
        parser.add_argument("--as-of", dest="as_of", default="", help="Date (défaut : aujourd'hui)")
        parser.add_argument("--dry-run", action="store_true", help="Afficher sans enregistrer")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = parse_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Date invalide : {exc}") from exc
        plies = Organisation.objects.filter(kind="plie")
        if options["plie"]:
            codes = [c.strip().upper() for c in options["plie"]]
            plies = plies.filter(code__in=codes)
            missing = set(codes) - set(plies.values_list("code", flat=True))
            if missing:
                raise CommandError("PLIE inconnu : " + ", ".join(sorted(missing)))
        started = time.perf_counter()
        total = 0
        for plie in plies.order_by("code"):
            exits = validate_exits(plie.pk, as_of, dry_run=options["dry_run"])
            total += len(exits)
            for exit_record in exits:
                self.stdout.write(f"{plie.code} · {exit_record.explanation}")
        verb = "à enregistrer" if options["dry_run"] else "enregistrée(s)"
        self.stdout.write(
            f"{total} sortie(s) positive(s) {verb} au {as_of:%d/%m/%Y} "
            f"en {time.perf_counter() - started:.2f} s."
        )
