"""What `import_participants` and `import_steps` share (interfaces.md "Command line")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jalons.imports import services
from jalons.imports.parsing import ImportFileError
from jalons.imports.report import ImportReport
from jalons.organisations.enums import OrganisationKind
from jalons.organisations.models import Organisation

NOUNS = {"participants": "participants", "steps": "étapes"}


def _n(value: float, decimals: int = 0) -> str:
    """French number: thin-space thousands, decimal comma."""
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    return text


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="fichier CSV (UTF-8) ou XLSX")
        parser.add_argument("--plie", help="code du PLIE, ex. AIX")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="vérifier le fichier et dire ce qui serait fait, sans rien enregistrer",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["file"]:
            raise CommandError("Indiquez le fichier à importer.")
        if not options["plie"]:
            raise CommandError("Indiquez le PLIE avec --plie CODE.")
        plie = Organisation.objects.filter(
            kind=OrganisationKind.PLIE, code__iexact=options["plie"].strip()
        ).first()
        if plie is None:
            raise CommandError(f"PLIE inconnu : {options['plie']}.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {path}.") from None
        except OSError as exc:
            raise CommandError(f"Lecture impossible de {path} : {exc.strerror}.") from None
        try:
            if options["dry_run"]:
                report = services.preview(self.kind, plie, data, path.name)
            else:
                report = services.run_import(self.kind, plie, data, path.name)
        except ImportFileError as exc:
            raise CommandError(f"Fichier refusé : {exc.message}") from None
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Import refusé : {_n(report.error_lines)} ligne(s) en erreur sur "
                f"{_n(report.rows)}, rien n'a été enregistré."
            )
        self.stdout.write(self._summary(report, options["dry_run"]))

    def _summary(self, report: ImportReport, dry_run: bool) -> str:
        noun = NOUNS[self.kind]
        rows = _count(report.rows, "ligne", "lignes")
        if dry_run:
            head = f"Vérification des {noun} (rien n'est enregistré) : {rows}"
            counts = (
                f"{_n(report.to_create)} à créer, {_n(report.to_update)} à mettre à jour, "
                f"{_count(report.unchanged, 'inchangée', 'inchangées')}"
            )
        else:
            head = f"Import des {noun} terminé : {rows}"
            counts = ", ".join(
                [
                    _count(report.to_create, "créée", "créées"),
                    _count(report.to_update, "mise à jour", "mises à jour"),
                    _count(report.unchanged, "inchangée", "inchangées"),
                ]
            )
        speed = f"{_n(report.elapsed, 2)} s, {_n(report.rows_per_second)} lignes/s"
        return f"{head} — {counts} ({speed})."


def _count(value: int, singular: str, plural: str) -> str:
    return f"{_n(value)} {singular if value <= 1 else plural}"
