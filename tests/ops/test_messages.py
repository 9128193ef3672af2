"""core.middleware.MessageMiddleware: Django's, with the message storage made on first use."""

import pytest
from django.contrib import messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import empty

from core.middleware import MessageMiddleware

pytestmark = pytest.mark.django_db


def test_a_request_that_shows_no_message_makes_no_message_storage(client):
    response = client.get(reverse("healthz"))

    assert vars(response.wsgi_request._messages)["_wrapped"] is empty


def test_a_message_added_in_one_request_is_shown_by_the_next(rf):
    def add(request):
        messages.info(request, "Saved.")
        return HttpResponse()

    def show(request):
        return HttpResponse(" ".join(str(message) for message in messages.get_messages(request)))

    first = rf.get("/")
    first.session = {}
    added = MessageMiddleware(add)(first)
    second = rf.get("/", HTTP_COOKIE=f"messages={added.cookies['messages'].value}")
    second.session = {}

    assert MessageMiddleware(show)(second).text == "Saved."
