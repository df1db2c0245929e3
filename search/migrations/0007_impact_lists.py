"""Impact lists for frequent terms (search.engines.impact_lists), and the number of indexed
documents per type among the ranking statistics (the most common type's count is derived from them)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('veldwerk_search', '0006_ranking_statistics'),
    ]

    operations = [
        migrations.RunSQL(
            "INSERT INTO search_statistic (name, value) SELECT 'documents:' || type, count(*) FROM search_document "
            "WHERE analysed <> '' GROUP BY type",
            "DELETE FROM search_statistic WHERE name LIKE 'documents:%%'",
        ),
        migrations.CreateModel(
            name='SearchImpactList',
            fields=[
                ('term', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('floor_impact', models.FloatField()),
            ],
            options={
                'db_table': 'search_impact_list',
            },
        ),
        migrations.CreateModel(
            name='SearchImpact',
            fields=[
                ('pk', models.CompositePrimaryKey('term', 'page_id', blank=True, editable=False, primary_key=True, serialize=False)),
                ('term', models.CharField(max_length=40)),
                ('page_id', models.BigIntegerField()),
                ('impact', models.FloatField()),
            ],
            options={
                'db_table': 'search_impact',
                'indexes': [models.Index(fields=['page_id'], name='search_impact_page_idx')],
            },
        ),
    ]
