from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("", views.quiz_list, name="quiz-list"),
    path("attempts/<uuid:pk>/", views.attempt_detail, name="attempt-detail"),
    path("attempts/<uuid:pk>/answer/", views.attempt_answer, name="attempt-answer"),
    path("attempts/<uuid:pk>/flag/", views.attempt_flag, name="attempt-flag"),
    path("attempts/<uuid:pk>/submit/", views.attempt_submit, name="attempt-submit"),
    path("attempts/<uuid:pk>/result/", views.attempt_result, name="attempt-result"),
    path("<slug:slug>/", views.quiz_detail, name="quiz-detail"),
]
