from django.urls import path

from . import views

app_name = "digest"

# Under /notifications/saved-searches/, where the pages were born.
urlpatterns = [
    path("", views.saved_searches, name="saved_searches"),
    path("<id:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
]
