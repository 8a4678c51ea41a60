from typing import Any

from django.core.management.base import BaseCommand

from jalons.exports.runs import purge_exports


class Command(BaseCommand):
    help = (
        "Supprime les fichiers d'export de plus de 24 heures (et les restes d'exports "
        "interrompus) ; à lancer chaque jour, ou plus souvent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_exports()
        self.stdout.write(f"{deleted} fichier(s) d'export supprimé(s).")
