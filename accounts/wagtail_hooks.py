from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import is_editor
from .signin import UNLOCK_LOG_ACTION, UnlockSignInView


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_admin_urls")
def unlock_sign_in_urls():
    return [path("aanmelding-deblokkeren/", UnlockSignInView.as_view(), name="unlock_sign_in")]


@hooks.register("register_settings_menu_item")
def unlock_sign_in_menu_item():
    return EditorMenuItem(_("Unlock sign-in"), reverse("unlock_sign_in"), icon_name="lock-open", order=900)


@hooks.register("register_log_actions")
def unlock_sign_in_log_action(actions):
    actions.register_action(UNLOCK_LOG_ACTION, _("Unlock sign-in"), _("Sign-in locks lifted"))
