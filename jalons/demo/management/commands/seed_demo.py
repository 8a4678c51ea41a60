"""`jalons seed_demo`: fictional data to show and try Jalons (demo mode only)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.demo.seed import DEFAULT_SEED, seed
from jalons.demo.structure import ACCOUNTS
from jalons.organisations.enums import Role
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant


class Command(BaseCommand):
    help = (
        "Crée des données de démonstration fictives : l'OI, le PLIE du Pays d'Aix et un second "
        "PLIE, leurs lots, des comptes (mot de passe « demo ») et deux ans de parcours."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants",
            type=int,
            default=1000,
            help="Nombre de participants en parcours dans le PLIE du Pays d'Aix (1000 par défaut).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Graine du tirage aléatoire : la même graine donne les mêmes données.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si la base contient déjà des participants.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "Les données de démonstration ne se créent qu'en mode démonstration "
                "(JALONS_DEMO=1) : elles ouvrent des comptes au mot de passe « demo »."
            )
        count = options["participants"]
        if count < 1:
            raise CommandError("Le nombre de participants doit être au moins 1.")
        existing = Participant.objects.count()
        if options["if_empty"] and existing:
            self.stdout.write(
                f"La base contient déjà {existing} participant(s) : "
                "aucune donnée de démonstration n'est ajoutée."
            )
            return
        if Organisation.objects.filter(kind="plie", code__in=["AIX", "EDB"]).exists():
            raise CommandError(
                "Les PLIE de démonstration (AIX, EDB) existent déjà : "
                "lancez la commande sur une base vide."
            )
        started = time.perf_counter()
        result = seed(count, options["seed"])
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration créées en {elapsed:.1f} s (graine {options['seed']})."
            )
        )
        for code, figures in result.items():
            details = ", ".join(f"{value} {label}" for label, value in figures.items())
            self.stdout.write(f"  PLIE {code} : {details}")
        self.stdout.write(f"  {len(ACCOUNTS)} comptes, tous avec le mot de passe « demo » :")
        for _, email, first_name, last_name, role, *_ in ACCOUNTS:
            self.stdout.write(f"    {email:<30} {Role(role).label} ({first_name} {last_name})")
