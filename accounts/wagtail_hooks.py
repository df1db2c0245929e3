"""The editors' side of municipality membership in the Wagtail admin: requests to decide on, direct
grants, and the municipal e-mail domains (https://docs.wagtail.org/en/stable/extending/generic_views.html)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.views import generic
from wagtail.log_actions import LogFormatter

from .membership import confirm_membership, grant_membership, refuse_membership, revoke_membership
from .models import Membership, MembershipStatus, MunicipalityEmailDomain
from .permissions import can, refuse_in_admin
from .signin import UNLOCK_LOG_ACTION, UnlockSignInView

# What an editor may decide, per current status.
DECISIONS = {
    MembershipStatus.REQUESTED: ("confirm", "refuse"),
    MembershipStatus.INVITED: ("confirm", "revoke"),
    MembershipStatus.CONFIRMED: ("revoke",),
    MembershipStatus.REFUSED: ("confirm",),
    MembershipStatus.REVOKED: ("confirm",),
}
DECIDE = {"confirm": confirm_membership, "refuse": refuse_membership, "revoke": revoke_membership}
DECISION_LABELS = {
    "confirm": gettext_lazy("Confirm membership"),
    "refuse": gettext_lazy("Refuse request"),
    "revoke": gettext_lazy("Revoke membership"),
}
DONE_MESSAGES = {
    "confirm": gettext_lazy("%(person)s is now a confirmed member of %(municipality)s."),
    "refuse": gettext_lazy("The request of %(person)s for %(municipality)s was refused."),
    "revoke": gettext_lazy("The membership of %(person)s of %(municipality)s was revoked."),
}


class DecideMembershipView(generic.base.WagtailAdminTemplateMixin, TemplateView):
    """One membership with the decisions open to it (confirm, refuse, revoke) as POST buttons.

    Takes the place of the edit view, so a membership never changes except through accounts/membership.py
    (and so always with its audit log entry)."""

    template_name = "accounts/admin/decide_membership.html"
    page_title = gettext_lazy("Municipality membership")
    header_icon = "group"
    index_url_name = None
    history_url_name = None

    def dispatch(self, request, pk):
        if (refusal := refuse_in_admin(request, "decide_membership")) is not None:
            return refusal
        self.membership = get_object_or_404(
            Membership.objects.select_related("user", "municipality", "decided_by"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.membership)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Membership._meta.verbose_name_plural},
            {"url": "", "label": str(self.membership)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "membership": self.membership,
            "decisions": [(name, DECISION_LABELS[name]) for name in DECISIONS[self.membership.status]],
            "history_url": reverse(self.history_url_name, args=(self.membership.pk,)),
            "index_url": reverse(self.index_url_name),
        })
        return context

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        decision = request.POST.get("decision")
        if decision not in DECISIONS[self.membership.status]:
            messages.error(request, _("This decision is not possible for a membership that is %(status)s.") % {
                "status": self.membership.get_status_display(),
            })
            return redirect(request.path)
        DECIDE[decision](self.membership, request.user)
        messages.success(request, DONE_MESSAGES[decision] % {
            "person": self.membership.user.get_full_name() or self.membership.user.get_username(),
            "municipality": self.membership.municipality.name,
        })
        return redirect(self.index_url_name)


class GrantMembershipView(generic.CreateView):
    """An editor makes someone a confirmed member directly."""

    def save_instance(self):
        return grant_membership(self.form.cleaned_data["user"], self.form.cleaned_data["municipality"], by=self.request.user)


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = gettext_lazy("Memberships")
    url_prefix = "lidmaatschappen"
    add_view_class = GrantMembershipView
    form_fields = ["user", "municipality"]
    list_display = ["user", "municipality", "status", "granted_through", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status", "granted_through"]
    copy_view_enabled = False

    @property
    def edit_view(self):
        return DecideMembershipView.as_view(
            index_url_name=self.get_url_name("index"), history_url_name=self.get_url_name("history"),
        )


class MunicipalityEmailDomainViewSet(ModelViewSet):
    model = MunicipalityEmailDomain
    icon = "mail"
    menu_label = gettext_lazy("E-mail domains")
    url_prefix = "gemeentedomeinen"
    form_fields = ["domain", "municipality"]
    list_display = ["domain", "municipality"]
    copy_view_enabled = False


class MembershipViewSetGroup(ModelViewSetGroup):
    items = (MembershipViewSet("memberships"), MunicipalityEmailDomainViewSet("municipality_email_domains"))
    menu_label = gettext_lazy("Municipality members")
    menu_icon = "group"
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return MembershipViewSetGroup()


class MembershipRequestsPanel(Component):
    """Dashboard panel for editors: the requests waiting for a decision."""

    name = "membership_requests"
    template_name = "accounts/admin/membership_requests_panel.html"
    order = 40

    def get_context_data(self, parent_context):
        requests = Membership.objects.filter(status=MembershipStatus.REQUESTED).select_related("user", "municipality")
        return {"requests": list(requests.order_by("requested_at")[:20])}


@hooks.register("construct_homepage_panels")
def add_membership_requests_panel(request, panels):
    if can(request.user, "decide_membership"):
        panels.append(MembershipRequestsPanel())


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    """Every change of a membership appears in its history and in the admin's site history."""

    def formatter(action, label, message):
        def format_message(self, log_entry):
            data = log_entry.data or {}
            return message % {"person": data.get("person", ""), "municipality": data.get("municipality_name", "")}

        actions.register_action(action)(type("MembershipLogFormatter", (LogFormatter,), {
            "label": label, "format_message": format_message,
        }))

    formatter("veldwerk.membership_requested", gettext_lazy("Membership requested"),
              gettext_lazy("%(person)s asked to be a member of %(municipality)s"))
    formatter("veldwerk.membership_invited", gettext_lazy("Membership invited"),
              gettext_lazy("%(person)s was invited as a member of %(municipality)s"))
    formatter("veldwerk.membership_confirmed", gettext_lazy("Membership confirmed"),
              gettext_lazy("%(person)s is a confirmed member of %(municipality)s"))
    formatter("veldwerk.membership_refused", gettext_lazy("Membership refused"),
              gettext_lazy("The request of %(person)s for %(municipality)s was refused"))
    formatter("veldwerk.membership_revoked", gettext_lazy("Membership revoked"),
              gettext_lazy("The membership of %(person)s of %(municipality)s was revoked"))
    formatter("veldwerk.membership_withdrawn", gettext_lazy("Membership withdrawn"),
              gettext_lazy("%(person)s withdrew from %(municipality)s"))


class UnlockSignInMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, "unlock_sign_in")


@hooks.register("register_admin_urls")
def unlock_sign_in_urls():
    return [path("aanmelding-deblokkeren/", UnlockSignInView.as_view(), name="unlock_sign_in")]


@hooks.register("register_settings_menu_item")
def unlock_sign_in_menu_item():
    return UnlockSignInMenuItem(gettext_lazy("Unlock sign-in"), reverse("unlock_sign_in"), icon_name="lock-open", order=900)


@hooks.register("register_log_actions")
def unlock_sign_in_log_action(actions):
    actions.register_action(UNLOCK_LOG_ACTION, gettext_lazy("Unlock sign-in"), gettext_lazy("Sign-in locks lifted"))
