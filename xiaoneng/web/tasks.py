"""Celery task of the periodic work (``periodic.run_periodic``), run by beat."""

from datetime import date

from xiaoneng.celery import app


@app.task(name="web.periodic", ignore_result=True)
def periodic(as_of: str | None = None) -> dict:
    from xiaoneng.web.periodic import run_periodic

    return run_periodic(as_of=date.fromisoformat(as_of) if as_of else None)
