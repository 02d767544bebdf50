import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.workdays.calendar import SPAN_END, SPAN_START
from xiaoneng.workdays.choices import Source


class CalendarVersion(models.Model):
    """The version of the calendar data: a new random token after every write.

    Each process keeps its built calendar while the token it was built from is
    still current (``services.get_calendar``), so an admin edit or an import
    reaches every web and sweep worker on their next computation without a
    restart, for the price of one primary-key read. A random token rather than
    a counter: a rolled-back write cannot leave a later, different write with
    the same number as a calendar some process already cached.
    """

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    token = models.UUIDField(_("token"), default=uuid.uuid4)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")

    def __str__(self):
        return str(self.token)

    @classmethod
    def current(cls) -> str:
        """The current token ("" before the calendar was ever written)."""
        tokens = cls.objects.filter(pk=cls.SINGLETON).values_list("token", flat=True)
        return next((str(token) for token in tokens), "")

    # Writes made by this process (``services.recent_calendar`` rechecks after one).
    local_writes = 0

    @classmethod
    def bump(cls) -> None:
        """Mark the calendar data as changed (in the caller's transaction)."""
        CalendarVersion.local_writes += 1
        values = {"token": uuid.uuid4(), "changed_at": timezone.now()}
        if not cls.objects.filter(pk=cls.SINGLETON).update(**values):
            cls.objects.update_or_create(pk=cls.SINGLETON, defaults=values)


class CalendarDataQuerySet(models.QuerySet):
    """Bulk writes to the calendar bump ``CalendarVersion`` like single saves do."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            CalendarVersion.bump()
        return rows

    update.alters_data = True

    def delete(self):
        result = super().delete()
        if result[0]:
            CalendarVersion.bump()
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            CalendarVersion.bump()
        return created

    bulk_create.alters_data = True


class CalendarData(models.Model):
    """A row of calendar data; any write to it changes the calendar version.

    The bump lives here rather than in the services because the admin, the
    import, the seed and a shell session all write these rows, and a missed
    bump would leave some worker computing deadlines from an old calendar.
    """

    objects = CalendarDataQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        CalendarVersion.bump()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        CalendarVersion.bump()
        return result


class CalendarDay(CalendarData):
    """A day whose status an official holiday notice sets.

    Holidays (放假) are not working days; adjusted working days (调休上班) are
    weekend days that are. Every other day is a working day exactly when it
    falls on Monday–Friday (行政许可法 Art. 82: limits are counted in working
    days, statutory holidays excluded). A holiday on a weekend changes nothing
    in the count but keeps the notice's name for the day.
    """

    date = models.DateField(
        _("date"),
        unique=True,
        validators=[MinValueValidator(SPAN_START), MaxValueValidator(SPAN_END)],
    )
    is_workday = models.BooleanField(
        _("working day"),
        help_text=_("Ticked for a weekend day the notice makes a working day (调休上班)."),
    )
    name = models.CharField(
        _("name"), max_length=64, help_text=_("The holiday the notice names, e.g. 春节.")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source, default=Source.ADMIN)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date.isoformat()} {self.name}"

    def clean(self):
        if self.date and self.is_workday and self.date.weekday() < 5:
            # A weekday is a working day anyway; such a row is almost always
            # a typo for a neighbouring weekend date.
            raise ValidationError(
                {"is_workday": _("Only a Saturday or Sunday can be made a working day.")}
            )


class CalendarYear(CalendarData):
    """Whether the State Council's holiday notice for a year is loaded.

    A year without a loaded notice is counted as Monday–Friday, and every
    deadline that depends on one of its days is flagged ``unconfirmed``.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(SPAN_START.year), MaxValueValidator(SPAN_END.year)],
    )
    notice_loaded = models.BooleanField(_("notice loaded"), default=False)
    source = models.CharField(_("source"), max_length=16, choices=Source, default=Source.ADMIN)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("The notice's title or number, and the day it was published."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)
