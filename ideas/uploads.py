"""Attachments of ideas: checking uploads by their content, not only by their name, storing
them privately, and deciding who may download them.

What a scout uploads stays private until an editor publishes an idea it is attached to: until
then only its uploader, the idea's owner and editors get the file (ideas/wagtail_hooks.py asks
`may_download` before Wagtail serves a document).
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

from accounts.permissions import can

from .models import IdeaPage

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


PRIVATE_COLLECTION_NAME = "Bijlagen van talentscouts"


def private_collection():
    """The collection scouts' uploads go into, created under the root collection on first use."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PRIVATE_COLLECTION_NAME).first()
    return collection or root.add_child(name=PRIVATE_COLLECTION_NAME)


def store_attachment(upload, user):
    """Save an uploaded (and validated) file as a Wagtail document of `user`, in the private collection."""
    Document = get_document_model()
    document = Document(title=upload.name[:255], collection=private_collection(), uploaded_by_user=user)
    upload.seek(0)
    document.file.save(upload.name, ContentFile(upload.read()), save=False)
    document.save()
    return document


def is_public(document):
    """True when anyone may download `document`.

    That is when it is attached to a live idea without view restrictions, or when it is an
    editor's own document outside the private collection (reports, editorial files). A
    scout's upload, wherever it was made, stays private until an idea carrying it is published.
    """
    if IdeaPage.objects.live().public().filter(attachments__document=document).exists():
        return True
    if document.collection.name == PRIVATE_COLLECTION_NAME and document.collection.depth == 2:
        return False
    uploader = document.uploaded_by_user
    return uploader is None or can(uploader, "manage_documents")


def may_download(user, document):
    """True when `user` may download `document`: anyone for a public one; otherwise only its
    uploader, the owner of an idea it is attached to, and editors."""
    if is_public(document):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if can(user, "manage_documents") or document.uploaded_by_user_id == user.pk:
        return True
    return IdeaPage.objects.filter(attachments__document=document, owner=user).exists()
