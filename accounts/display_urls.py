from django.urls import path

from accounts import display_views

app_name = "display"

urlpatterns = [
    path("", display_views.display_settings, name="settings"),
    path("time-zone/", display_views.display_time_zone, name="time-zone"),
]
