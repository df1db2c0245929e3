"""Create the three roles as groups with exactly the permissions their job needs,
and the idea review workflow in which editors approve what scouts submit.

See https://docs.wagtail.org/en/stable/topics/permissions.html.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCOUTS = "Talentscouts"
SPECIALISTS = "Gemeentelijke specialisten"
EDITORS = "Redacteuren"

EDITOR_MODEL_PERMISSIONS = [
    ("municipalities", "municipality", ["add", "change", "view"]),
    ("themes", "theme", ["add", "change", "delete", "view"]),
    ("taggit", "tag", ["add", "change", "delete", "view"]),
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
]
SCOUT_COLLECTION_PERMISSIONS = [("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document")]


def ensure_all_permissions(apps):
    """Permissions are normally created after all migrations; create them now so we can assign them."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    access_admin = permission("wagtailadmin", "access_admin")
    home = Page.objects.get(depth=2)
    idea_index = Page.objects.get(depth=3, content_type__app_label="ideas", content_type__model="ideaindexpage")
    root_collection = Collection.objects.get(depth=1)

    scouts, _ = Group.objects.get_or_create(name=SCOUTS)
    scouts.permissions.add(access_admin)
    GroupPagePermission.objects.get_or_create(group=scouts, page=idea_index, permission=permission("wagtailcore", "add_page"))
    for app_label, codename in SCOUT_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=scouts, collection=root_collection, permission=permission(app_label, codename)
        )

    Group.objects.get_or_create(name=SPECIALISTS)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(access_admin)
    for app_label, model, actions in EDITOR_MODEL_PERMISSIONS:
        editors.permissions.add(*(permission(app_label, f"{action}_{model}") for action in actions))
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(group=editors, page=home, permission=permission("wagtailcore", codename))
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=root_collection, permission=permission(app_label, codename)
        )

    create_idea_review_workflow(apps, editors, idea_index)
    replace_wagtail_default_groups(apps, editors)


def create_idea_review_workflow(apps, editors, idea_index):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task = GroupApprovalTask.objects.create(
        name="Beoordeling door de redactie",
        active=True,
        content_type=ContentType.objects.get_for_model(GroupApprovalTask),
    )
    task.groups.add(editors)
    workflow = Workflow.objects.create(name="Ideebeoordeling", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=idea_index, defaults={"workflow": workflow})


def replace_wagtail_default_groups(apps, editors):
    """Wagtail ships "Editors" and "Moderators" groups; Veldwerk's roles take their place,
    so that every group in the admin is one of the three roles."""
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    stock_groups = Group.objects.filter(name__in=["Editors", "Moderators"])
    for task in GroupApprovalTask.objects.filter(groups__in=stock_groups).distinct():
        task.groups.remove(*stock_groups)
        task.groups.add(editors)
    stock_groups.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("veldwerk", "0002_page_tree"),
        ("municipalities", "0002_load_municipalities"),
        ("themes", "0002_seed_themes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
