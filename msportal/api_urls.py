"""REST API, mounted at /api/ (docs/architecture.md, "API").

`v1/` is the versioned API (JSON only); `schema/` its OpenAPI 3 description; `docs/` the
interactive documentation, served entirely from this site.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from learn.api import views as learn_api
from msportal.api.docs import ApiDocsView
from quizzes import api as quizzes_api

v1 = [
    path("modules/", learn_api.ModuleList.as_view(), name="module-list"),
    path("modules/<slug:slug>/", learn_api.ModuleDetail.as_view(), name="module-detail"),
    path("articles/", learn_api.ArticleList.as_view(), name="article-list"),
    path("articles/<slug:slug>/", learn_api.ArticleDetail.as_view(), name="article-detail"),
    path("faqs/", learn_api.FAQList.as_view(), name="faq-list"),
    path("references/", learn_api.ReferenceList.as_view(), name="reference-list"),
    path("quizzes/", quizzes_api.QuizList.as_view(), name="quiz-list"),
    path("quizzes/<slug:slug>/", quizzes_api.QuizDetail.as_view(), name="quiz-detail"),
]

urlpatterns = [
    path("v1/", include((v1, "api-v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
