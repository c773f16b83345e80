"""Tables as CSV and XLSX files, holding the numbers a dashboard shows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from lisa.dashboards.selectors import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(columns: list[str], rows: Iterable[list[object]], filename: str) -> HttpResponse:
    """Return the rows as a UTF-8 CSV download (with a BOM, so spreadsheets read accents)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return response


def _sheet_title(title: str, taken: set[str]) -> str:
    # Excel refuses these characters and more than 31 characters in a sheet's name.
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "Table"
    name, number = base, 2
    while name in taken:
        name, number = f"{base} {number}", number + 1
    taken.add(name)
    return name


def xlsx_response(tables: list[Table], filename: str, *, heading: str = "") -> HttpResponse:
    """Return the tables as a workbook, one sheet each, numbers kept as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        if heading:
            sheet.append([heading])
            sheet.append([table.title])
        sheet.append(table.columns)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
