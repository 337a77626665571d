from django.urls import path

from . import views

app_name = "platforms"

urlpatterns = [
    path("", views.centre_list, name="centre_list"),
    path("ask/<str:ref>/", views.request_create, name="request_create"),
    path("requests/", views.inbox, name="inbox"),
    path("requests/<id:pk>/", views.request_detail, name="request_detail"),
    path("requests/<id:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<id:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<id:pk>/questions/", views.request_questions, name="request_questions"),
    path("requests/<id:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<id:pk>/start/", views.request_start, name="request_start"),
    path("requests/<id:pk>/report/", views.report_attach, name="report_attach"),
    path("requests/<id:pk>/messages/", views.message_post, name="message_post"),
    path("requests/<id:pk>/files/", views.file_upload, name="file_upload"),
    path("requests/<id:pk>/files/<id:file_pk>/", views.file_download, name="file_download"),
    path("reports/<id:pk>/file/", views.report_download, name="report_download"),
    path("reports/<id:pk>/visibility/", views.report_visibility, name="report_visibility"),
    path("<slug:slug>/", views.centre_detail, name="centre_detail"),
]
