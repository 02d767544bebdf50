"""The periodic work: the sweep, then every app's follow-ups, in one run."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiaoneng.supervision.models import Alert, TrendTally

pytestmark = pytest.mark.django_db


def test_periodic_runs_the_sweep_and_every_follow_up(reviewed):
    reviewed("2026-02-09")
    out = StringIO()
    call_command("periodic", "--as-of", "2026-04-01", stdout=out)
    result = json.loads(out.getvalue())
    assert result["as_of"] == "2026-04-01"
    assert result["sweep"]["open_cases"] == 1
    assert result["sweep"]["alerts_opened"] == Alert.objects.count() > 0
    for step in (
        "rectifications_flagged",
        "rating_invitations",
        "project_notices",
        "notifications_pruned",
    ):
        assert isinstance(result[step], int), step
    # The centre's monthly tallies: the one case, received in February, in its month's row.
    assert result["trend_tallies"] == TrendTally.objects.count() == 1
    assert TrendTally.objects.get().month == date(2026, 2, 1)


def test_a_second_run_does_nothing_new(reviewed):
    reviewed("2026-02-09")
    call_command("periodic", "--as-of", "2026-04-01", stdout=StringIO())
    out = StringIO()
    call_command("periodic", "--as-of", "2026-04-01", stdout=out)
    result = json.loads(out.getvalue())
    assert result["sweep"]["alerts_opened"] == 0
    assert result["rating_invitations"] == 0
    assert result["project_notices"] == 0


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("periodic", "--as-of", "2026-13-01", stdout=StringIO())
