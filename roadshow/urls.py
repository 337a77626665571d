from django.urls import path

from . import attendee_views, payment_views, schedule_views, views

app_name = "roadshow"

urlpatterns = [
    path("", schedule_views.index, name="index"),
    path("archive/", schedule_views.archive, name="archive"),
    path("status/", views.session_status, name="session_status"),
    path("registrations/", attendee_views.my_registrations, name="my_registrations"),
    path(
        "registrations/<id:pk>/calendar.ics",
        attendee_views.registration_calendar,
        name="registration_calendar",
    ),
    path("registrations/<id:pk>/qr.svg", attendee_views.registration_qr, name="registration_qr"),
    path("registrations/<id:pk>/cancel/", attendee_views.registration_cancel, name="registration_cancel"),
    path("sessions/<id:pk>/check-in/", attendee_views.check_in, name="check_in"),
    path("interest/<id:pk>/match-request/", attendee_views.interest_request, name="interest_request"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("sessions/<id:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<id:pk>/register/", views.register, name="register"),
    path("sessions/<id:pk>/pay/", views.pay, name="pay"),
    path("sessions/<id:pk>/paid/", views.payment_return, name="payment_return"),
    path("join/<str:token>/", views.join, name="join"),
    path("sessions/<id:pk>/cancel-registration/", views.cancel_registration, name="cancel_registration"),
    path("sessions/<id:pk>/interest/<id:pitch_pk>/", views.mark_interest, name="mark_interest"),
    path("sessions/<id:pk>/manage/", views.session_manage, name="session_manage"),
    path("pitches/apply/", views.pitch_apply, name="pitch_apply"),
    path("pitches/mine/", views.my_pitches, name="my_pitches"),
    path("pitches/<id:pk>/withdraw/", views.pitch_withdraw, name="pitch_withdraw"),
    path("pitches/pool/", views.pitch_pool, name="pitch_pool"),
    path("pitches/<id:pk>/review/", views.pitch_review, name="pitch_review"),
    path("calendar/", views.calendar_subscribe, name="calendar_subscribe"),
    path("sessions/<id:pk>/invoice/", payment_views.invoice_request, name="invoice_request"),
    path("payments/transfers/", payment_views.bank_transfers, name="bank_transfers"),
    path("payments/statement/", payment_views.statement_import, name="statement_import"),
    path("payments/invoices/", payment_views.invoice_list, name="invoice_list"),
]
