"""Seed the flagged-phrase list with its defaults and compute the reading level of every lesson.

Editors change the list in the admin afterwards; existing phrases are left as they are.
"""

from django.db import migrations

DEFAULT_PHRASES = [
    ("cure", "MS has no cure yet. Check that the sentence does not suggest one ('not a cure' is fine)."),
    ("proven", "Studies rarely prove anything. Say what they found and how strong the evidence is."),
    ("miracle", "A hype word. Describe what the evidence shows instead."),
    ("boost immunity", "In MS the immune system is already too active. 'Boosting' it is misleading."),
    ("boost the immune system", "In MS the immune system is already too active. 'Boosting' it is misleading."),
    ("detox", "Not a medical process with evidence behind it. Avoid the word."),
    ("guaranteed", "No treatment or supplement can promise a result."),
    ("breakthrough", "A hype word. Say what was found, in whom (animals or people) and how many."),
]


def seed(apps, schema_editor):
    FlaggedPhrase = apps.get_model("learn", "FlaggedPhrase")
    for phrase, why in DEFAULT_PHRASES:
        FlaggedPhrase.objects.get_or_create(phrase=phrase, defaults={"why": why})


def unseed(apps, schema_editor):
    FlaggedPhrase = apps.get_model("learn", "FlaggedPhrase")
    FlaggedPhrase.objects.filter(phrase__in=[phrase for phrase, _why in DEFAULT_PHRASES]).delete()


def compute_reading_grades(apps, schema_editor):
    from learn.writing_aids import reading_grade

    Article = apps.get_model("learn", "Article")
    articles = list(Article.objects.only("pk", "body"))
    for article in articles:
        article.reading_grade = reading_grade(article.body)
    Article.objects.bulk_update(articles, ["reading_grade"], batch_size=200)


class Migration(migrations.Migration):
    dependencies = [
        ("learn", "0005_governance_and_history"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(compute_reading_grades, migrations.RunPython.noop),
    ]
