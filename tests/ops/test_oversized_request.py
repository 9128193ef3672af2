"""Too many query parameters answer the ordinary 400, with DEBUG on as under `make run`.

Django's technical 400 page reads the oversized query string again and failed with a 500;
core.middleware.OversizedRequestMiddleware hands the request to handler400 instead.
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TOO_MANY = "&".join(f"p{i}=1" for i in range(1001))


@pytest.fixture
def debug_client(settings):
    settings.DEBUG = True
    # As a browser would see it: no exception re-raised into the test.
    return Client(raise_request_exception=False)


def test_a_page_with_too_many_parameters_is_400_under_debug(debug_client):
    response = debug_client.get(f"/search/?{TOO_MANY}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_api_with_too_many_parameters_is_its_json_400_under_debug(debug_client):
    response = debug_client.get(f"/api/v1/modules/?{TOO_MANY}")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_without_debug_the_answer_is_the_same_400(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    assert client.get(f"/search/?{TOO_MANY}").status_code == 400
    assert client.get(f"/api/v1/modules/?{TOO_MANY}").json()["error"]["code"] == "bad_request"


def test_a_thousand_parameters_are_still_accepted(debug_client):
    almost = "&".join(f"p{i}=1" for i in range(999))
    assert debug_client.get(f"/search/?q=gut&{almost}").status_code == 200
