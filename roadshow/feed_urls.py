from django.urls import path

from . import feeds

urlpatterns = [
    path("calendar/roadshow/series/<slug:slug>.ics", feeds.series_ics, name="roadshow_series_ics"),
    path("calendar/roadshow/sessions/<id:pk>.ics", feeds.session_ics, name="roadshow_session_ics"),
    path("calendar/roadshow/me/<str:token>.ics", feeds.personal_ics, name="roadshow_personal_ics"),
]
