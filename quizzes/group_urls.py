from django.urls import path

from learn.views import _todo

app_name = "groups"

urlpatterns = [
    path("", _todo, name="group-list"),
    path("join/", _todo, name="group-join"),
    path("<int:pk>/", _todo, name="group-detail"),
    path("<int:group_pk>/assignments/<int:pk>/", _todo, name="assignment-detail"),
    path("<int:group_pk>/assignments/<int:pk>/results.csv", _todo, name="assignment-results-csv"),
]
