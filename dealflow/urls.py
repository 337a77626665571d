from django.urls import path

from . import views

app_name = "dealflow"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("ask/<str:kind>/<str:ref>/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/messages/", views.message_post, name="message_post"),
    path("requests/<int:pk>/files/", views.file_upload, name="file_upload"),
    path("requests/<int:pk>/files/<int:file_pk>/", views.file_download, name="file_download"),
    path("requests/<int:pk>/nda/", views.nda_upload, name="nda_upload"),
    path("requests/<int:pk>/nda/download/", views.nda_download, name="nda_download"),
    path("requests/<int:pk>/nda/acknowledge/", views.nda_acknowledge, name="nda_acknowledge"),
    path("requests/<int:pk>/stage/", views.stage_move, name="stage_move"),
    path("requests/<int:pk>/registration/", views.registration, name="registration"),
    path("requests/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("requests/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/open/<str:ref>/", views.challenge_open, name="challenge_open"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<int:pk>/propose/", views.proposal_create, name="proposal_create"),
    path("challenges/<int:pk>/review/", views.challenge_review, name="challenge_review"),
    path("challenges/<int:pk>/reviewers/", views.reviewer_add, name="reviewer_add"),
    path("challenges/<int:pk>/close/", views.challenge_close, name="challenge_close"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/score/", views.proposal_score, name="proposal_score"),
    path("proposals/<int:pk>/comment/", views.proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("organisations/<slug:slug>/", views.organisation_figures, name="organisation_figures"),
    path("organisations/<slug:slug>/dashboard/", views.organisation_dashboard, name="organisation_dashboard"),
]
