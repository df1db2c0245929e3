"""Municipality membership is granted, not chosen.

Existing profile municipalities were chosen by the people themselves, so they become *requests*
an editor still has to confirm (the demo accounts are confirmed again by `seed_demo`).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def chosen_municipalities_become_requests(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.bulk_create(
        Membership(user_id=profile.user_id, municipality_id=profile.municipality_id, status="requested")
        for profile in Profile.objects.exclude(municipality=None)
    )


def requests_become_chosen_municipalities(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Membership = apps.get_model("accounts", "Membership")
    for membership in Membership.objects.all():
        Profile.objects.update_or_create(user_id=membership.user_id, defaults={"municipality_id": membership.municipality_id})


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_profile'),
        ('municipalities', '0002_load_municipalities'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('invited', 'invited'), ('requested', 'requested'), ('confirmed', 'confirmed'), ('refused', 'refused'), ('revoked', 'revoked')], db_index=True, default='requested', max_length=20, verbose_name='status')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                ('granted_through', models.CharField(blank=True, choices=[('invitation', 'invitation'), ('editor', 'editor'), ('email_domain', 'verified e-mail domain')], max_length=20, verbose_name='granted through')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('decided_by', models.ForeignKey(blank=True, help_text='The editor who invited, confirmed, refused or revoked; empty for the e-mail domain rule.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='municipalities.municipality', verbose_name='municipality')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='membership', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'municipality membership',
                'verbose_name_plural': 'municipality memberships',
                'ordering': ['-requested_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='MunicipalityEmailDomain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(help_text='The part after the @, e.g. groningen.nl. Only exactly this domain counts, not its subdomains.', max_length=253, unique=True, verbose_name='e-mail domain')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_domains', to='municipalities.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'municipal e-mail domain',
                'verbose_name_plural': 'municipal e-mail domains',
                'ordering': ['domain'],
            },
        ),
        migrations.RunPython(chosen_municipalities_become_requests, requests_become_chosen_municipalities),
    ]
