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
