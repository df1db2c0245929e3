from django.db import migrations

from municipalities.reference import sync_municipalities


def load(apps, schema_editor):
    sync_municipalities(apps.get_model("municipalities", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
