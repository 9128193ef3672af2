"""Helpers for the governance tests: post an admin change form as a browser would."""

from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import approve
from tests.learn.test_admin import form_data

__all__ = [
    "change_url",
    "edited_by",
    "form_data",
    "messages_of",
    "post_change_form",
    "save_approve_publish",
]


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def edited_by(item, user, **changes):
    """Save `changes` as `user` (the revision's history_user, as the admin records it)."""
    for name, value in changes.items():
        setattr(item, name, value)
    item._history_user = user
    item.save()
    return item


def post_change_form(client, obj, **changes):
    """Load obj's admin change form, apply `changes` and post it back."""
    url = change_url(obj)
    form_id = f"{obj._meta.model_name}_form"
    return client.post(url, form_data(client.get(url), form_id, **changes))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def save_approve_publish(client, obj, **changes):
    """Save `changes`, have a medical reviewer approve the saved text, then press Publish."""
    assert post_change_form(client, obj, **changes).status_code == 302
    obj.refresh_from_db()
    approve(obj)
    return post_change_form(client, obj, _workflow="publish")
