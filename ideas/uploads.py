"""Checking uploaded attachments by their content, not only by their name."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ZIP_SIGNATURE = b"PK\x03\x04"
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (ZIP_SIGNATURE,),
    "xlsx": (ZIP_SIGNATURE,),
    "pptx": (ZIP_SIGNATURE,),
    "odt": (ZIP_SIGNATURE,),
    "ods": (ZIP_SIGNATURE,),
    "odp": (ZIP_SIGNATURE,),
}
TEXT_TYPES = ("txt", "csv", "md")
ALLOWED_EXTENSIONS = tuple(SIGNATURES) + TEXT_TYPES


def validate_attachment(upload):
    """Refuse files that are too large, of a type we do not accept, or whose content does not match their name."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("This file is %(size)s; attachments may be at most %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)},
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “.%(extension)s” are not accepted. Accepted: %(allowed)s."),
            params={"extension": extension[:10], "allowed": ", ".join(ALLOWED_EXTENSIONS)},
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if extension in TEXT_TYPES:
        matches = b"\x00" not in head and is_utf8_prefix(head)
    else:
        matches = head.startswith(SIGNATURES[extension])
    if not matches:
        raise ValidationError(
            _("The content of this file does not match its name (.%(extension)s). It was not accepted."),
            params={"extension": extension},
        )


def is_utf8_prefix(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(data) - 3  # a character cut off at the end of the sample
    return True
