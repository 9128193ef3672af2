"""Migration helpers for the content apps' translation fields (issue 18).

`translation_key` is added nullable, filled here with a key of its own per item (an
AddField with `default=uuid4` would give every existing row the SAME key, making them all
translations of one another), then made non-null. Revisions (django-simple-history's
Historical… tables) get their item's key, so a revision stays tied to its item.
"""

import uuid

from django.db import migrations, models


def _fill(app_label, model_names):
    def forwards(apps, schema_editor):
        for name in model_names:
            model = apps.get_model(app_label, name)
            keys = {}
            for pk in model.objects.filter(translation_key__isnull=True).values_list(
                "pk", flat=True
            ):
                keys[pk] = uuid.uuid4()
                model.objects.filter(pk=pk).update(translation_key=keys[pk])
            try:
                history = apps.get_model(app_label, f"historical{name}")
            except LookupError:
                continue
            for item_id in history.objects.values_list("id", flat=True).distinct():
                key = keys.get(item_id) or uuid.uuid4()
                history.objects.filter(id=item_id).update(translation_key=key)

    return forwards


def translation_key_operations(app_label, *model_names, history=()):
    """The operations that add `translation_key` to `model_names` (and to the revision
    tables named in `history`), a distinct key per existing row."""
    nullable = models.UUIDField(null=True, editable=False, db_index=True)
    final = models.UUIDField(
        default=uuid.uuid4, editable=False, db_index=True, verbose_name="translation key"
    )
    names = [*model_names, *history]
    return [
        *(
            migrations.AddField(model_name=name, name="translation_key", field=nullable.clone())
            for name in names
        ),
        migrations.RunPython(_fill(app_label, model_names), migrations.RunPython.noop),
        *(
            migrations.AlterField(model_name=name, name="translation_key", field=final.clone())
            for name in names
        ),
    ]
