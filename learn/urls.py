from django.urls import path

from learn import lesson_views, views

app_name = "learn"

urlpatterns = [
    path("", views.home, name="home"),
    path("learn/", views.module_list, name="module-list"),
    path("learn/<slug:module>/", views.module_detail, name="module-detail"),
    path("learn/<slug:module>/<slug:article>/", lesson_views.article_detail, name="article-detail"),
    path(
        "learn/<slug:module>/<slug:article>/done/", lesson_views.article_done, name="article-done"
    ),
    path("faq/", views.faq_list, name="faq-list"),
    path("faq/<slug:slug>/", views.faq_detail, name="faq-detail"),
    path("references/", views.reference_list, name="reference-list"),
    path("search/", views.search, name="search"),
]
