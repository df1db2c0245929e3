import datetime

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

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
