from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
    with one of `CSP_ADMIN_PATH_PREFIXES` get `CONTENT_SECURITY_POLICY_ADMIN`, because the
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
        if not report_only and parts.config is None and request.path_info.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES)):
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
