"""Glossary terms indexed for search in their own language: the Spanish translations with
PostgreSQL's 'spanish' text-search configuration, the rest with 'english' as before
(publishing/search/postgres.py queries each row in the same one). Nothing happens on
SQLite."""

from django.db import migrations

from publishing.search_operations import SearchVectorTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_translations"),
    ]

    operations = [
        SearchVectorTrigger(
            "glossaryterm",
            {"term": "A", "also_matches": "A", "short_definition": "B"},
            languages={"es": "spanish"},
        ),
    ]
