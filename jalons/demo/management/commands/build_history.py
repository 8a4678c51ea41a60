import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.demo import history


class Command(BaseCommand):
    help = (
        "Écrit l'historique 2013–2017 du PLIE du Pays d'Aix reconstitué à partir des chiffres "
        "du document source (participants et étapes, au format d'import)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="Dossier de sortie")
        parser.add_argument("--format", default="csv", help="csv ou xlsx")
        parser.add_argument("--seed", type=int, default=2013)

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in ("csv", "xlsx"):
            raise CommandError(f"Format inconnu « {fmt} » : csv ou xlsx.")
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        built = history.build(options["seed"])
        write = history.to_csv if fmt == "csv" else history.to_xlsx
        (folder / f"participants_2013_2017.{fmt}").write_bytes(
            write(built.participants, history.PARTICIPANT_COLUMNS)
        )
        (folder / f"etapes_2013_2017.{fmt}").write_bytes(write(built.steps, history.STEP_COLUMNS))
        self.stdout.write(
            f"{len(built.participants)} participants et {len(built.steps)} étapes écrits dans "
            f"{folder} en {time.perf_counter() - started:.1f} s."
        )
