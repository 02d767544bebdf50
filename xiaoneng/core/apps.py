from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xiaoneng.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from xiaoneng.core import lookups, receivers  # noqa: F401  (in_keys; axes lockout → audit log)
