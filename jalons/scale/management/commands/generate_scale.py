"""`jalons generate_scale --participants N [--plies K]`: a large fictional data set."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.scale.generator import Options, ScaleDataExists, database_label, generate


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Remplit la base avec un grand jeu de données fictives (volumétrie) : K PLIE, "
        "des participants et dix ans de parcours, contacts, étapes et sorties."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants",
            type=_positive,
            default=20_000,
            help="nombre de participants (défaut : 20 000)",
        )
        parser.add_argument(
            "--plies",
            type=int,
            default=0,
            help="nombre de PLIE (défaut : un PLIE pour 20 000 participants)",
        )
        parser.add_argument("--seed", type=int, default=2024, help="graine (défaut : 2024)")
        parser.add_argument(
            "--years", type=_positive, default=10, help="années d'historique (défaut : 10)"
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="date du jour des données (AAAA-MM-JJ, défaut : aujourd'hui)",
        )
        parser.add_argument(
            "--batch-size",
            type=_positive,
            default=2000,
            help="participants par transaction (défaut : 2 000)",
        )
        parser.add_argument(
            "--force", action="store_true", help="autoriser l'écriture hors du mode démonstration"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO and not options["force"]:
            raise CommandError(
                "Cette commande écrit un grand volume de données fictives : elle n'est permise "
                "qu'en mode démonstration (JALONS_DEMO=1) ou avec --force."
            )
        if options["plies"] < 0:
            raise CommandError("Le nombre de PLIE doit être positif.")
        opts = Options(
            participants=options["participants"],
            plies=options["plies"],
            seed=options["seed"],
            years=options["years"],
            batch_size=options["batch_size"],
        )
        if options["today"]:
            opts.today = options["today"]
        shown = f"{opts.participants:_}".replace("_", " ")
        self.stdout.write(
            f"Génération de {shown} participants dans {opts.plie_count} PLIE "
            f"({database_label()}), graine {opts.seed}…"
        )

        def progress(done: int, total: int, elapsed: float) -> None:
            self.stdout.write(
                f"  {done:>10_} / {total:_} participants — {elapsed:_.0f} s".replace("_", " ")
            )
            self.stdout.flush()

        try:
            report = generate(opts, progress, say=lambda text: self.stdout.write(f"  {text}"))
        except ScaleDataExists as error:
            raise CommandError(
                "Un jeu de données de volumétrie existe déjà dans cette base (OI « ECHELLE ») : "
                "utilisez une base vide."
            ) from error
        for label, count in report.counts.items():
            self.stdout.write(f"  {label:<32} {count:>12_}".replace("_", " "))
        rows = sum(report.counts.values())
        self.stdout.write(f"  dont écriture en base : {report.write_seconds:.1f} s")
        rate = rows / max(report.seconds, 0.001)
        self.stdout.write(
            self.style.SUCCESS(
                f"Terminé en {report.seconds:_.1f} s ({rate:_.0f} lignes/s).".replace("_", " ")
            )
        )
