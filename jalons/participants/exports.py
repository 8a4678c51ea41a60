"""Participants as an XLSX spreadsheet, written in constant memory whatever the volume.

The rows come from the database by chunks (`iterator(chunk_size=…)`: a server-side cursor
on PostgreSQL) and go straight into an openpyxl write-only workbook backed by a temporary
file, which the web layer then streams. No sensitive column: identity, commune, status and
the current pathway's entry date, referent and lot only.
"""

import tempfile
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from jalons.participants.enums import ParticipantStatus, Sex

COLUMNS = (
    "identifiant", "nom", "prénom", "sexe", "date de naissance", "commune", "statut",
    "date d'entrée", "référent", "lot",
)  # fmt: skip
WIDTHS = (38, 24, 20, 8, 16, 26, 18, 14, 28, 8)
FIELDS = (
    "source_id", "uid", "last_name", "first_name", "sex", "birth_date", "commune__name",
    "status", "current_pathway__entry_date", "current_pathway__referent__first_name",
    "current_pathway__referent__last_name", "current_pathway__lot__code",
)  # fmt: skip
CHUNK_SIZE = 2000
DATE_FORMAT = "DD/MM/YYYY"
STATUS_LABELS = dict(ParticipantStatus.choices)
SEX_LABELS = dict(Sex.choices)


def export_rows(queryset: QuerySet) -> Iterator[tuple[Any, ...]]:
    """One tuple of cell values per participant, in name order, read by chunks."""
    ordered = queryset.order_by("last_name", "first_name", "pk").values_list(*FIELDS)
    for (source_id, uid, last, first, sex, birth, commune, status, entry, ref_first, ref_last,
         lot) in ordered.iterator(chunk_size=CHUNK_SIZE):  # fmt: skip
        referent = f"{ref_first} {ref_last}".strip() if (ref_first or ref_last) else ""
        yield (
            source_id or str(uid), last, first, SEX_LABELS.get(sex, sex), birth, commune or "",
            STATUS_LABELS.get(status, status), entry, referent, lot or "",
        )  # fmt: skip


def _row(sheet: WriteOnlyWorksheet, values: tuple[Any, ...]) -> list[Any]:
    cells: list[Any] = []
    for value in values:
        if isinstance(value, date):
            # The stub omits `date`, but WriteOnlyCell hands the value to Cell, which takes it.
            cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
            cell.number_format = DATE_FORMAT
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def write_participants_xlsx(queryset: QuerySet, target: IO[bytes]) -> int:
    """Write the participants of `queryset` to `target`; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Participants")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for values in export_rows(queryset):
        sheet.append(_row(sheet, values))
        count += 1
    workbook.save(target)
    return count


def participants_xlsx_file(queryset: QuerySet) -> tuple[IO[bytes], int]:
    """A temporary file holding the spreadsheet, rewound; deleted once closed."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the response closes it)
    try:
        count = write_participants_xlsx(queryset, handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle, count
