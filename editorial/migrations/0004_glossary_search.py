import django.contrib.postgres.search
from django.db import migrations

from publishing.search_operations import SearchVectorTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_seed_glossary"),
        # pg_trgm and the trigger machinery come with the lessons' search migration.
        ("learn", "0004_search_vectors"),
    ]

    operations = [
        migrations.AddField(
            model_name="glossaryterm",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        SearchVectorTrigger(
            "glossaryterm", {"term": "A", "also_matches": "A", "short_definition": "B"}
        ),
    ]
