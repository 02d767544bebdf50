from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xiaoneng.org.choices import RegionLevel, Role, UnitKind

region_code_validator = RegexValidator(r"^\d{6}$", _("A region code has six digits (GB/T 2260)."))


class Region(models.Model):
    """An administrative division with its GB/T 2260 code.

    The code is hierarchical (64 province, 6401 city, 640104 county), so
    "this region and every region below it" is a prefix match on the code,
    which an index serves without walking the tree.
    """

    code = models.CharField(
        _("division code"), max_length=6, unique=True, validators=[region_code_validator]
    )
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def scope_prefix(self) -> str:
        """The code prefix shared by this region and all regions below it."""
        if self.level == RegionLevel.PROVINCE:
            return self.code[:2]
        if self.level == RegionLevel.CITY:
            return self.code[:4]
        return self.code


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Units whose data ``user`` may see (DESIGN.md §1 data scope)."""
        from xiaoneng.org.scope import unit_filter

        return self.filter(unit_filter(user, prefix=""))


class Unit(models.Model):
    """An organisational unit: the department, its offices, a bureau, an institution."""

    code = models.CharField(_("unit code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["region__code", "sort_order", "code"]

    def __str__(self):
        return self.name


def staff_photo_path(instance, filename):
    return f"staff/{instance.staff_no}/{filename}"


class StaffProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff whose data ``user`` may see (DESIGN.md §1 data scope)."""
        from xiaoneng.org.scope import unit_filter

        return self.filter(unit_filter(user, prefix="unit__"))


class StaffProfile(models.Model):
    """The staff side of a user account: unit, staff number and public badge (挂牌上岗)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="profile",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff"
    )
    staff_no = models.CharField(_("staff number"), max_length=20, unique=True)
    title = models.CharField(_("post"), max_length=50, blank=True)
    duties = models.TextField(_("duties"), blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    photo = models.ImageField(_("photo"), upload_to=staff_photo_path, blank=True)
    shown_in_public = models.BooleanField(
        _("shown in the public staff directory"),
        default=True,
        help_text=_("Staff at service windows wear their badge and are listed on the portal."),
    )

    objects = StaffProfileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["unit__region__code", "unit__sort_order", "staff_no"]
        permissions = [
            ("manage_accounts", _("Can manage staff accounts and roles")),
            ("view_region", _("Can see the data of the own region and every region below")),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.staff_no})"

    @property
    def roles(self) -> list[Role]:
        names = {group.name for group in self.user.groups.all()}
        return [role for role in Role if role.value in names]
