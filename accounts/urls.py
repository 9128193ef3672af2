from django.urls import path

from learn.views import _todo

app_name = "accounts"

urlpatterns = [
    path("signup/", _todo, name="signup"),
    path("me/", _todo, name="me"),
]
