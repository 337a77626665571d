from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("organisations/", views.my_organisations, name="my_organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("org/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("org/<slug:slug>/invitations/", views.organisation_invite, name="organisation_invite"),
    path(
        "org/<slug:slug>/invitations/<id:pk>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("org/<slug:slug>/members/<id:user_id>/", views.member_change, name="member_change"),
    path("org/<slug:slug>/leave/", views.organisation_leave, name="organisation_leave"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
