"""``manage.py workdays``: results on stdout, one bilingual line and exit 2 on bad input."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext_lazy as lazy_text  # not extracted: not ours

from xiaoneng.workdays.management.commands.workdays import Command, bilingual, year_ranges
from xiaoneng.workdays.models import CalendarDay, CalendarYear

NOTICE_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-20,workday,春节\n"


def run(*args):
    """Run the command; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_from_shell(capsys, *args):
    """Run as ``manage.py`` does: CommandError becomes stderr and an exit code."""
    with translation.override("en"), pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "workdays", *args])
    return exit_info.value.code, capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "output"),
    [
        (["add", "2026-09-28", "20"], "2026-10-30\n"),  # National Day, Sat 10-10 worked
        (["add", "2026-02-09", "20"], "2026-03-13\n"),  # Spring Festival
        (["add", "2026-02-15", "0"], "2026-02-15\n"),
        (["between", "2026-09-28", "2026-10-31"], "20\n"),
        (["between", "2026-02-13", "2026-02-28"], "6\n"),
    ],
)
def test_results_are_printed_alone(args, output):
    assert run(*args) == (output, "")


@pytest.mark.django_db
def test_result_in_a_year_without_notice_warns_on_stderr():
    out, err = run("add", "2026-12-15", "20")
    assert out == "2027-01-12\n"
    assert err.count("\n") == 1
    assert "Warning" in err
    assert "2027" in err


@pytest.mark.django_db
def test_info_lists_the_years_and_which_are_confirmed():
    CalendarYear.objects.create(year=2027, notice_loaded=False)
    out, _err = run("info")
    lines = out.splitlines()
    assert lines[1].startswith("2004\tconfirmed\t")
    assert "2026\tconfirmed\t33\t6\tchinesecalendar package" in lines
    assert "2027\tunconfirmed\t0\t0\tAdmin edit" in lines
    assert "Confirmed years: 2004–2026" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "2026-13-01", "5"], "Invalid date “2026-13-01”"),
        (["add", "28/09/2026", "5"], "Invalid date"),
        (["add", "2026-09-28", "-3"], "Invalid count -3: it must not be negative"),
        (["add", "2026-09-28", "twenty"], "Invalid count “twenty”"),
        (["add", "2026-09-28", "2.5"], "Invalid count"),
        (["between", "2026-10-31", "2026-09-28"], "before the start date"),
        (["between", "1999-01-01", "2026-09-28"], "outside the calendar"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_code_2(capsys, args, message):
    code, err = run_from_shell(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1
    assert message in err


@pytest.mark.django_db
def test_result_beyond_the_calendar_is_an_error(capsys):
    code, err = run_from_shell(capsys, "add", "2100-12-01", "100")
    assert (code, err.count("\n")) == (2, 1)


def test_messages_are_rendered_in_chinese_and_english():
    line = bilingual(lazy_text("Invalid count {value}: it must not be negative."), value=-1)
    assert line == "天数 -1 无效：不能为负数。 / Invalid count -1: it must not be negative."
    # Untranslated text is shown once.
    assert bilingual(lazy_text("No such text {n}"), n=1) == "No such text 1"


def test_real_manage_py_exits_2_on_a_bad_date():
    completed = subprocess.run(
        [sys.executable, "manage.py", "workdays", "add", "2026-02-30", "5"],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "2026-02-30" in completed.stderr


@pytest.mark.django_db
def test_import_loads_a_notice_file(tmp_path):
    notice = tmp_path / "2027.csv"
    notice.write_bytes(("\ufeff" + NOTICE_2027).encode())  # as Excel saves UTF-8
    out, _err = run("import", str(notice), "--note", "test notice")
    assert "2027" in out
    assert CalendarYear.objects.get(year=2027).notice_loaded
    assert run("add", "2026-12-31", "1") == ("2027-01-04\n", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,workday,元旦\n".encode(),
        "2027-01-01,holiday,元旦\n".encode("gbk"),
        b"",
    ],
    ids=["weekday as workday", "not utf-8", "empty"],
)
def test_bad_import_file_changes_nothing(tmp_path, content):
    notice = tmp_path / "bad.csv"
    notice.write_bytes(content)
    before = list(CalendarDay.objects.values_list("date", "is_workday", "name"))
    with pytest.raises(CommandError) as refused:
        run("import", str(notice))
    assert refused.value.returncode == 2
    assert list(CalendarDay.objects.values_list("date", "is_workday", "name")) == before
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_missing_import_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import", str(tmp_path / "missing.csv"))


def test_year_ranges():
    assert year_ranges([2004, 2005, 2006, 2010, 2012, 2013]) == "2004–2006, 2010, 2012–2013"
