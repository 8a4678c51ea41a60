"""The review as CSV (`;` + BOM, for spreadsheets), XLSX and PDF, with French labels."""

import csv
import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from jalons.reports.labels import rows


def _title(bilan: dict[str, Any]) -> str:
    start = date.fromisoformat(bilan["period"]["from"])
    end = date.fromisoformat(bilan["period"]["to"])
    plies = ", ".join(bilan["plie"]) or "tous les PLIE"
    return f"Bilan du {start:%d/%m/%Y} au {end:%d/%m/%Y} – {plies}"


def to_csv(bilan: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_title(bilan)])
    writer.writerow(["Rubrique", "Indicateur", "Valeur", "Part"])
    for row in rows(bilan):
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(bilan: dict[str, Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bilan"
    ws.append([_title(bilan)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(["Rubrique", "Indicateur", "Valeur", "Part"])
    header_fill = PatternFill("solid", fgColor="1F5F7A")
    for cell in ws[3]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
    for section, label, value, share in rows(bilan):
        ws.append([section, label, value, share])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 62
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["D"].width = 12
    for row in ws.iter_rows(min_row=4, min_col=4, max_col=4):
        row[0].alignment = Alignment(horizontal="right")
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
