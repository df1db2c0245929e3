from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("veldwerk_search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.get(name="Redacteuren")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="veldwerk_search", content_type__model="synonymgroup",
            codename__in=["add_synonymgroup", "change_synonymgroup", "delete_synonymgroup", "view_synonymgroup"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_roles"), ("veldwerk_search", "0002_full_text_index")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
