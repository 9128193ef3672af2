# Full-text search support. Numbered high so it can be renumbered when branches merge.
#
# The search_vector columns exist on every database; only PostgreSQL fills them (by trigger)
# and indexes them (GIN), and only PostgreSQL gets pg_trgm for typo tolerance. SQLite keeps
# the NULL columns and publishing/search/fallback.py searches it with plain lookups instead.

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from publishing.search_operations import SearchVectorTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("learn", "0003_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="faq",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="referencelink",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        # CreateExtension does nothing on other databases. pg_trgm is a trusted extension
        # (PostgreSQL 13+): the database owner may create it without being a superuser.
        TrigramExtension(),
        SearchVectorTrigger("article", {"title": "A", "summary": "B", "body": "C"}),
        SearchVectorTrigger("faq", {"question": "A", "answer": "C"}),
        SearchVectorTrigger("referencelink", {"title": "A", "summary": "B", "authors": "B"}),
    ]
