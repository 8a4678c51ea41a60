from jalons.imports.enums import ImportKind
from jalons.imports.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = (
        "Importe un fichier de participants, parcours et sorties (CSV ou XLSX, voir "
        "interfaces.md) dans un PLIE."
    )
    kind = ImportKind.PARTICIPANTS
