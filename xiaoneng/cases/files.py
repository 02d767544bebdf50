"""Checking uploaded materials: by content, not by name."""

import hashlib

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Detected extension → MIME type of what we accept: scans and PDFs.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}


def max_upload_bytes() -> int:
    return getattr(settings, "CASE_MATERIAL_MAX_BYTES", 20 * 1024 * 1024)


def inspect_upload(upload) -> tuple[str, str, int]:
    """Return (content type, SHA-256, size) of an upload or raise ValidationError."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file “{name}” is larger than {limit}.").format(
                name=upload.name, limit=filesizeformat(limit)
            ),
            code="too_large",
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        digest.update(chunk)
    upload.seek(0)
    content_type = _detect(head)
    if content_type is None:
        raise ValidationError(
            _("The file “{name}” is not a PDF, JPEG or PNG file (checked by its content).").format(
                name=upload.name
            ),
            code="bad_type",
        )
    return content_type, digest.hexdigest(), upload.size


def _detect(head: bytes) -> str | None:
    if not head:
        return None
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return None
    for match in matches:
        content_type = ALLOWED_TYPES.get(match.extension.lower())
        if content_type:
            return content_type
    return None
