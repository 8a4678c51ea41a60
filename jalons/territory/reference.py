"""Loads the versioned reference files of `data/` (idempotent upserts, run after migrate)."""

import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    from jalons.territory.models import (
        BassinDeVie,
        Commune,
        CommunePostalCode,
        DiplomaLevel,
        Qpv,
        RomeCode,
        RomeDomain,
        SmicRate,
    )

    counts: dict[str, int] = {}
    bassins: dict[str, BassinDeVie] = {}
    communes: dict[str, Commune] = {}
    for row in _rows("communes.csv"):
        name = row["bassin_de_vie"]
        if name not in bassins:
            bassins[name], _ = BassinDeVie.objects.update_or_create(
                code=slugify(name), defaults={"name": name}
            )
        communes[row["insee_code"]], _ = Commune.objects.update_or_create(
            insee_code=row["insee_code"],
            defaults={
                "name": row["name"],
                "postal_code": row["postal_code"],
                "department_code": row["department_code"],
                "bassin": bassins[name],
                "latitude": Decimal(row["latitude"]) if row["latitude"] else None,
                "longitude": Decimal(row["longitude"]) if row["longitude"] else None,
                "population": int(row["population"]) if row["population"] else None,
            },
        )
    counts["communes"] = len(communes)
    for row in _rows("commune_postal_codes.csv"):
        CommunePostalCode.objects.update_or_create(
            commune=communes[row["insee_code"]],
            postal_code=row["postal_code"],
            defaults={"is_main": row["is_main"] == "true"},
        )
    for row in _rows("qpv.csv"):
        defaults: dict[str, Any] = {"code": row["qpv_code"] or None}
        Qpv.objects.update_or_create(
            commune=communes[row["insee_code"]],
            name=row["name"],
            generation=row["generation"],
            defaults=defaults,
        )
    for row in _rows("smic.csv"):
        SmicRate.objects.update_or_create(
            effective_date=date.fromisoformat(row["effective_date"]),
            defaults={
                "hourly_gross": Decimal(row["hourly_gross_eur"]),
                "monthly_gross": Decimal(row["monthly_gross_eur"]),
            },
        )
    for position, row in enumerate(_rows("isced_levels.csv")):
        DiplomaLevel.objects.update_or_create(
            position=position,
            defaults={
                "new_level": row["new_level"],
                "old_level": row["old_level"],
                "isced": row["isced"],
                "label": row["label_fr"],
            },
        )
    domains = {}
    for row in _rows("rome_domains.csv"):
        domains[row["code"]], _ = RomeDomain.objects.update_or_create(
            code=row["code"], defaults={"label": row["label"]}
        )
    existing = set(RomeCode.objects.values_list("code", flat=True))
    RomeCode.objects.bulk_create(
        [
            RomeCode(
                code=row["code_rome"],
                label=row["label"],
                domain=domains[row["domain_letter"]],
                parent_code=row["parent_code_rome"],
                sheet_label=row["fiche_rome_label"],
            )
            for row in _rows("rome_codes.csv")
            if row["code_rome"] not in existing
        ]
    )
    counts["rome"] = RomeCode.objects.count()
    return counts


def load_reference_data_after_migrate(**kwargs: Any) -> None:
    load_reference_data()
