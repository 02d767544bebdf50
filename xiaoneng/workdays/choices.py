from django.db import models
from django.utils.translation import gettext_lazy as _

from xiaoneng.workdays import clock


class State(models.TextChoices):
    """The state of a clock (values from the pure ``clock`` module)."""

    RUNNING = clock.RUNNING, _("Running")
    PAUSED = clock.PAUSED, _("Paused")
    OVERDUE = clock.OVERDUE, _("Overdue")
    STOPPED = clock.STOPPED, _("Stopped")


class Light(models.TextChoices):
    """The traffic light shown for a clock (DESIGN.md §2)."""

    GREEN = clock.GREEN, _("Green")
    YELLOW = clock.YELLOW, _("Yellow (warning)")
    RED = clock.RED, _("Red (overdue)")

    @property
    def color(self) -> str:
        """The Bootstrap contextual colour the UI paints the light with."""
        return LIGHT_COLORS[self]


LIGHT_COLORS = {Light.GREEN: "success", Light.YELLOW: "warning", Light.RED: "danger"}


class DayKind(models.TextChoices):
    """What an official notice says about a day (the ``kind`` column of an import)."""

    HOLIDAY = "holiday", _("Holiday")
    WORKDAY = "workday", _("Adjusted working day")


class Source(models.TextChoices):
    """Where a row of the calendar came from."""

    PACKAGE = "package", _("chinesecalendar package")
    NOTICE = "notice", _("Notice import")
    ADMIN = "admin", _("Admin edit")
