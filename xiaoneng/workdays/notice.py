"""Reading a State Council holiday notice from a simple file, before it touches the database.

The file is CSV in UTF-8 (a byte-order mark, as Excel writes, is accepted),
one day per row::

    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-06,holiday,春节
    2027-02-20,workday,春节

- ``date`` is ISO ``YYYY-MM-DD``; ``kind`` is ``holiday`` (放假) or
  ``workday`` (调休上班); ``name`` is the holiday the notice names (for a
  ``workday`` row, the holiday it makes up for).
- The header row is optional (recognised by its first cell, ``date`` or
  ``日期``); blank lines and lines starting with ``#`` are ignored.
- All dates lie in one year: the import replaces that year's days.
- No date appears twice, neither repeated nor contradicting itself.
- A ``workday`` row must be a Saturday or Sunday: a weekday is a working day
  anyway, so such a row is a typo for a neighbouring date. A ``holiday`` row
  may fall on a weekend: notices list the whole holiday period ("2月15日至
  23日放假调休，共9天") and the weekend days keep the holiday's name.

Every problem in the file is reported, with its line number, before anything
is written; ``services.import_notice`` then applies the rows in one
transaction.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from xiaoneng.workdays.calendar import SPAN_END, SPAN_START

HOLIDAY = "holiday"
WORKDAY = "workday"
KINDS = (HOLIDAY, WORKDAY)
NAME_MAX_LENGTH = 64
_HEADER_CELLS = {"date", "日期"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class NoticeError(ValueError):
    """A notice file that cannot be imported; ``errors`` lists every problem."""

    def __init__(self, errors: Sequence[str]):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """One day of a notice: ``is_workday`` is True for an adjusted working day."""

    date: date
    is_workday: bool
    name: str
    line: int = 0

    @property
    def kind(self) -> str:
        return WORKDAY if self.is_workday else HOLIDAY


def parse_iso_date(text: str) -> date:
    """A strict ``YYYY-MM-DD`` date; ValueError otherwise.

    Stricter than ``date.fromisoformat``, which also takes ``20270101`` and
    week dates that no official would type into a notice file.
    """
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def parse_notice(text: str) -> list[NoticeRow]:
    """Parse and validate a notice file's text; NoticeError lists every problem."""
    rows, errors = [], []
    for line, cells in _data_lines(text):
        try:
            rows.append(_parse_row(line, cells))
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise NoticeError(errors)
    validate_notice(rows)
    return rows


def validate_notice(rows: Sequence[NoticeRow]) -> int:
    """Check the rows as one notice and return its year; NoticeError otherwise."""
    if not rows:
        raise NoticeError([_("The notice file holds no rows.")])
    errors = []
    years = sorted({row.date.year for row in rows})
    if len(years) > 1:
        errors.append(
            _("The rows span several years ({years}); a notice file holds one year.").format(
                years=", ".join(str(year) for year in years)
            )
        )
    first_seen: dict[date, NoticeRow] = {}
    for row in rows:
        errors.extend(_row_errors(row, first_seen.get(row.date)))
        first_seen.setdefault(row.date, row)
    if errors:
        raise NoticeError(errors)
    return years[0]


def _data_lines(text: str) -> Iterable[tuple[int, list[str]]]:
    """(line number, cells) of each data row: no blanks, comments or header."""
    header_allowed = True
    for line, cells in enumerate(csv.reader(text.lstrip("\ufeff").splitlines()), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        while len(cells) > 3 and not cells[-1]:
            cells.pop()  # trailing empty cells, as spreadsheets export them
        if header_allowed and cells[0].lower() in _HEADER_CELLS:
            header_allowed = False
            continue
        header_allowed = False
        yield line, cells


def _parse_row(line: int, cells: list[str]) -> NoticeRow:
    if len(cells) != 3:
        raise ValueError(
            _("Line {line}: expected 3 fields (date, kind, name), found {count}.").format(
                line=line, count=len(cells)
            )
        )
    text, kind, name = cells
    try:
        day = parse_iso_date(text)
    except ValueError:
        raise ValueError(
            _("Line {line}: “{value}” is not a date in the form YYYY-MM-DD.").format(
                line=line, value=text
            )
        ) from None
    if kind.lower() not in KINDS:
        raise ValueError(
            _("Line {line}: the kind must be “holiday” or “workday”, not “{value}”.").format(
                line=line, value=kind
            )
        )
    return NoticeRow(date=day, is_workday=kind.lower() == WORKDAY, name=name, line=line)


def _row_errors(row: NoticeRow, earlier: NoticeRow | None) -> list[str]:
    errors = []
    where = {"line": row.line, "date": row.date.isoformat()}
    if not SPAN_START <= row.date <= SPAN_END:
        errors.append(
            _("Line {line}: {date} is outside the calendar ({start} to {end}).").format(
                start=SPAN_START.isoformat(), end=SPAN_END.isoformat(), **where
            )
        )
    if not row.name:
        errors.append(_("Line {line}: {date} has no holiday name.").format(**where))
    elif len(row.name) > NAME_MAX_LENGTH:
        errors.append(
            _("Line {line}: the name is longer than {limit} characters.").format(
                limit=NAME_MAX_LENGTH, **where
            )
        )
    if row.is_workday and row.date.weekday() < 5:
        errors.append(
            _(
                "Line {line}: {date} is a weekday; only a Saturday or Sunday can be made "
                "a working day."
            ).format(**where)
        )
    if earlier is not None:
        message = (
            _("Line {line}: {date} is listed again (first on line {first}).")
            if earlier.is_workday == row.is_workday
            else _("Line {line}: {date} contradicts line {first}, which gives it another kind.")
        )
        errors.append(message.format(first=earlier.line, **where))
    return errors
