from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    """How the department helps a key project outside the cases themselves."""

    CONSULTATION = "consultation", _("Pre-application consultation")  # 提前介入
    ONSITE = "onsite", _("On-site service")  # 上门服务


class Phase(models.TextChoices):
    """The phases of a project's land and mineral approvals, in procedural order."""

    PRELIMINARY = "preliminary", _("Preliminary review")  # 前期审查
    LAND = "land", _("Land-use approval")  # 用地审批
    SUPPLY = "supply", _("Land supply")  # 供地
    MINING = "mining", _("Mining rights")  # 矿业权
    REGISTRATION = "registration", _("Registration")  # 登记
    OTHER = "other", _("Other approvals")


class ProjectStatus(models.TextChoices):
    """A project's state on the board, read from its cases."""

    NOT_STARTED = "not_started", _("No approvals yet")
    ON_TRACK = "on_track", _("On track")
    WARNING = "warning", _("Warning")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("All approvals done")

    @property
    def color(self) -> str:
        return {
            "not_started": "secondary",
            "on_track": "success",
            "warning": "warning",
            "overdue": "danger",
            "done": "primary",
        }[self.value]
