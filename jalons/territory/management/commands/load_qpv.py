from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.territory.qpv_loader import QpvFileError, load_qpv


class Command(BaseCommand):
    help = (
        "Charge la liste officielle des quartiers prioritaires (CSV de l'ANCT) pour les "
        "communes du territoire ; tout ou rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Fichier CSV de l'ANCT")
        parser.add_argument("--generation", required=True, help="2015 ou 2024")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            result = load_qpv(path.read_bytes(), options["generation"])
        except QpvFileError as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            raise CommandError("Fichier refusé, rien n'a été chargé :\n" + "\n".join(result.errors))
        self.stdout.write(
            f"QPV {options['generation']} : {result.created} créé(s), {result.updated} mis à "
            f"jour, {result.skipped} ligne(s) hors du territoire ignorée(s)."
        )
