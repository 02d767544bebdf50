from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "xiaoneng.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from xiaoneng.org.roles import sync_roles

        # Permissions exist only after every app has migrated, so the role
        # groups are (re)built then: a fresh database always has its roles.
        post_migrate.connect(sync_roles, dispatch_uid="xiaoneng.org.sync_roles")
