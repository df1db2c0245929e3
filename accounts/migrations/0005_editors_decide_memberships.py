"""Profiles no longer carry a municipality (0004 turned it into a membership request) but record a
verified e-mail address; editors get the permissions to decide on memberships and to keep the list
of municipal e-mail domains.

The profile table is altered in a migration of its own: PostgreSQL refuses to alter a table with
rows written in the same transaction ("pending trigger events"), which 0004 does in both directions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITOR_PERMISSIONS = [
    "add_membership", "change_membership", "view_membership",
    "add_municipalityemaildomain", "change_municipalityemaildomain", "delete_municipalityemaildomain",
    "view_municipalityemaildomain",
]


def editors_decide_memberships(apps, schema_editor):
    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Redacteuren").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="accounts", codename__in=EDITOR_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_membership")]

    operations = [
        migrations.RemoveField(model_name="profile", name="municipality"),
        migrations.AddField(
            model_name='profile',
            name='email_verified_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='e-mail verified at'),
        ),
        migrations.AddField(
            model_name='profile',
            name='verified_email',
            field=models.EmailField(blank=True, help_text='The address this person proved to receive mail at, by accepting an invitation or a password reset.', max_length=254, verbose_name='verified e-mail address'),
        ),
        migrations.RunPython(editors_decide_memberships, migrations.RunPython.noop),
    ]
