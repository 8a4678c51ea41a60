"""Protocol set-up from versioned data files (`data/*.json`)."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from jalons.organisations.models import Organisation
from jalons.protocols.models import Protocol, ProtocolTarget

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_protocol_file(name: str) -> list[dict[str, Any]]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(json.load(handle)["protocols"])


@transaction.atomic
def install_protocols(plie: Organisation, protocols: list[dict[str, Any]]) -> list[Protocol]:
    """Create (or update) a PLIE's protocols and their targets — idempotent."""
    created = []
    for spec in protocols:
        protocol, _ = Protocol.objects.update_or_create(
            plie=plie,
            name=spec["name"],
            defaults={
                "start_date": date.fromisoformat(spec["start"]),
                "end_date": date.fromisoformat(spec["end"]),
            },
        )
        for target in spec["targets"]:
            ProtocolTarget.objects.update_or_create(
                protocol=protocol,
                key=target["key"],
                unit=target["unit"],
                year=target.get("year"),
                defaults={"value": Decimal(str(target["value"]))},
            )
        created.append(protocol)
    return created
