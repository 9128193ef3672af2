"""drf-spectacular's settings for the OpenAPI schema of /api/ (imported by msportal.settings)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SPECTACULAR_SETTINGS = {
    "TITLE": "msportal API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (ROOT / "core" / "api" / "description.md").read_text(encoding="utf-8"),
    "LICENSE": {"name": "MIT"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {"slug": {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}},
    "TAGS": [
        {"name": "content", "description": "Modules, lessons, FAQs and references (read-only)."},
        {"name": "quizzes", "description": "Quizzes and their questions, without answers."},
        {"name": "attempts", "description": "Taking a quiz: start, answer, submit; your attempts."},
        {"name": "groups", "description": "Educators: your groups, their assignments and results."},
    ],
    "ENUM_NAME_OVERRIDES": {
        "EvidenceLevelEnum": "learn.models.EvidenceLevel",
        "ReferenceKindEnum": "learn.models.ReferenceKind",
        "QuestionKindEnum": "quizzes.models.QuestionKind",
        "FeedbackTimingEnum": "quizzes.models.FeedbackTiming",
        "AttemptStatusEnum": "quizzes.api.attempt_serializers.ATTEMPT_STATUSES",
        "AnswerStatusEnum": "quizzes.api.attempt_serializers.ANSWER_STATUSES",
        "AssignmentStatusEnum": "groups.rules.AssignmentStatus",
    },
    # Swagger UI from the drf-spectacular-sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "defaultModelsExpandDepth": 0},
    # The token errors every operation shares (core/api/schema.py), after the default hook.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_token_errors",
    ],
}
