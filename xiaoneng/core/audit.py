"""Writing the administrative audit log.

``record`` must be called inside the service function's transaction: the
event and the change it describes commit together or not at all.
"""

from django.db import transaction

from xiaoneng.core.models import AuditEvent, ChainHead

AUDIT_CHAIN = "audit"


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor=None,
    target=None,
    old: dict | None = None,
    new: dict | None = None,
    request=None,
) -> AuditEvent:
    """Append one audit event to the hash chain."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the action's transaction")
    # Lock the chain head so that two concurrent appends cannot both link to
    # the same predecessor (SQLite serialises writers anyway; PostgreSQL needs it).
    head, _ = ChainHead.objects.select_for_update().get_or_create(name=AUDIT_CHAIN)
    event = AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor is not None else "",
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        old=old or {},
        new=new or {},
        ip=client_ip(request),
    )
    event.seal(head.last_hash)
    event.save(force_insert=True)
    head.last_hash = event.hash
    head.save(update_fields=["last_hash"])
    return event
