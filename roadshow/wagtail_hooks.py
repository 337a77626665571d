"""The roadshow in the Wagtail admin: series, sessions, the pitch pool, registrations and interest.

Registrations and interest can be filtered by session and exported (CSV or XLSX) from their lists.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import InvestorInterest, PitchApplication, Registration, RoadshowSeries, RoadshowSession


class RoadshowSeriesViewSet(ModelViewSet):
    model = RoadshowSeries
    icon = "date"
    menu_label = _("Series")
    list_display = ["title", "track", "rrule", "format", "capacity", "price_cny", "is_active"]
    list_filter = ["track", "format", "is_active"]
    search_fields = ["title", "title_en"]
    ordering = ["title"]
    form_fields = [
        "title",
        "title_en",
        "slug",
        "description",
        "track",
        "rrule",
        "first_start",
        "timezone",
        "duration_minutes",
        "format",
        "stream_url",
        "venue",
        "capacity",
        "price_cny",
        "refund_window_hours",
        "join_opens_minutes",
        "weeks_ahead",
        "is_active",
    ]


class SessionForm(WagtailAdminModelForm):
    def save(self, commit=True):
        # A session changed by hand is an override: the generator never touches it again.
        if self.instance.pk and self.changed_data:
            self.instance.is_modified = True
        return super().save(commit=commit)


class SessionFilterSet(WagtailFilterSet):
    class Meta:
        model = RoadshowSession
        fields = ["series", "track", "status", "format"]


class RoadshowSessionViewSet(ModelViewSet):
    model = RoadshowSession
    icon = "calendar-alt"
    menu_label = _("Sessions")
    list_display = ["__str__", "series", "starts_at", "status", "capacity", "price_cny", "is_modified"]
    filterset_class = SessionFilterSet
    search_fields = ["title", "series__title"]
    ordering = ["-starts_at"]
    form_fields = [
        "title",
        "series",
        "track",
        "starts_at",
        "ends_at",
        "status",
        "cancel_reason",
        "format",
        "stream_url",
        "venue",
        "capacity",
        "price_cny",
        "refund_window_hours",
        "join_opens_minutes",
        "replay_url",
        "slides",
    ]

    def get_form_class(self, for_update=False):
        return type("RoadshowSessionForm", (SessionForm,), {"Meta": super().get_form_class(for_update).Meta})


class PitchFilterSet(WagtailFilterSet):
    class Meta:
        model = PitchApplication
        fields = ["status", "ask", "session"]


class PitchViewSet(ModelViewSet):
    model = PitchApplication
    icon = "pick"
    menu_label = _("Pitch pool")
    list_display = ["technology", "applicant", "status", "session", "slot_order", "created_at"]
    filterset_class = PitchFilterSet
    search_fields = ["technology__title", "stage", "team"]
    ordering = ["status", "created_at"]
    form_fields = ["status", "decision_reason", "session", "slot_order", "duration_minutes"]


class RegistrationFilterSet(WagtailFilterSet):
    class Meta:
        model = Registration
        fields = ["session", "status", "attended"]


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "user"
    menu_label = _("Registrations")
    list_display = ["user", "session", "status", "amount_cny", "attended", "created_at"]
    list_export = [
        "user",
        "user.email",
        "session",
        "status",
        "amount_cny",
        "attended",
        "created_at",
        "paid_at",
    ]
    export_filename = "roadshow-registrations"
    filterset_class = RegistrationFilterSet
    search_fields = ["user__email", "user__display_name"]
    ordering = ["session", "created_at"]
    form_fields = ["attended"]


class InterestFilterSet(WagtailFilterSet):
    class Meta:
        model = InvestorInterest
        fields = ["pitch__session"]


class InterestViewSet(ModelViewSet):
    model = InvestorInterest
    icon = "pick"
    menu_label = _("Investor interest")
    list_display = ["investor", "pitch", "match_request_id", "created_at"]
    list_export = ["investor", "investor.email", "pitch", "message", "match_request_id", "created_at"]
    export_filename = "roadshow-interest"
    filterset_class = InterestFilterSet
    search_fields = ["investor__email", "pitch__technology__title"]
    ordering = ["-created_at"]
    form_fields = ["message"]


class RoadshowViewSetGroup(ModelViewSetGroup):
    menu_label = _("Roadshow")
    menu_icon = "date"
    menu_order = 260
    items = (
        RoadshowSeriesViewSet("roadshow_series"),
        RoadshowSessionViewSet("roadshow_sessions"),
        PitchViewSet("roadshow_pitches"),
        RegistrationViewSet("roadshow_registrations"),
        InterestViewSet("roadshow_interest"),
    )


@hooks.register("register_admin_viewset")
def register_roadshow_viewsets():
    return RoadshowViewSetGroup()


@hooks.register("register_admin_menu_item")
def register_pitch_review_menu_item():
    return MenuItem(_("Review pitches"), reverse("roadshow:pitch_pool"), icon_name="pick", order=261)
