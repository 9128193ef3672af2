"""The project's real sample content in a test's database, for tests that read it.

`manage.py load_sample_content` renders Markdown and validates every item, which takes about
two seconds on a busy machine, and CI runs the suite on two databases beside the browser
tests. So the command runs once per test session and its rows are kept; later calls put the
same rows back by bulk insert (milliseconds), whether the database was rolled back after a
plain test or emptied after a transactional (browser) one. Rows already there (what data
migrations seed, which a plain test's database keeps) are left as they are, and content types
are kept by name (a flush numbers them anew).

Call it before the test makes rows of its own: the first call keeps every row of the content
apps. Tests about the loader itself (what a second load changes, an editor's edits kept) call
the command as well, on top of these rows, as they would on a site.
"""

import io

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# The apps whose rows load_sample_content writes (lessons and quizzes, glossary terms, status
# changes). Groups, permissions and content types are not among them: a transactional test's
# flush re-creates those (post_migrate).
CONTENT_APPS = ("editorial", "learn", "publishing", "quizzes")
# Per model: its content-type fields and its rows.
_snapshot: list[tuple[type, list[str], list[dict]]] | None = None


def _content_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS and not model._meta.proxy
    ]


def _content_type_fields(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is ContentType
    ]


def _portable(rows, fields):
    """`rows` with their content types named, not numbered: a flush numbers them anew."""
    for row in rows:
        for name in fields:
            if row[name] is not None:
                row[name] = ContentType.objects.get_for_id(row[name]).natural_key()
    return rows


def _local(row, fields):
    """A kept row with its content types numbered as in this database."""
    if not fields:
        return row
    row = dict(row)
    for name in fields:
        if row[name] is not None:
            row[name] = ContentType.objects.get_by_natural_key(*row[name]).pk
    return row


def load_sample_content():
    """The rows `manage.py load_sample_content` writes, in this test's database."""
    global _snapshot
    if _snapshot is None:
        call_command("load_sample_content", stdout=io.StringIO())
        _snapshot = []
        for model in _content_models():
            if rows := list(model._base_manager.order_by().values()):
                fields = _content_type_fields(model)
                _snapshot.append((model, fields, _portable(rows, fields)))
        return
    # Foreign keys are checked at commit (Django makes them deferrable), so order is free.
    with transaction.atomic():
        for model, fields, rows in _snapshot:
            pk = model._meta.pk.attname
            there = set(
                model._base_manager.filter(pk__in=[row[pk] for row in rows]).values_list(
                    "pk", flat=True
                )
            )
            model._base_manager.bulk_create(
                model(**_local(row, fields)) for row in rows if row[pk] not in there
            )
        # Rows came with their ids; move PostgreSQL's sequences past them.
        statements = connection.ops.sequence_reset_sql(no_style(), [m for m, *_ in _snapshot])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
