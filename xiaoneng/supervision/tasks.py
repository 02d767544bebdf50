"""Celery tasks of electronic supervision.

Without a broker (development, tests) ``.delay()`` runs the task in the
caller's process (``CELERY_TASK_ALWAYS_EAGER``).
"""

from datetime import date

from xiaoneng.celery import app


@app.task(name="supervision.sweep", ignore_result=True)
def sweep(as_of: str | None = None) -> dict:
    """Run the supervision sweep (``sweep.run_sweep``) on ``as_of`` (ISO date) or today."""
    from xiaoneng.supervision.sweep import run_sweep

    return run_sweep(as_of=date.fromisoformat(as_of) if as_of else None)
