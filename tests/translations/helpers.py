"""Helpers for translation tests: a translation made the way editors make it."""

from publishing.models import Status
from publishing.translations import create_translation
from tests.factories import approve


def make_translation(item, language="es", *, publish=True, user=None, **changes):
    """`item` translated into `language` by `create_translation`, with `changes` (the
    translated text) saved; approved by a medical reviewer and published unless
    `publish=False` (then it stays a draft)."""
    translation = create_translation(item, language, user=user)
    for name, value in changes.items():
        setattr(translation, name, value)
    if publish:
        translation.status = Status.PUBLISHED
        translation.publish_at = item.publish_at
    translation.save()
    if publish and translation.needs_medical_review:
        approve(translation)
    return translation
