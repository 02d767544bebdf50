"""What every process pays to start: the URL configuration imports every view module."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys, django
django.setup()
import xiaoneng.urls
print(" ".join(name for name in ("openpyxl", "reportlab.graphics.charts") if name in sys.modules))
"""


def test_the_url_configuration_leaves_the_export_libraries_until_an_export():
    """openpyxl and reportlab's charts (a quarter of a second of imports) load with the first
    Excel export or assessment report, not with every process: a sweep's parent loads the
    URL configuration while its children sweep, a new server process before its first page."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == ""
