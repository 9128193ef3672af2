from django.urls import path

from msportal import display

app_name = "display"

urlpatterns = [
    path("", display.display_settings, name="settings"),
]
