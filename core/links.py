"""Which link addresses Veldwerk turns into clickable links: http, https and mailto only.

One check serves the importer, the model validator and the template filter, so a
`javascript:`, `data:` or `vbscript:` address can neither be stored through a form or an
import nor become an href when it got into the database some other way.
Browsers ignore leading spaces and control characters and any tab or newline inside
a URL (https://url.spec.whatwg.org/#concept-basic-url-parser), so the scheme is read
the way a browser reads it, not the way it looks.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ALLOWED_LINK_SCHEMES = ("http", "https", "mailto")

_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def link_scheme(url):
    """The scheme a browser would read from `url`, lower-cased; "" when it has none."""
    text = _IGNORED_BY_BROWSERS.sub("", str(url or "")).strip(_C0_AND_SPACE)
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def is_safe_link_url(url):
    """True when `url` is an absolute http, https or mailto address; anything else
    (other schemes, relative or scheme-less addresses) is never made clickable."""
    return link_scheme(url) in ALLOWED_LINK_SCHEMES


_web_address = URLValidator(schemes=["http", "https"])
_email_address = EmailValidator()


def validate_link_url(value):
    """Model and form validator: a well-formed http(s) address or a mailto: link."""
    message = _("Enter a web address starting with http:// or https://, or an e-mail link starting with mailto:.")
    text = str(value or "")
    if text != text.strip() or not is_safe_link_url(text):
        raise ValidationError(message, code="link_scheme")
    if link_scheme(text) == "mailto":
        address = text.split(":", 1)[1].split("?", 1)[0]
        try:
            _email_address(address)
        except ValidationError:
            raise ValidationError(message, code="link_scheme") from None
        return
    try:
        _web_address(text)
    except ValidationError:
        raise ValidationError(message, code="link_scheme") from None


class LinkURLFormField(forms.CharField):
    """A text field for a link address; unlike forms.URLField it leaves `mailto:` alone."""

    default_validators = [validate_link_url]


class LinkURLField(models.URLField):
    """A URLField that accepts http, https and mailto addresses and nothing else."""

    default_validators = [validate_link_url]

    def formfield(self, **kwargs):
        kwargs.pop("assume_scheme", None)  # forms.URLField's; an address without a scheme is refused, not guessed
        return models.CharField.formfield(self, **{"form_class": LinkURLFormField, **kwargs})
