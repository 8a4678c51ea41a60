from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.organisations.models import Organisation
from jalons.organisations.services import SetupError, create_plie


class Command(BaseCommand):
    help = "Crée un PLIE avec ses communes (par défaut : les 36 communes du Pays d'Aix)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Code court du PLIE, ex. AIX")
        parser.add_argument("--name", required=True, help="Nom du PLIE")
        parser.add_argument("--communes", default="", help="Codes INSEE séparés par des virgules")
        parser.add_argument(
            "--oi", default="", help="Code de l'organisme intermédiaire de rattachement"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        oi = None
        if options["oi"]:
            oi = Organisation.objects.filter(kind="oi", code=options["oi"]).first()
            if oi is None:
                raise CommandError(f"Organisme intermédiaire inconnu : {options['oi']}")
        communes = [c for c in options["communes"].split(",") if c.strip()]
        try:
            plie = create_plie(options["code"], options["name"], communes or None, oi=oi)
        except SetupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"PLIE {plie.code} « {plie.name} » créé avec {plie.communes.count()} communes."
            )
        )
