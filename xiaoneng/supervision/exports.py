"""Excel exports of the supervision lists (openpyxl, write-only workbook).

The export streams the same filtered queryset the page shows, in chunks from
the database cursor (``iterator``) into a write-only workbook, whose memory
does not grow with the number of rows. A sheet holds at most ``MAX_ROWS``.
"""

import tempfile

from django.http import FileResponse

MAX_ROWS = 100_000  # an Excel sheet holds 1,048,576 rows; past this, filter first
CHUNK = 2000


def xlsx_response(*, filename: str, title: str, columns, rows) -> FileResponse:
    """A download of ``rows`` (objects) as one sheet; ``columns`` are ``Column``s."""
    # Imported here: every process loads the URL conf (and so this module), few export.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(column.header) for column in columns])
    for count, obj in enumerate(rows):
        if count >= MAX_ROWS:
            break
        sheet.append([column.cell(obj) for column in columns])
    # Spooled: in memory for a small list, on disk past 8 MB.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
