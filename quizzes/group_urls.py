from django.urls import path

from learn.views import _todo

app_name = "groups"

urlpatterns = [
    path("", _todo, name="group-list"),
]
