"""The Celery app: the supervision sweep and the periodic follow-ups on Celery beat.

Workers and beat start with ``celery -A xiaoneng worker`` / ``celery -A
xiaoneng beat``; Celery finds this module by its name. The web process does
not import it (``xiaoneng/__init__.py`` stays empty, so a page request pays
nothing for Celery); code that queues a task imports ``supervision.tasks``,
which imports this app. Settings come from ``CELERY_*`` in settings.py: with
no broker configured tasks run eagerly, in the caller's process.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.settings")

app = Celery("xiaoneng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["xiaoneng.supervision", "xiaoneng.web"])

app.conf.beat_schedule = {
    # Every ten minutes, so a case's new state shows on the boards soon: the
    # sweep and the other apps' follow-ups (xiaoneng/web/periodic.py).
    "periodic": {"task": "web.periodic", "schedule": crontab(minute="*/10")},
    # Just after midnight in Asia/Shanghai: the new day's clocks and rungs.
    "supervision-sweep-new-day": {
        "task": "web.periodic",
        "schedule": crontab(hour=0, minute=5),
    },
}
