"""The translation migrations give each existing item a translation key of its own (not one
shared default), in English; revisions get their item's key."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from learn.models import FAQ, Module

BEFORE = [("learn", "0010_learning_objectives"), ("editorial", "0004_glossary_search")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_items_get_distinct_translation_keys():
    old = _migrate(BEFORE)
    OldModule = old.get_model("learn", "Module")
    for n in range(3):
        OldModule.objects.create(title=f"M{n}", slug=f"m-{n}", summary="s", position=n)
    topic = old.get_model("learn", "Topic").objects.create(name="T", slug="t")
    faq = old.get_model("learn", "FAQ").objects.create(
        question="Q?", slug="q", answer="A.", topic=topic
    )
    old.get_model("learn", "HistoricalFAQ").objects.create(
        id=faq.pk,
        question="Q?",
        slug="q",
        answer="A.",
        topic=topic,
        history_date=faq.created_at,
        history_type="+",
        status=faq.status,
        publish_at=faq.publish_at,
        created_at=faq.created_at,
        updated_at=faq.updated_at,
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    keys = list(
        Module.objects.filter(slug__startswith="m-").values_list("translation_key", flat=True)
    )
    assert len(set(keys)) == 3 and None not in keys
    assert set(Module.objects.values_list("locale", flat=True)) == {"en"}
    faq = FAQ.objects.get(slug="q")
    assert faq.history.get().translation_key == faq.translation_key
