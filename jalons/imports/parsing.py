"""Reading import files (interfaces.md "Import files"): CSV or XLSX into rows of cells.

A file is refused as a whole (`ImportFileError`) when it is not UTF-8, is empty, is not a
readable XLSX or has the wrong columns; otherwise every data row comes out with the line
number a spreadsheet shows (header = line 1), and cell values are checked line by line by
`Line`, which collects every error instead of stopping at the first.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

from dateutil.relativedelta import relativedelta

from jalons.core.dates import parse_date
from jalons.imports.report import LineError

XLSX_MAGIC = b"PK\x03\x04"
MIN_DATE = date(1900, 1, 1)


class ImportFileError(Exception):
    """The whole file is refused; the message is French and shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str  # French, shown on the upload page


@dataclass
class Table:
    columns: frozenset[str]
    rows: list[tuple[int, dict[str, Any]]]  # (line number, column -> cell)


def read_table(data: bytes, filename: str, columns: Sequence[Column]) -> Table:
    """Decode `data` (CSV or XLSX) and check its header against `columns`."""
    if not data or not data.strip():
        raise ImportFileError("Le fichier est vide.")
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(XLSX_MAGIC)
    records = _xlsx_records(data) if is_xlsx else _csv_records(data)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, Any]]] = []
    names: list[str] = []
    for number, cells in enumerate(records, start=1):
        if header is None:
            header = [str(c if c is not None else "").strip().lower() for c in cells]
            while header and not header[-1]:
                header.pop()
            if not header:
                raise ImportFileError("Le fichier est vide.")
            names = _check_header(header, columns)
            continue
        if all(_blank(c) for c in cells):
            continue  # blank lines (often at the end of an export) are not data
        extra = [c for c in cells[len(names) :] if not _blank(c)]
        row = {name: _cell(cells[i]) if i < len(cells) else "" for i, name in enumerate(names)}
        if extra:
            row["__extra__"] = len(names) + len(extra)
        rows.append((number, row))
    if header is None:
        raise ImportFileError("Le fichier est vide.")
    if not rows:
        raise ImportFileError(
            "Le fichier ne contient aucune ligne de données (seulement la ligne d'en-tête)."
        )
    return Table(columns=frozenset(names), rows=rows)


def _check_header(header: list[str], columns: Sequence[Column]) -> list[str]:
    known = {c.name for c in columns}
    problems = []
    empty = [str(i + 1) for i, name in enumerate(header) if not name]
    if empty:
        problems.append("Colonne(s) sans nom en position " + ", ".join(empty) + ".")
    unknown = [name for name in header if name and name not in known]
    if unknown:
        problems.append(
            "Colonne(s) inconnue(s) : "
            + ", ".join(unknown)
            + ". Colonnes possibles : "
            + ", ".join(c.name for c in columns)
            + "."
        )
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        problems.append("Colonne(s) en double : " + ", ".join(duplicates) + ".")
    missing = [c.name for c in columns if c.required and c.name not in header]
    if missing:
        problems.append("Colonne(s) obligatoire(s) manquante(s) : " + ", ".join(missing) + ".")
    if problems:
        raise ImportFileError("En-tête du fichier (ligne 1) incorrect. " + " ".join(problems))
    return header


def _csv_records(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"Le fichier n'est pas encodé en UTF-8 (caractère illisible à la ligne {line}) : "
            "enregistrez-le au format « CSV UTF-8 » puis déposez-le à nouveau."
        ) from exc
    if "\x00" in text:
        raise ImportFileError("Le fichier n'est ni un CSV en UTF-8 ni un classeur XLSX lisible.")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    except csv.Error as exc:
        raise ImportFileError(f"Le fichier CSV est mal formé : {exc}.") from exc


