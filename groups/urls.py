from django.urls import path

from groups import assignment_views, results_csv, results_views
from groups import views as group_views

app_name = "groups"

urlpatterns = [
    path("", group_views.group_list, name="group-list"),
    path("join/", group_views.group_join, name="group-join"),
    path("<int:pk>/", group_views.group_detail, name="group-detail"),
    path("<int:pk>/code/", group_views.group_regenerate_code, name="group-regenerate-code"),
    path("<int:pk>/open/", group_views.group_set_open, name="group-set-open"),
    path("<int:pk>/time-zone/", group_views.group_set_time_zone, name="group-set-time-zone"),
    path(
        "<int:pk>/members/<int:user_id>/remove/",
        group_views.member_remove,
        name="member-remove",
    ),
    path(
        "<int:group_pk>/assignments/new/",
        assignment_views.assignment_create,
        name="assignment-create",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/",
        assignment_views.assignment_detail,
        name="assignment-detail",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/edit/",
        assignment_views.assignment_edit,
        name="assignment-edit",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/results.csv",
        results_csv.assignment_results_csv,
        name="assignment-results-csv",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/learners/<int:user_id>/",
        assignment_views.accommodation_edit,
        name="accommodation-edit",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/learners/<int:user_id>/answers/",
        results_views.learner_answers,
        name="learner-answers",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/learners/<int:user_id>/waive/",
        assignment_views.pre_test_waive,
        name="pre-test-waive",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/start/",
        assignment_views.assignment_start,
        name="assignment-start",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/pause/",
        assignment_views.assignment_pause,
        name="assignment-pause",
    ),
    path(
        "<int:group_pk>/assignments/<int:pk>/resume/",
        assignment_views.assignment_resume,
        name="assignment-resume",
    ),
]
