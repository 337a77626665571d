from django.urls import path

from . import payment_views, views

app_name = "roadshow"

urlpatterns = [
    path("", views.index, name="index"),
    path("archive/", views.archive, name="archive"),
    path("status/", views.session_status, name="session_status"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/pay/", views.pay, name="pay"),
    path("sessions/<int:pk>/paid/", views.payment_return, name="payment_return"),
    path("join/<str:token>/", views.join, name="join"),
    path("sessions/<int:pk>/cancel-registration/", views.cancel_registration, name="cancel_registration"),
    path("sessions/<int:pk>/interest/<int:pitch_pk>/", views.mark_interest, name="mark_interest"),
    path("sessions/<int:pk>/manage/", views.session_manage, name="session_manage"),
    path("pitches/apply/", views.pitch_apply, name="pitch_apply"),
    path("pitches/mine/", views.my_pitches, name="my_pitches"),
    path("pitches/<int:pk>/withdraw/", views.pitch_withdraw, name="pitch_withdraw"),
    path("pitches/pool/", views.pitch_pool, name="pitch_pool"),
    path("pitches/<int:pk>/review/", views.pitch_review, name="pitch_review"),
    path("calendar/", views.calendar_subscribe, name="calendar_subscribe"),
    path("sessions/<int:pk>/invoice/", payment_views.invoice_request, name="invoice_request"),
    path("payments/transfers/", payment_views.bank_transfers, name="bank_transfers"),
    path("payments/statement/", payment_views.statement_import, name="statement_import"),
    path("payments/invoices/", payment_views.invoice_list, name="invoice_list"),
]
