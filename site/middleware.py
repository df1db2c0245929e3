from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from ideas.uploads import MAX_ATTACHMENT_BYTES


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language; a Dutch
    municipal site should not switch to English because a browser is set to it.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the looser admin policy on the Wagtail admin's paths.

    The public site gets `CONTENT_SECURITY_POLICY` (no inline code at all); paths starting
    with one of `CONTENT_SECURITY_POLICY_ADMIN_PREFIXES` get `CONTENT_SECURITY_POLICY_ADMIN`, because the
    Wagtail admin still renders inline scripts and style attributes
    (https://github.com/wagtail/wagtail/issues/1288). A view's own csp_override/csp_replace
    decorator still wins over both.

    Wagtail renders previews by passing a dummy request for the page's public URL through the
    middleware (`request.is_dummy`); that response gets no policy of its own, so that the admin
    request showing the preview sets the admin policy.
    """

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_admin = request.path_info.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES))
        if in_admin and not report_only and parts.config is None:
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


class PermissionsPolicyMiddleware:
    """Switch off the browser features no page uses (`PERMISSIONS_POLICY`), on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestTooLarge(MultiPartParserError):
    """The streamed request body passed `MAX_REQUEST_BYTES`."""


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as more than `MAX_REQUEST_BYTES` have arrived, whatever
    the request's Content-Length claimed (listed first in `FILE_UPLOAD_HANDLERS`)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        if content_length > settings.MAX_REQUEST_BYTES:
            raise RequestTooLarge(f"Content-Length {content_length} is above the limit")

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_REQUEST_BYTES:
            raise RequestTooLarge("The upload is above the limit")
        return raw_data

    def file_complete(self, file_size):
        return None


class RequestSizeLimitMiddleware:
    """Refuse request bodies above `MAX_REQUEST_BYTES` with a 413 page, before they are read.

    A declared Content-Length above the limit is refused at once. A multipart body is parsed
    here, before any view (or the CSRF check) reads it, so that LimitedUploadHandler can stop
    a body that turns out larger than declared, and the refusal is a page rather than an error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.MAX_REQUEST_BYTES:
            return request_too_large(request)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - parse now, with the limiting upload handler
            except RequestTooLarge:
                return request_too_large(request)
        return self.get_response(request)


def request_too_large(request):
    """The 413 page, in the site's layout."""
    context = {"limit": settings.MAX_REQUEST_BYTES, "attachment_limit": MAX_ATTACHMENT_BYTES}
    return render(request, "413.html", context, status=413)
