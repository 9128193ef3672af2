from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("me/", views.me, name="me"),
    path("me/extra-time/", views.me_extra_time, name="me-extra-time"),
    path("me/export.json", views.me_export, name="me-export"),
    path("me/delete/", views.me_delete, name="me-delete"),
]
