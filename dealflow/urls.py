from django.urls import path

from . import views

app_name = "dealflow"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("ask/<str:kind>/<str:ref>/", views.request_create, name="request_create"),
    path("requests/<id:pk>/", views.request_detail, name="request_detail"),
    path("requests/<id:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<id:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<id:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<id:pk>/messages/", views.message_post, name="message_post"),
    path("requests/<id:pk>/files/", views.file_upload, name="file_upload"),
    path("requests/<id:pk>/files/<id:file_pk>/", views.file_download, name="file_download"),
    path("requests/<id:pk>/nda/", views.nda_upload, name="nda_upload"),
    path("requests/<id:pk>/nda/download/", views.nda_download, name="nda_download"),
    path("requests/<id:pk>/nda/acknowledge/", views.nda_acknowledge, name="nda_acknowledge"),
    path("requests/<id:pk>/stage/", views.stage_move, name="stage_move"),
    path("requests/<id:pk>/registration/", views.registration, name="registration"),
    path("requests/<id:pk>/outcome/", views.outcome, name="outcome"),
    path("requests/<id:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/open/<str:ref>/", views.challenge_open, name="challenge_open"),
    path("challenges/<id:pk>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<id:pk>/propose/", views.proposal_create, name="proposal_create"),
    path("challenges/<id:pk>/review/", views.challenge_review, name="challenge_review"),
    path("challenges/<id:pk>/reviewers/", views.reviewer_add, name="reviewer_add"),
    path("challenges/<id:pk>/close/", views.challenge_close, name="challenge_close"),
    path("proposals/<id:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<id:pk>/score/", views.proposal_score, name="proposal_score"),
    path("proposals/<id:pk>/comment/", views.proposal_comment, name="proposal_comment"),
    path("proposals/<id:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("organisations/<slug:slug>/", views.organisation_figures, name="organisation_figures"),
    path("organisations/<slug:slug>/dashboard/", views.organisation_dashboard, name="organisation_dashboard"),
]
