"""Lessons and FAQs indexed for search in their own language: the Spanish translations with
PostgreSQL's 'spanish' text-search configuration, the rest with 'english' as before
(publishing/search/postgres.py queries each row in the same one). References have no
language and keep their trigger. Nothing happens on SQLite."""

from django.db import migrations

from publishing.search_operations import SearchVectorTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("learn", "0011_translations"),
    ]

    operations = [
        SearchVectorTrigger(
            "article", {"title": "A", "summary": "B", "body": "C"}, languages={"es": "spanish"}
        ),
        SearchVectorTrigger("faq", {"question": "A", "answer": "C"}, languages={"es": "spanish"}),
    ]
