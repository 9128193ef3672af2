import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

CONTENT_PATHS = [
    "/api/v1/modules/",
    "/api/v1/modules/{slug}/",
    "/api/v1/articles/",
    "/api/v1/articles/{slug}/",
    "/api/v1/faqs/",
    "/api/v1/references/",
    "/api/v1/quizzes/",
    "/api/v1/quizzes/{slug}/",
]
# path: its operations (quiz taking and educators' endpoints)
SIGNED_IN_OPERATIONS = {
    "/api/v1/quizzes/{slug}/attempts/": ["post"],
    "/api/v1/attempts/{id}/": ["get"],
    "/api/v1/attempts/{id}/responses/": ["post"],
    "/api/v1/attempts/{id}/submit/": ["post"],
    "/api/v1/me/attempts/": ["get"],
    "/api/v1/me/review/": ["get"],
    "/api/v1/me/review/{card_id}/answer/": ["post"],
    "/api/v1/groups/": ["get"],
    "/api/v1/groups/{id}/": ["get"],
    "/api/v1/groups/{id}/assignments/": ["get", "post"],
    "/api/v1/assignments/{id}/results/": ["get"],
}
ALL_PATHS = sorted([*CONTENT_PATHS, *SIGNED_IN_OPERATIONS])


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_is_valid_openapi(schema):
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema


def test_schema_generation_has_no_warnings_or_errors(capsys):
    # The same check as CI: `manage.py spectacular --validate --fail-on-warn`.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")

    assert "Warning" not in capsys.readouterr().err


def test_every_content_endpoint_is_documented_with_summary_example_and_errors(schema):
    assert sorted(schema["paths"]) == ALL_PATHS
    for path in CONTENT_PATHS:
        operation = schema["paths"][path]["get"]
        assert operation["summary"], path
        assert operation["description"], path
        ok = operation["responses"]["200"]["content"]["application/json"]
        assert ok["examples"], path
        for status in ("401", "404", "429"):
            error = operation["responses"][status]["content"]["application/json"]
            assert error["schema"] == {"$ref": "#/components/schemas/Error"}, (path, status)


def test_every_quiz_taking_and_educator_operation_is_documented(schema):
    for path, methods in SIGNED_IN_OPERATIONS.items():
        assert sorted(schema["paths"][path]) == sorted(methods), path
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation["summary"], (path, method)
            assert operation["description"], (path, method)
            assert operation["tags"] in (["attempts"], ["groups"], ["review"]), (path, method)
            success = [status for status in operation["responses"] if status.startswith("2")]
            for status in success:
                ok = operation["responses"][status]["content"]["application/json"]
                assert ok["schema"], (path, method, status)
                assert ok["examples"], (path, method, status)
            errors = {"401", "404", "429"}
            if method == "post":
                errors |= {"400", "403", "413", "415"}
                assert "requestBody" in operation or path.endswith("/submit/"), path
            assert errors <= set(operation["responses"]), (path, method)
            for status in errors:
                error = operation["responses"][status]["content"]["application/json"]
                assert error["schema"] == {"$ref": "#/components/schemas/Error"}, (path, status)
                assert error["examples"], (path, status)


def test_quiz_taking_refusals_are_documented_with_their_codes(schema):
    answer = schema["paths"]["/api/v1/attempts/{id}/responses/"]["post"]["responses"]
    codes = {
        status: {example["value"]["error"]["code"] for example in body["examples"].values()}
        for status, body in (
            (status, answer[status]["content"]["application/json"]) for status in ("400", "409")
        )
    }
    assert {"invalid_choice", "wrong_question", "invalid"} <= codes["400"]
    assert codes["409"] == {"attempt_submitted", "answer_locked", "time_over"}


def test_attempt_and_results_schemas_keep_answers_inside_feedback(schema):
    components = schema["components"]["schemas"]
    question = set(components["AttemptQuestion"]["properties"])
    assert not question & {"is_correct", "explanation", "correct_choice_ids", "misconception"}
    assert set(components["AttemptChoice"]["properties"]) == {"id", "text"}
    assert components["AttemptQuestion"]["properties"]["feedback"]["nullable"] is True
    assert "misconception" not in components["Feedback"]["properties"]
    results = components["Results"]["properties"]
    assert results["statistics"]["nullable"] is True


def test_error_format_and_security_schemes_are_components(schema):
    error = schema["components"]["schemas"]["Error"]
    body = schema["components"]["schemas"]["ErrorBody"]
    assert error["required"] == ["error"]
    assert set(body["properties"]) == {"code", "message", "details"}
    assert body["required"] == ["code", "message"]
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["scheme"] == "bearer"
    assert schemes["cookieAuth"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
        "description": schemes["cookieAuth"]["description"],
    }


def test_quiz_schemas_name_no_answer_fields(schema):
    components = schema["components"]["schemas"]
    for name in ("Quiz", "QuizDetail", "Question", "Choice"):
        fields = set(components[name]["properties"])
        assert not fields & {"is_correct", "explanation", "feedback", "misconception"}, name


def test_schema_endpoint_serves_the_same_schema(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    assert served["info"]["title"] == "msportal API"
    assert sorted(served["paths"]) == ALL_PATHS


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.script_bodies = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_bodies.append(data)


def test_docs_page_works_under_the_csp_with_only_same_origin_assets(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "img-src 'self' data:;" in csp  # Swagger UI's icons, on this page only
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    parser = _Tags()
    parser.feed(page)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts, "Swagger UI is loaded"
    assert all(attrs.get("src") for attrs in scripts), "no inline <script>"
    assert parser.script_bodies == []
    assert not [tag for tag, _attrs in parser.tags if tag == "style"], "no inline <style>"
    assert not [tag for tag, attrs in parser.tags if "style" in attrs], "no style attributes"
    assert not re.search(r"\son[a-z]+=", page), "no inline event handlers"
    assets = [attrs["src"] for attrs in scripts] + [
        attrs["href"] for tag, attrs in parser.tags if tag == "link"
    ]
    for url in assets:
        assert url.startswith("/static/"), url  # same origin, no CDN
        assert finders.find(url.removeprefix("/static/")), f"{url} exists"
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    assert "/static/js/api-docs.js" in assets
    main = next(attrs for tag, attrs in parser.tags if tag == "main")
    assert main["data-schema-url"] == "/api/schema/"


def test_the_rest_of_the_site_keeps_images_to_self(client):
    assert "img-src 'self';" in client.get("/api/v1/modules/")["Content-Security-Policy"]


def test_docs_script_reads_its_settings_from_the_page():
    script = Path(finders.find("js/api-docs.js")).read_text(encoding="utf-8")

    assert "dataset.schemaUrl" in script
    assert "SwaggerUIBundle(" in script


def test_review_refusals_are_documented_with_their_codes(schema):
    answer = schema["paths"]["/api/v1/me/review/{card_id}/answer/"]["post"]["responses"]
    codes = {
        status: {example["value"]["error"]["code"] for example in body["examples"].values()}
        for status, body in (
            (status, answer[status]["content"]["application/json"]) for status in ("404", "409")
        )
    }
    assert codes == {"404": {"not_found"}, "409": {"not_due"}}
