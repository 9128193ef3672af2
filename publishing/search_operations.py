"""Migration operations for full-text search that run on PostgreSQL and do nothing elsewhere.

``SearchVectorTrigger`` keeps a model's ``search_vector`` column (a nullable
``SearchVectorField``) filled by a ``BEFORE INSERT OR UPDATE`` trigger, backfills the rows
already there and adds a GIN index on the column. A trigger rather than ``Model.save()``:
it also covers ``QuerySet.update()``, ``bulk_create()``, ``loaddata`` and raw SQL (an admin
action that edits many rows at once, an import), costs no extra query per save, and is
computed in the same statement as the write. Not a ``GeneratedField``: a generated column
with to_tsvector() exists only on PostgreSQL, so the same migration could not run on SQLite.
On SQLite this operation is a no-op, the column stays NULL and publishing/search/fallback.py
searches with plain lookups.

This module stays outside the publishing.search package and imports no models, so migrations
can import it safely.

Usage in a migration (weights A to D, A counts most; only text columns)::

    from publishing.search_operations import SearchVectorTrigger

    operations = [
        migrations.AddField("glossaryterm", "search_vector",
                            SearchVectorField(null=True, editable=False)),
        SearchVectorTrigger("glossaryterm", {"term": "A", "also_matches": "A",
                                             "short_definition": "B"}),
    ]

Content in several languages is indexed in each row's own language: ``languages`` maps a
language code to its configuration, picked by the row's ``language_field`` (``locale``),
``config`` for any other value::

    SearchVectorTrigger("faq", {"question": "A", "answer": "C"}, languages={"es": "spanish"})

Reversing such an operation puts back the one-configuration trigger it replaced.

The weights and configurations live in the migration, not in Python code that could change
under an old migration. To change them (or the columns), add a migration with a new
``SearchVectorTrigger`` for the same model: it replaces the function and the trigger and
refills the column; the index is kept.
"""

import re

from django.db import router
from django.db.migrations.operations.base import Operation, OperationCategory

_CONFIG = re.compile(r"^[a-z_]+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")


class SearchVectorTrigger(Operation):
    """Fill ``search_vector`` from weighted text columns by a trigger; index it with GIN."""

    reversible = True
    reduces_to_sql = True
    category = OperationCategory.ADDITION

    def __init__(
        self,
        model_name,
        weights,
        config="english",
        field="search_vector",
        languages=None,
        language_field="locale",
    ):
        if not weights or any(weight not in {"A", "B", "C", "D"} for weight in weights.values()):
            raise ValueError("weights maps column names to one of 'A', 'B', 'C', 'D'.")
        for name in (config, *(languages or {}).values()):
            if not _CONFIG.match(name):
                raise ValueError(f"Not a text search configuration name: {name!r}")
        if any(not _LANGUAGE.match(code) for code in languages or {}):
            raise ValueError(f"Not language codes: {sorted(languages)!r}")
        self.model_name = model_name
        self.weights = dict(weights)
        self.config = config
        self.field = field
        self.languages = dict(languages or {})
        self.language_field = language_field

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "weights": self.weights}
        if self.config != "english":
            kwargs["config"] = self.config
        if self.field != "search_vector":
            kwargs["field"] = self.field
        if self.languages:
            kwargs["languages"] = self.languages
        if self.language_field != "locale":
            kwargs["language_field"] = self.language_field
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass  # Nothing Django's model state knows about: a trigger, a function, an index.

    def describe(self):
        return f"Search vector trigger and GIN index on {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_search_vector"

    def _applies(self, app_label, schema_editor):
        return schema_editor.connection.vendor == "postgresql" and router.allow_migrate(
            schema_editor.connection.alias, app_label, model_name=self.model_name
        )

    def _names(self, model, schema_editor):
        table = model._meta.db_table
        quote = schema_editor.quote_name
        return {
            "table": quote(table),
            "function": quote(f"{table}_{self.field}_update"),
            "trigger": quote(f"{table}_{self.field}_trigger"),
            "index": quote(f"{table}_{self.field}_gin"),
            "field": quote(model._meta.get_field(self.field).column),
        }

    def _config_sql(self, model, schema_editor, prefix):
        """The configuration: fixed, or picked by the row's language (validated names)."""
        if not self.languages:
            return f"'{self.config}'::regconfig"
        column = schema_editor.quote_name(model._meta.get_field(self.language_field).column)
        cases = " ".join(
            f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in self.languages.items()
        )
        return f"CASE {prefix}{column} {cases} ELSE '{self.config}'::regconfig END"

    def _columns(self):
        return [*self.weights, *([self.language_field] if self.languages else [])]

    def _vector_sql(self, model, schema_editor, prefix):
        parts = []
        config = self._config_sql(model, schema_editor, prefix)
        for name, weight in self.weights.items():
            column = schema_editor.quote_name(model._meta.get_field(name).column)
            parts.append(
                f"setweight(to_tsvector({config}, coalesce({prefix}{column}, '')), '{weight}')"
            )
        return " || ".join(parts)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not self._applies(app_label, schema_editor):
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        names = self._names(model, schema_editor)
        columns = ", ".join(
            schema_editor.quote_name(model._meta.get_field(name).column) for name in self._columns()
        )
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {names['function']}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN "
            f"NEW.{names['field']} := {self._vector_sql(model, schema_editor, 'NEW.')}; "
            f"RETURN NEW; END $$"
        )
        # UPDATE OF: changing only the status or a date leaves the vector alone (a change
        # of language does not).
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {names['trigger']} ON {names['table']}")
        schema_editor.execute(
            f"CREATE TRIGGER {names['trigger']} BEFORE INSERT OR UPDATE OF {columns} "
            f"ON {names['table']} FOR EACH ROW EXECUTE FUNCTION {names['function']}()"
        )
        # Identifiers are quoted and the config and weights validated in __init__.
        vector = self._vector_sql(model, schema_editor, "")
        schema_editor.execute(f"UPDATE {names['table']} SET {names['field']} = {vector}")  # noqa: S608
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {names['index']} "
            f"ON {names['table']} USING gin ({names['field']})"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not self._applies(app_label, schema_editor):
            return
        if self.languages:  # back to the one-configuration trigger this one replaced
            previous = type(self)(self.model_name, self.weights, self.config, self.field)
            previous.database_forwards(app_label, schema_editor, to_state, from_state)
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        names = self._names(model, schema_editor)
        schema_editor.execute(f"DROP INDEX IF EXISTS {names['index']}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {names['trigger']} ON {names['table']}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {names['function']}()")
