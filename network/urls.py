from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("brokers/<id:pk>/", views.broker_detail, name="broker_detail"),
    path("requests/", views.inbox, name="inbox"),
    path("requests/<id:pk>/", views.request_detail, name="request_detail"),
    path("requests/<id:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<id:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<id:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<id:pk>/messages/", views.message_post, name="message_post"),
    path("deals/<id:pk>/dispute/", views.dispute_create, name="dispute_create"),
    path("<slug:slug>/ask/", views.request_create, name="request_create"),
    path("<slug:slug>/", views.agency_detail, name="agency_detail"),
]
