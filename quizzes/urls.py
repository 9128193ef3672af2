from django.urls import path

from learn.views import _todo

app_name = "quizzes"

urlpatterns = [
    path("", _todo, name="quiz-list"),
]
