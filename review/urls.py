from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("practise/", views.review_step, name="step"),
    path("cards/<int:pk>/", views.review_card, name="card"),
    path("cards/<int:pk>/answer/", views.review_answer, name="answer"),
]
