"""Organisation set-up operations (one home each, atomic)."""

from django.db import transaction

from jalons.organisations.enums import OrganisationKind
from jalons.organisations.models import Organisation
from jalons.territory.models import Commune


class SetupError(Exception):
    """Bad set-up input; the message is French."""


@transaction.atomic
def create_plie(
    code: str, name: str, communes: list[str] | None = None, oi: Organisation | None = None
) -> Organisation:
    """Create a PLIE with its communes (default: every commune of the reference territory)."""
    code = code.strip().upper()
    if not code or not code.replace("_", "").replace("-", "").isalnum() or len(code) > 30:
        raise SetupError("Le code du PLIE doit être alphanumérique (30 caractères au plus).")
    if not name.strip():
        raise SetupError("Le nom du PLIE est obligatoire.")
    if Organisation.objects.filter(kind=OrganisationKind.PLIE, code=code).exists():
        raise SetupError(f"Un PLIE de code {code} existe déjà.")
    if communes:
        wanted = {c.strip() for c in communes if c.strip()}
        found = list(Commune.objects.filter(insee_code__in=wanted))
        missing = sorted(wanted - {c.insee_code for c in found})
        if missing:
            raise SetupError("Code(s) INSEE inconnu(s) dans le référentiel : " + ", ".join(missing))
    else:
        found = list(Commune.objects.all())
    plie = Organisation.objects.create(
        kind=OrganisationKind.PLIE, code=code, name=name.strip(), oi=oi
    )
    plie.communes.set(found)
    return plie
