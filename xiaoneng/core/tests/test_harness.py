"""The test harness itself: a run with no database test leaves the real database alone."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_run_without_database_tests_touches_no_database(tmp_path):
    """The session fixtures seeded the demo organisation into the database the settings
    name (and on PostgreSQL ended its other sessions) when pytest-django had set up no
    test database: ``pytest xiaoneng/core/tests/test_codes.py`` alone failed, after
    creating the real SQLite file."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["XIAONENG_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:xdist",
            "xiaoneng/core/tests/test_codes.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert not (tmp_path / "xiaoneng.sqlite3").exists()
