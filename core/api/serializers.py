"""Serializer building blocks shared by API endpoints."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# The shared serializer classes below are explained in comments, not docstrings:
# drf-spectacular describes each schema component with the first docstring it finds up the
# class tree, so a base class's docstring would appear as the description of every
# serializer that has none of its own.


# Refuse a write body that has fields the serializer does not accept.
#
# DRF silently drops unknown keys, so a typo ("choice" for "choices") would pass as an empty
# answer. With this mixin, unknown keys and read-only keys are field errors (400 invalid).
# Put it before the serializer class: `class AnswerIn(RejectUnknownFieldsMixin, Serializer)`.
class RejectUnknownFieldsMixin:
    unknown_field_message = _("This field is not accepted here.")
    read_only_field_message = _("This field is read-only.")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            errors = {}
            for key in data:
                if key in writable:
                    continue
                read_only = key in self.fields
                errors[str(key)] = [
                    self.read_only_field_message if read_only else self.unknown_field_message
                ]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON number without a fraction; "5", 5.5 and true are refused, not read as 5 or 1.

    DRF's IntegerField takes strings and truncates "5.0"; an API that reads JSON should say
    when a client sends the wrong type instead of guessing.
    """

    default_error_messages = {"invalid": _("A whole number is required.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


# The largest primary key a 64-bit column holds: bigger ids name nothing, and are refused
# before they reach the database.
MAX_ID = 2**63 - 1


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=(
            "A stable word for programs: not_found, invalid, malformed_json, "
            "not_authenticated, invalid_token, permission_denied, csrf_failed, "
            "method_not_allowed, not_acceptable, unsupported_media_type, conflict, "
            "request_too_large, throttled, bad_request, server_error; for quiz taking also "
            "not_open, no_attempts_left, attempt_submitted, answer_locked, time_over, "
            "wrong_question, invalid_choice, no_choice, too_many_choices."
        )
    )
    message = serializers.CharField(help_text="A plain sentence for people.")
    details = serializers.DictField(
        required=False,
        help_text=(
            "More about the error when there is more to say: for `invalid`, a list of "
            "messages per field; for `throttled`, `retry_after_seconds`."
        ),
    )


class ErrorSerializer(serializers.Serializer):
    """The error format: every non-2xx answer of the API has this shape."""

    error = ErrorBodySerializer()


# Every field read-only and present: for serializers of answers only. Besides refusing
# writes, this makes the schema list every field as always present, which is true of the
# answers (a null value is marked nullable, not left out). (Comments, not docstrings:
# drf-spectacular would show a docstring as the description of every subclass without one.)
class ReadOnlyFieldsMixin:
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
            field.required = False
        return fields


# An answer read from one model.
class OutputSerializer(ReadOnlyFieldsMixin, serializers.ModelSerializer):
    pass
