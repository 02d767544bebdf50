"""The data-scope rule (DESIGN.md §1), in one place.

A user sees his own unit. A user holding ``region_perm`` (supervisors and
leaders: ``org.view_region``) sees his unit's region and every region below
it. Someone without a staff profile sees nothing.
"""

from django.db.models import Q

NOTHING = Q(pk__in=[])


def unit_filter(user, *, prefix: str, region_perm: str = "org.view_region") -> Q:
    """A filter on a unit relation (``prefix`` leads from the queried model to Unit)."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    profile = getattr(user, "profile", None)
    if profile is None:
        return NOTHING
    if user.has_perm(region_perm):
        scope_prefix = profile.unit.region.scope_prefix
        return Q(**{f"{prefix}region__code__startswith": scope_prefix})
    return Q(**{f"{prefix}pk": profile.unit_id})


def authority_of(unit):
    """The department or bureau a unit belongs to (an office's parent 厅, a bureau itself).

    Cases belong to the deciding authority: the window clerk of the approval
    office and the handler of the land-use office work on the same case.
    """
    from xiaoneng.org.choices import UnitKind

    authority_kinds = {UnitKind.DEPARTMENT, UnitKind.BUREAU, UnitKind.BRANCH}
    while unit.kind not in authority_kinds and unit.parent_id is not None:
        unit = unit.parent
    return unit
