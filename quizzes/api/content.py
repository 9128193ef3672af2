"""Read-only API for quizzes: what each published quiz asks, never what the right answers are.

The serializers name every field they show, and the querysets load only those columns
(`only()`), so correctness, explanations, choice feedback and misconception labels are not
even read from the database here. A quiz comes in the language asked for (`?lang=es`,
`Accept-Language`; learn.api.languages) with its source's slug and ids, the ones an attempt
answers with. Taking a quiz (attempts, responses, grading) is a separate
part of the API built on quizzes/services.py.
"""

import django_filters
from django.db.models import Count, F, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from core.api.schema import OK as _OK
from core.api.schema import error_responses, slug_parameter
from core.api.serializers import OutputSerializer
from learn.api.languages import AnswersInLanguageMixin, with_lang_parameter
from learn.api.serializers import LanguageSerializer, ModuleRefSerializer, PageURLField
from learn.filters import FilterBackend, SlugChoiceFilter
from learn.models import Module
from publishing.pagecache import PublicListMixin
from quizzes.models import Choice, Question, Quiz
from quizzes.translations import localize_quiz_modules, localize_quizzes, quiz_text

_SITE = "https://ms.example.org"
_QUIZ_EXAMPLE = {
    "slug": "gut-brain-axis",
    "title": "The gut-brain axis",
    "intro": "Check what you have learned about the microbes in your gut.",
    "module": {"slug": "gut-brain-axis", "title": "The gut-brain axis"},
    "question_count": 5,
    "pass_percent": 70,
    "feedback_timing": "immediate",
    "max_attempts": None,
    "time_limit_minutes": None,
    "url": f"{_SITE}/quizzes/gut-brain-axis/",
    "language": "en",
}
_QUIZ_DETAIL_EXAMPLE = _QUIZ_EXAMPLE | {
    "questions": [
        {
            "id": 41,
            "position": 1,
            "kind": "single",
            "prompt": "What does 'dysbiosis' mean?",
            "choices": [
                {"id": 131, "position": 1, "text": "An imbalance of gut microbes"},
                {"id": 132, "position": 2, "text": "A kind of probiotic"},
                {"id": 133, "position": 3, "text": "A test for MS"},
            ],
        }
    ],
}


class ChoiceSerializer(OutputSerializer):
    class Meta:
        model = Choice
        fields = ["id", "position", "text"]


class QuestionSerializer(OutputSerializer):
    choices = ChoiceSerializer(many=True, help_text="In position order.")

    class Meta:
        model = Question
        fields = ["id", "position", "kind", "prompt", "choices"]


class QuizSerializer(LanguageSerializer):
    """A quiz; `language` says whose words it has: it fell back when that is not the
    language asked for (a quiz answer holds no true/false field at all)."""

    module = serializers.SerializerMethodField()
    question_count = serializers.IntegerField()
    url = PageURLField(help_text="The quiz's page on the site.")

    class Meta:
        model = Quiz
        fields = [
            "slug",
            "title",
            "intro",
            "module",
            "question_count",
            "pass_percent",
            "feedback_timing",
            "max_attempts",
            "time_limit_minutes",
            "url",
            "language",
        ]

    @extend_schema_field(ModuleRefSerializer(allow_null=True))
    def get_module(self, quiz):
        """The quiz's module in the language asked for while that module is public (its
        `shown_module`, set by the views with `localize_quiz_modules`); null otherwise."""
        module = quiz.shown_module
        return None if module is None else ModuleRefSerializer(module).data


class QuizDetailSerializer(QuizSerializer):
    questions = QuestionSerializer(many=True, help_text="In position order.")

    class Meta(QuizSerializer.Meta):
        fields = [*QuizSerializer.Meta.fields, "questions"]


class QuizFilter(django_filters.FilterSet):
    module = SlugChoiceFilter(
        queryset=lambda request: Module.objects.published(),
        help_text=_("Only quizzes on this module (its slug)."),
    )

    class Meta:
        model = Quiz
        fields = ["module"]


def quiz_queryset():
    return (
        Quiz.objects.published()
        .sources()
        .select_related("module")
        .annotate(question_count=Count("questions"))
        # Quizzes without a module last, on SQLite and PostgreSQL alike.
        .order_by(F("module__position").asc(nulls_last=True), "title", "pk")
    )


@extend_schema(
    tags=["quizzes"],
    summary="List quizzes",
    description=(
        "Published quizzes, by module. Filter by `module` (its slug); an unknown slug is a "
        "400. `max_attempts` and `time_limit_minutes` are null when there is no limit."
    ),
    responses={
        200: OpenApiResponse(QuizSerializer(many=True), description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("Quizzes", value=_QUIZ_EXAMPLE, response_only=True)],
)
@with_lang_parameter
class QuizList(AnswersInLanguageMixin, PublicListMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = QuizSerializer
    filter_backends = [FilterBackend]
    filterset_class = QuizFilter

    def get_queryset(self):
        return quiz_queryset()

    def paginate_queryset(self, queryset):
        """The page's quizzes with their translations' titles and introductions, and their
        modules' (in memory, one query each): the slugs stay the sources', as on the quiz's
        detail."""
        page = super().paginate_queryset(queryset)
        if page is None:  # the content lists are always paginated
            return None
        localize_quizzes(page, self.language)
        localize_quiz_modules(page, self.language)
        return page


@extend_schema(
    tags=["quizzes"],
    summary="Get a quiz and its questions",
    parameters=[slug_parameter("The quiz's slug.", _QUIZ_EXAMPLE["slug"])],
    description=(
        "One published quiz with its questions and choices in position order. Which choices "
        "are right, and the explanations, are never part of this answer: a learner sees "
        "them only after answering, through an attempt. With `?lang=es` (or "
        "`Accept-Language: es`, or the language cookie) the words are the quiz's published "
        "Spanish translation's when it has one; the ids are always the ones an attempt "
        "answers with."
    ),
    responses={
        200: OpenApiResponse(QuizDetailSerializer, description=_OK),
        **error_responses(400, 404),
    },
    examples=[OpenApiExample("A quiz", value=_QUIZ_DETAIL_EXAMPLE, response_only=True)],
)
@with_lang_parameter
class QuizDetail(AnswersInLanguageMixin, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = QuizDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        choices = Choice.objects.only("id", "question_id", "position", "text").order_by(
            "position", "pk"
        )
        questions = (
            Question.objects.only("id", "quiz_id", "position", "kind", "prompt")
            .order_by("position", "pk")
            .prefetch_related(Prefetch("choices", queryset=choices))
        )
        return quiz_queryset().prefetch_related(Prefetch("questions", queryset=questions))

    def get_object(self):
        """The source quiz, in the asker's language when it has a published translation
        (quizzes/translations.py): the ids stay the source's, the ones an attempt answers."""
        quiz = super().get_object()
        text = quiz_text(quiz, language=self.language)
        text.quiz(quiz)
        localize_quiz_modules([quiz], self.language)
        for question in quiz.questions.all():
            text.question(question)
        return quiz
