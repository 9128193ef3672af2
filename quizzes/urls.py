from django.urls import path

from learn.views import _todo

app_name = "quizzes"

urlpatterns = [
    path("", _todo, name="quiz-list"),
    path("<slug:slug>/", _todo, name="quiz-detail"),
    path("attempts/<uuid:pk>/", _todo, name="attempt-detail"),
    path("attempts/<uuid:pk>/result/", _todo, name="attempt-result"),
]
