from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

handler403 = views.permission_denied

urlpatterns = [
    # One password reset, rate-limited (accounts.signin.PasswordResetView): the admin's leads there.
    path("admin/password_reset/", RedirectView.as_view(pattern_name="password_reset"), name="wagtailadmin_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own pattern (the same addresses, so `document.url` stays as it is).
    re_path(r"^documenten/(\d+)/(.*)$", views.serve_document),
    path("documenten/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility_statement"),
    path("", include("accounts.urls")),
    path("", include("adoptions.urls")),
    path("", include("discussion.urls")),
    path("", include("ideas.urls")),
    path("", include("search.urls")),
]

if settings.DEBUG:
    from django.views.static import serve as serve_media

    # Uploaded images for development; documents only through /documenten/, which checks who
    # may have them (a web server in production must not serve MEDIA_ROOT/documents either).
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?!documents/)(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns.append(path("", include(wagtail_urls)))
