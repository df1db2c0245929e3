from django.urls import path

from . import views

urlpatterns = [
    path("zoeken/", views.search_page, name="search"),
    path("api/v1/search", views.search_api, name="search_api"),
    path("api/v1/autocomplete", views.autocomplete_api, name="autocomplete_api"),
]
