from django.urls import path

from . import views

urlpatterns = [
    path("reacties/<int:page_id>/plaatsen/", views.post_comment, name="post_comment"),
    path("reacties/<int:comment_id>/bewerken/", views.edit_comment, name="edit_comment"),
    path("reacties/<int:comment_id>/verwijderen/", views.delete_comment, name="delete_comment"),
    path("reacties/<int:comment_id>/verbergen/", views.hide_comment, name="hide_comment"),
    path("reacties/<int:comment_id>/tonen/", views.unhide_comment, name="unhide_comment"),
    path("volgen/<int:page_id>/", views.follow_page, name="follow_page"),
    path("volgen/<int:page_id>/stoppen/", views.unfollow_page, name="unfollow_page"),
    path("volgen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
