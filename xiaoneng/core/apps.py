from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xiaoneng.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from xiaoneng.core import receivers  # noqa: F401  (axes lockout → audit log)
