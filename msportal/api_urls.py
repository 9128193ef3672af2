"""REST API, mounted at /api/ (docs/architecture.md, "API").

`v1/` is the versioned API (JSON only); `schema/` its OpenAPI 3 description; `docs/` the
interactive documentation, served entirely from this site.

The content lists are the same for every client without a session or token: they go through
the public page cache (publishing.pagecache.PublicListMixin), with ETag and Last-Modified, so
a client that has the current list gets 304 Not Modified.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from core.api.docs import ApiDocsView
from groups import api as groups_api
from learn.api import views as learn_api
from quizzes import api as quizzes_api
from review import api as review_api

v1 = [
    path("modules/", learn_api.ModuleList.as_view(), name="module-list"),
    path("modules/<slug:slug>/", learn_api.ModuleDetail.as_view(), name="module-detail"),
    path("articles/", learn_api.ArticleList.as_view(), name="article-list"),
    path("articles/<slug:slug>/", learn_api.ArticleDetail.as_view(), name="article-detail"),
    path("faqs/", learn_api.FAQList.as_view(), name="faq-list"),
    path("references/", learn_api.ReferenceList.as_view(), name="reference-list"),
    path("quizzes/", quizzes_api.QuizList.as_view(), name="quiz-list"),
    path("quizzes/<slug:slug>/", quizzes_api.QuizDetail.as_view(), name="quiz-detail"),
    # Taking a quiz: the signed-in learner's, or the anonymous session's, attempts. The
    # groups app's view starts plain attempts as the quiz app's does, and also assignments.
    path(
        "quizzes/<slug:slug>/attempts/",
        groups_api.AssignmentAttemptStart.as_view(),
        name="attempt-start",
    ),
    path("attempts/<uuid:id>/", quizzes_api.AttemptDetail.as_view(), name="attempt-detail"),
    path(
        "attempts/<uuid:id>/responses/",
        quizzes_api.AttemptAnswer.as_view(),
        name="attempt-responses",
    ),
    path("attempts/<uuid:id>/submit/", quizzes_api.AttemptSubmit.as_view(), name="attempt-submit"),
    path("me/attempts/", quizzes_api.MyAttempts.as_view(), name="my-attempts"),
    # Spaced review: the learner's due cards, and a practice answer to one.
    path("me/review/", review_api.MyReviewCards.as_view(), name="my-review"),
    path(
        "me/review/<int:card_id>/answer/",
        review_api.ReviewCardAnswer.as_view(),
        name="review-answer",
    ),
    # Educators: their own groups only.
    path("groups/", groups_api.GroupList.as_view(), name="group-list"),
    path("groups/<int:id>/", groups_api.GroupDetail.as_view(), name="group-detail"),
    path(
        "groups/<int:id>/assignments/",
        groups_api.GroupAssignments.as_view(),
        name="group-assignments",
    ),
    path(
        "assignments/<int:id>/results/",
        groups_api.AssignmentResults.as_view(),
        name="assignment-results",
    ),
]

urlpatterns = [
    path("v1/", include((v1, "api-v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
