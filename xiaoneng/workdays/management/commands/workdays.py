"""``manage.py workdays``: working-day arithmetic and notice imports from the shell.

    workdays add 2026-09-28 20             the due date, as ISO (2026-10-30)
    workdays between 2026-09-28 2026-10-31 working days in (A, B] (20)
    workdays info                          the loaded years, confirmed or not
    workdays import notice-2027.csv        load a year's notice (see notice.py)

Results go to stdout alone, so scripts can read them. A bad argument is one
line on stderr, in Chinese and English, with exit code 2; a result that
depends on a year whose notice is not loaded adds a warning line on stderr.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from xiaoneng.workdays.calendar import SPAN_END, SPAN_START, OutsideSpanError, WorkCalendar
from xiaoneng.workdays.notice import NoticeError, parse_iso_date, parse_notice
from xiaoneng.workdays.selectors import year_summaries
from xiaoneng.workdays.services import get_calendar, import_notice

USAGE_ERROR = 2
INFO_COLUMNS = (_("Year"), _("Notice"), _("Holidays"), _("Adjusted working days"), _("Source"))
_COUNT = re.compile(r"-?\d+")


def bilingual(template, **values) -> str:
    """``template`` rendered in Chinese and in English, on one line.

    Operators of the department read Chinese; vendors' support staff and the
    logs they are sent read English. Identical renderings (no translation
    yet) are shown once.
    """
    rendered = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            text = str(template).format(**values)
        if text not in rendered:
            rendered.append(text)
    return " / ".join(rendered)


def usage_error(template, **values) -> CommandError:
    return CommandError(bilingual(template, **values), returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = _("Working-day arithmetic on the official calendar, and holiday-notice imports.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help=_("Print the N-th working day after DATE."))
        add.add_argument("date", metavar="DATE")
        add.add_argument("count", metavar="N")
        between = actions.add_parser("between", help=_("Print the working days in (A, B]."))
        between.add_argument("start", metavar="A")
        between.add_argument("end", metavar="B")
        actions.add_parser("info", help=_("List the loaded years and which are confirmed."))
        load = actions.add_parser(
            "import", help=_("Load a year's holiday notice from a CSV file (date,kind,name).")
        )
        load.add_argument("file", metavar="FILE")
        load.add_argument("--note", default="", help=_("The notice's number, kept with the year."))

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    # -- subcommands ---------------------------------------------------------

    def handle_add(self, *, date, count, **options):
        start, count = parse_date(date), parse_count(count)
        calendar = get_calendar()
        try:
            due = calendar.add_workdays(start, count)
        except OutsideSpanError:
            raise usage_error(
                _("The result lies beyond {end}, the end of the calendar."),
                end=SPAN_END.isoformat(),
            ) from None
        self.stdout.write(due.isoformat())
        self.warn_if_unconfirmed(calendar, start, due)

    def handle_between(self, *, start, end, **options):
        start, end = parse_date(start), parse_date(end)
        if end < start:
            raise usage_error(
                _("The end date {end} is before the start date {start}."),
                start=start.isoformat(),
                end=end.isoformat(),
            )
        calendar = get_calendar()
        self.stdout.write(str(calendar.workdays_between(start, end)))
        self.warn_if_unconfirmed(calendar, start, end)

    def handle_info(self, **options):
        summaries = year_summaries()
        confirmed = [summary.year for summary in summaries if summary.confirmed]
        self.stdout.write("\t".join(str(title) for title in INFO_COLUMNS))
        for summary in summaries:
            status = _("confirmed") if summary.confirmed else _("unconfirmed")
            self.stdout.write(
                f"{summary.year}\t{status}\t{summary.holidays}\t{summary.workdays}\t{summary.source}"
            )
        if confirmed:
            line = str(_("Confirmed years: {years}")).format(years=year_ranges(confirmed))
            self.stdout.write(line)
        self.stdout.write(
            str(_("Other years are counted Monday to Friday and reported as unconfirmed."))
        )

    def handle_import(self, *, file, note, **options):
        rows = self.read_notice(Path(file))
        result = import_notice(rows, acting_user=None, note=note)
        if result.changed:
            message = _(
                "Imported the {year} notice: {holidays} holidays, {workdays} adjusted working "
                "days. {year} is confirmed."
            )
        else:
            message = _("The {year} notice is already loaded with exactly these days.")
        self.stdout.write(
            str(message).format(
                year=result.year, holidays=result.holidays, workdays=result.workdays
            )
        )

    # -- helpers -------------------------------------------------------------

    def read_notice(self, path: Path):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise usage_error(
                _("Cannot read {path}: {error}"), path=path, error=exc.strerror
            ) from None
        except UnicodeDecodeError:
            raise usage_error(_("{path} is not UTF-8 text."), path=path) from None
        try:
            return parse_notice(text)
        except NoticeError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise usage_error(
                ngettext_lazy(
                    "Import refused, nothing was changed: {count} problem in {path}.",
                    "Import refused, nothing was changed: {count} problems in {path}.",
                    len(exc.errors),
                ),
                count=len(exc.errors),
                path=path,
            ) from None

    def warn_if_unconfirmed(self, calendar: WorkCalendar, start, end) -> None:
        if not calendar.unconfirmed_between(start, end):
            return
        low, high = sorted((start, end))
        first_counted = low + timedelta(days=1)  # the range is (low, high]
        years = [
            year
            for year in range(first_counted.year, high.year + 1)
            if not calendar.is_confirmed(year)
        ]
        self.stderr.write(
            bilingual(
                _(
                    "Warning: the result depends on {years}, whose holiday notice is not "
                    "loaded; Monday to Friday were counted as working days there."
                ),
                years=", ".join(str(year) for year in years),
            )
        )


def parse_date(text: str):
    try:
        day = parse_iso_date(text)
    except ValueError:
        raise usage_error(
            _("Invalid date “{value}”: expected YYYY-MM-DD, e.g. 2026-09-28."), value=text
        ) from None
    if not SPAN_START <= day <= SPAN_END:
        raise usage_error(
            _("The date {value} is outside the calendar, which covers {start} to {end}."),
            value=text,
            start=SPAN_START.isoformat(),
            end=SPAN_END.isoformat(),
        )
    return day


def parse_count(text: str) -> int:
    if not _COUNT.fullmatch(text.strip()):
        raise usage_error(
            _("Invalid count “{value}”: expected a whole number of working days."), value=text
        )
    count = int(text)
    if count < 0:
        raise usage_error(_("Invalid count {value}: it must not be negative."), value=text)
    return count


def year_ranges(years: list[int]) -> str:
    """``2004–2026`` for consecutive years, ``2004–2010, 2012`` with gaps."""
    ranges: list[list[int]] = []
    for year in sorted(years):
        if ranges and year == ranges[-1][1] + 1:
            ranges[-1][1] = year
        else:
            ranges.append([year, year])
    return ", ".join(str(low) if low == high else f"{low}–{high}" for low, high in ranges)
