from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The staff site shell: layout, navigation, authentication pages, home."""

    name = "xiaoneng.web"
    label = "web"
    verbose_name = _("Staff site")
