"""The before-and-after part of an assignment's results in the API (groups/gain_stats.py):
null for a plain assignment; the group figures only under the small-group rule."""

from rest_framework import serializers

from quizzes.api.common import DataSerializer


class LearnerGainSerializer(DataSerializer):
    """One member's before and after scores."""

    id = serializers.IntegerField(source="user_id", help_text="The learner's account id.")
    pre = serializers.FloatField(
        allow_null=True, help_text="The before test's score in percent; null: not taken."
    )
    post = serializers.FloatField(
        allow_null=True, help_text="The counted score in percent; null: not submitted."
    )
    gain = serializers.FloatField(allow_null=True, help_text="post − pre, in points.")
    waived = serializers.BooleanField(help_text="The educator let them skip the before test.")


class ObjectiveGainSerializer(DataSerializer):
    """Share of right answers for one learning objective before and after."""

    objective_id = serializers.IntegerField()
    text = serializers.CharField()
    pre_share = serializers.FloatField(allow_null=True)
    post_share = serializers.FloatField(allow_null=True)


class GainStatisticsSerializer(DataSerializer):
    """The group's gain, over the learners who took both tests."""

    headline = serializers.CharField(help_text="The result in plain words.")
    mean_pre = serializers.FloatField()
    mean_post = serializers.FloatField()
    mean_gain = serializers.FloatField(help_text="Mean of post − pre, in points.")
    normalised_gain = serializers.FloatField(
        allow_null=True,
        help_text="Mean of (post − pre) / (100 − pre), leaving out learners with 100 before.",
    )
    improved = serializers.IntegerField()
    stayed = serializers.IntegerField()
    dropped = serializers.IntegerField()
    objectives = ObjectiveGainSerializer(many=True)


class GainSerializer(DataSerializer):
    """Before and after: per learner, and for the group once enough took both tests."""

    pre_quiz = serializers.CharField(help_text="The slug of the before test's quiz.")
    paired = serializers.IntegerField(help_text="Learners who took both tests.")
    statistics = GainStatisticsSerializer(
        allow_null=True,
        help_text="Null while fewer than `min_learners_for_statistics` took both tests.",
    )
    learners = LearnerGainSerializer(many=True)


def gain_data(assignment, gain) -> dict | None:
    """The figures as GainSerializer shows them; None for a plain assignment."""
    if gain is None:
        return None
    statistics = None
    if gain.enough_for_stats:
        statistics = {
            name: getattr(gain, name)
            for name in ("headline", "mean_pre", "mean_post", "mean_gain", "normalised_gain")
        } | {
            "improved": gain.improved,
            "stayed": gain.stayed,
            "dropped": gain.dropped,
            "objectives": [vars(row) for row in gain.objectives],
        }
    return {
        "pre_quiz": assignment.pre_quiz.slug,
        "paired": gain.paired,
        "statistics": statistics,
        "learners": [
            {"user_id": r.user_id, "pre": r.pre, "post": r.post, "gain": r.gain, "waived": r.waived}
            for r in gain.learners
        ],
    }