def _xlsx_records(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError(
            "Le fichier n'est pas un classeur XLSX lisible : enregistrez-le au format Excel "
            "(.xlsx) ou CSV UTF-8."
        ) from exc
    except Exception as exc:  # openpyxl raises various errors on damaged archives
        raise ImportFileError("Le fichier n'est pas un classeur XLSX lisible.") from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError("Le classeur XLSX ne contient aucune feuille.")
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(value: Any) -> Any:
    """A cell as text, except XLSX dates which stay dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# ---------------------------------------------------------------- values

BOOLEANS = {
    "oui": True,
    "non": False,
    "1": True,
    "0": False,
    "true": True,
    "false": False,
    "vrai": True,
    "faux": False,
}


def parse_decimal_text(text: str) -> Decimal:
    compact = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        raise ValueError(f"« {text} » n'est pas un nombre.") from None
    if not value.is_finite():
        raise ValueError(f"« {text} » n'est pas un nombre.")
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@cache
def _choice_keys(choices: tuple[str, ...]) -> dict[str, str]:
    return {c.casefold(): c for c in choices}


def fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class Line:
    """One data row being checked: typed getters that record errors and return None."""

    def __init__(self, number: int, cells: dict[str, Any], errors: list[LineError]) -> None:
        self.number = number
        self.cells = cells
        self.errors = errors
        self.ok = True
        if "__extra__" in cells:
            self.error(
                "",
                f"La ligne compte {cells['__extra__']} valeurs pour "
                f"{len(cells) - 1} colonnes d'en-tête.",
            )

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(LineError(self.number, column, message))

    def raw(self, column: str) -> Any:
        return self.cells.get(column, "")

    def text(self, column: str, *, required: bool = False, max_length: int = 255) -> str:
        value = self.raw(column)
        value = fmt(value) if isinstance(value, date) else value
        if not value:
            if required:
                self.error(column, "Valeur obligatoire manquante.")
            return ""
        if len(value) > max_length:
            self.error(column, f"Texte trop long ({len(value)} caractères, {max_length} au plus).")
            return ""
        return str(value)

    def choice(self, column: str, choices: tuple[str, ...], *, required: bool = False) -> str:
        value = self.text(column, required=required)
        if not value:
            return ""
        found = _choice_keys(choices).get(value.casefold())
        if found is None:
            self.error(
                column,
                f"Valeur « {value} » inconnue ; valeurs possibles : " + ", ".join(choices) + ".",
            )
            return ""
        return found

    def boolean(self, column: str, *, required: bool = False) -> bool | None:
        value = self.text(column, required=required)
        if not value:
            return None
        parsed = BOOLEANS.get(value.casefold())
        if parsed is None:
            self.error(
                column, f"« {value} » n'est pas un booléen : attendu oui/non, 1/0 ou true/false."
            )
        return parsed

    def date(
        self, column: str, *, required: bool = False, latest: date, earliest: date = MIN_DATE
    ) -> date | None:
        value = self.raw(column)
        if isinstance(value, date):
            day = value
        elif not value:
            if required:
                self.error(column, "Date obligatoire manquante.")
            return None
        else:
            try:
                day = parse_date(value)
            except ValueError as exc:
                self.error(column, str(exc))
                return None
        if day < earliest:
            self.error(
                column, f"Date invraisemblable ({fmt(day)}) : antérieure au {fmt(earliest)}."
            )
            return None
        if day > latest:
            self.error(column, f"Date invraisemblable ({fmt(day)}) : postérieure au {fmt(latest)}.")
            return None
        return day

    def decimal(self, column: str, *, maximum: Decimal) -> Decimal | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = parse_decimal_text(value)
        except ValueError as exc:
            self.error(column, str(exc))
            return None
        if number < 0:
            self.error(column, f"La valeur doit être positive (« {value} »).")
            return None
        if number > maximum:
            self.error(column, f"Valeur trop grande (« {value} », {maximum} au plus).")
            return None
        return number


def latest_plausible(today: date) -> date:
    """Entries, exits and steps may be planned up to a year ahead, not beyond."""
    return today + relativedelta(years=1)
