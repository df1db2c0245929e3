import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from wagtail.documents.views.serve import serve as wagtail_serve_document

# When the statement's evaluation was carried out, and with what; update both with each review.
STATEMENT_DATE = datetime.date(2026, 11, 29)
AXE_CORE_VERSION = "4.12"


@require_safe
def accessibility_statement(request):
    """`/toegankelijkheid/`: the accessibility statement in the structure of the official Dutch model."""
    return render(request, "veldwerk/accessibility_statement.html", {
        "organisation": settings.ACCESSIBILITY_ORGANISATION,
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "statement_date": STATEMENT_DATE,
        "axe_version": AXE_CORE_VERSION,
    })


def permission_denied(request, exception=None):
    """The one 403 page: the reason the permission gate gave (accounts.permissions.require), and the
    text the user typed and a way back when the refusal carries them."""
    context = {
        "exception": str(exception) if exception is not None and str(exception) else "",
        "kept_text": getattr(exception, "kept_text", ""),
        "back_url": getattr(exception, "back_url", ""),
        "back_title": getattr(exception, "back_title", ""),
    }
    return render(request, "403.html", context, status=403)


def serve_document(request, document_id, document_filename):
    """Wagtail's document view, marking a private attachment's response as not for shared caches.

    Whether a document may be served at all is decided in the before_serve_document hook
    (ideas/wagtail_hooks.py), which flags the request when the document is private.
    """
    response = wagtail_serve_document(request, document_id, document_filename)
    if getattr(request, "serves_private_document", False):
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response
