"""Role groups and the permissions each role holds.

The roles are data (Django groups), but which permission belongs to which
role is decided here, in code under review, and re-applied after every
migration: nobody can quietly widen a role by editing a group.

The three administrator duties (三员分立) share nothing: the system admin
configures (Django admin), the security admin manages accounts and roles,
the audit admin reads the audit log. No account may hold two of them, or an
admin duty together with a business role (see ``validate_role_set``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiaoneng.org.choices import Role

ADMIN_DUTIES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})

_CONFIG_MODELS = [
    ("org", "region"),
    ("org", "unit"),
    ("workdays", "calendarday"),
    ("workdays", "calendaryear"),
    ("catalog", "serviceitem"),
    ("catalog", "material"),
    ("catalog", "stage"),
    ("cases", "keyproject"),
    ("feedback", "complaintpolicy"),
    ("enforcement", "discretionbenchmark"),
    ("campaign", "checklisttemplate"),
    ("campaign", "checklistitem"),
    ("committee", "committee"),
    ("committee", "membership"),
    ("portal", "announcement"),
    ("portal", "policydocument"),
    ("assessment", "scheme"),
    ("assessment", "indicator"),
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CLERK: [],
    Role.HANDLER: [],
    Role.REVIEWER: [],
    Role.APPROVER: [],
    Role.SUPERVISOR: ["org.view_region"],
    Role.LEADER: ["org.view_region"],
    Role.SYSADMIN: [
        f"{app}.{action}_{model}"
        for app, model in _CONFIG_MODELS
        for action in ("view", "add", "change", "delete")
    ],
    Role.SECADMIN: ["org.manage_accounts"],
    Role.AUDITADMIN: ["core.view_audit_log"],
}


def sync_roles(**kwargs) -> None:
    """Create the role groups and set their permissions exactly (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {}
    for perm in Permission.objects.select_related("content_type"):
        name = f"{perm.content_type.app_label}.{perm.codename}"
        if name in wanted:
            by_name[name] = perm
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        # Permissions of apps not migrated yet are added on a later post_migrate.
        perms = [by_name[name] for name in perm_names if name in by_name]
        current = set(group.permissions.values_list("pk", flat=True))
        if current != {perm.pk for perm in perms}:
            group.permissions.set(perms)


def validate_role_set(roles) -> None:
    """Refuse role combinations that would merge separated duties."""
    roles = {Role(role) for role in roles}
    admin = roles & ADMIN_DUTIES
    if admin and len(roles) > 1:
        raise ValidationError(
            _(
                "An administrator duty (system, security or audit) cannot be combined "
                "with any other role."
            ),
            code="admin_duty_combined",
        )


def is_staff_for(roles) -> bool:
    """Only the system administrator works in the Django admin."""
    return Role.SYSADMIN in {Role(role) for role in roles}
