from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("organisations/", views.my_organisations, name="my_organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("org/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("org/<slug:slug>/members/", views.organisation_add_member, name="organisation_add_member"),
]
