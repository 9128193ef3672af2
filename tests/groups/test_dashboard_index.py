"""The covering index the group dashboards count answers with (quizzes migration 0009)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _index_definition():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["quizzes_response_attempt_cover"],
        )
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an index of PostgreSQL only")
def test_answers_are_indexed_by_attempt_with_what_the_dashboards_count():
    definition = _index_definition()
    assert definition is not None
    assert "(attempt_id, question_id)" in definition
    assert "INCLUDE (is_correct, confidence, id)" in definition
