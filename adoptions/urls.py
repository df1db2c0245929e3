from django.urls import path

from . import views

urlpatterns = [
    path("gebruik/<int:idea_id>/", views.register, name="register_adoption"),
]
