from django.urls import path

from . import views

urlpatterns = [
    path("idee-aandragen/", views.submit_idea, name="submit_idea"),
    path("idee-aandragen/<int:idea_id>/", views.submit_idea, name="edit_submission"),
    path("mijn-ideeen/", views.my_ideas, name="my_ideas"),
]
