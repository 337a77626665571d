"""The roadshow in the Wagtail admin: series, sessions, the pitch pool, registrations and interest.

Registrations and interest can be filtered by session and exported (CSV or XLSX) from their lists.
Whatever has a rule goes through ``roadshow.services``, as on the site: adding, moving and cancelling a
session, deciding and scheduling a pitch, recording attendance, cancelling a registration (with its
refund). Rows that only a person's own action
may create (registrations, pitches, interest) cannot be added or deleted here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from core.admin import BulkActionIndexView, ServiceBulkAction, ServiceSaveMixin, WithoutActionsPolicy

from . import services
from .models import (
    BankTransfer,
    InvestorInterest,
    PitchApplication,
    Registration,
    RoadshowSeries,
    RoadshowSession,
)
from .payment_admin import MarkPaidBulkAction, payment_viewsets
from .registrations import refund_due_on_cancel

register_permission_policy(Registration, WithoutActionsPolicy(Registration, without=("add", "delete")))
register_permission_policy(
    PitchApplication, WithoutActionsPolicy(PitchApplication, without=("add", "delete"))
)
register_permission_policy(
    InvestorInterest, WithoutActionsPolicy(InvestorInterest, without=("add", "change", "delete"))
)
register_permission_policy(RoadshowSession, WithoutActionsPolicy(RoadshowSession, without=("delete",)))


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
        "description_en",
        "track",
        "rrule",
        "first_start",
        "timezone",
        "duration_minutes",
        "format",
        "stream_url",
        "venue",
        "venue_en",
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


SESSION_SERVICE_FIELDS = ("starts_at", "ends_at", "status", "cancel_reason")


class SessionCreateView(ServiceSaveMixin, CreateView):
    def save_instance(self):
        """Through ``services.add_session``, the same as an extra date added on the site."""
        data = dict(self.form.cleaned_data)
        return services.add_session(
            by=self.request.user,
            starts_at=data.pop("starts_at"),
            ends_at=data.pop("ends_at"),
            title=data.pop("title", ""),
            series=data.pop("series", None),
            **data,
        )


class SessionEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        """Plain fields are saved here; a new time goes through ``services.move_session`` and a
        cancellation through ``services.cancel_session`` (refunds and notices, as on the site)."""
        changed = self.form.instance
        original = RoadshowSession.objects.get(pk=changed.pk)
        new_time = (changed.starts_at, changed.ends_at)
        cancelling = changed.is_cancelled and not original.is_cancelled
        reason = changed.cancel_reason
        if original.is_cancelled and not changed.is_cancelled:
            raise ValidationError({"status": _("A cancelled session stays cancelled; add a new session.")})
        for name in SESSION_SERVICE_FIELDS:
            setattr(changed, name, getattr(original, name))
        session = self.form.save()
        if new_time != (original.starts_at, original.ends_at):
            session = services.move_session(
                session=session, starts_at=new_time[0], ends_at=new_time[1], by=self.request.user
            )
        if cancelling:
            session = services.cancel_session(session=session, reason=reason, by=self.request.user)
        return session


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
    search_fields = ["title", "title_en", "series__title"]
    ordering = ["-starts_at"]
    form_fields = [
        "title",
        "title_en",
        "series",
        "track",
        "starts_at",
        "ends_at",
        "status",
        "cancel_reason",
        "format",
        "stream_url",
        "venue",
        "venue_en",
        "capacity",
        "price_cny",
        "refund_window_hours",
        "join_opens_minutes",
        "replay_url",
        "slides",
    ]

    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return type("RoadshowSessionForm", (SessionForm,), {"Meta": super().get_form_class(for_update).Meta})


class PitchFilterSet(WagtailFilterSet):
    class Meta:
        model = PitchApplication
        fields = ["status", "ask", "session"]


class PitchEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        """A decision through ``services.decide_pitch``, a slot through ``services.schedule_pitch``."""
        changed, user = self.form.instance, self.request.user
        pitch = PitchApplication.objects.get(pk=changed.pk)
        if (changed.status, changed.decision_reason) != (pitch.status, pitch.decision_reason):
            pitch = services.decide_pitch(
                pitch=pitch, editor=user, decision=changed.status, reason=changed.decision_reason
            )
        slot = (changed.session_id, changed.slot_order, changed.duration_minutes)
        if changed.session_id is None and pitch.session_id is not None:
            raise ValidationError({"session": _("Decline or waitlist the pitch to take it off its session.")})
        if changed.session_id is not None and slot != (
            pitch.session_id,
            pitch.slot_order,
            pitch.duration_minutes,
        ):
            pitch = services.schedule_pitch(
                pitch=pitch,
                session=changed.session,
                editor=user,
                slot_order=changed.slot_order,
                duration_minutes=changed.duration_minutes,
            )
        return pitch


class PitchViewSet(ModelViewSet):
    model = PitchApplication
    icon = "pick"
    menu_label = _("Pitch pool")
    list_display = ["technology", "applicant", "status", "session", "slot_order", "created_at"]
    filterset_class = PitchFilterSet
    search_fields = ["technology__title", "stage", "team"]
    ordering = ["status", "created_at"]
    form_fields = ["status", "decision_reason", "session", "slot_order", "duration_minutes"]
    edit_view_class = PitchEditView
    copy_view_enabled = False


class RegistrationFilterSet(WagtailFilterSet):
    class Meta:
        model = Registration
        fields = ["session", "status", "attended"]


class RegistrationEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        """Attendance through ``services.record_attendance``, as on the session's management page."""
        registration = Registration.objects.get(pk=self.form.instance.pk)
        return services.record_attendance(
            registration=registration, attended=self.form.cleaned_data["attended"], by=self.request.user
        )


class RegistrationIndexView(BulkActionIndexView):
    """The list with a checkbox on each row, for the "Cancel registration" bulk action."""

    select_all_text = _("Select all active registrations")


class CancelRegistrationBulkAction(ServiceBulkAction):
    """Cancel the chosen registrations for their holders (the desk's path for refunds): the same
    ``services.cancel_registration`` as the person's own button, so a paid registration inside the
    refund window is refunded (Stripe at once, a bank transfer becomes a refund due on the desk), the
    voucher use is given back and the waiting list takes the seat."""

    display_name = _("Cancel registration")
    action_type = "cancel_registration"
    aria_label = _("Cancel the selected registrations")
    template_name = "roadshow/admin/confirm_bulk_cancel_registrations.html"
    models = [Registration]
    related = ("user", "session", "session__series")
    confirm_label = _("Yes, cancel them")
    no_access_message = _("Only editors can cancel other people's registrations.")

    @classmethod
    def listing_query(cls, queryset):
        return queryset.filter(status__in=Registration.ACTIVE_STATUSES)

    def object_context(self, obj):
        # The confirmation says which rows would be refunded if cancelled now.
        return {**super().object_context(obj), "refund": refund_due_on_cancel(obj, timezone.now())}

    def run(self, objects):
        outcome = {"cancelled": [], "refunded": [], "refused": []}
        for registration in objects:
            if not registration.is_active:
                continue
            try:
                done = services.cancel_registration(registration=registration, user=self.request.user)
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(getattr(error, "messages", [str(error)]))
                outcome["refused"].append(
                    gettext("%(email)s (%(reason)s)") % {"email": registration.user.email, "reason": reason}
                )
                continue
            refunded = done.status == Registration.Status.REFUNDED or (
                BankTransfer.objects.filter(registration=done, status=BankTransfer.Status.REFUND_DUE).exists()
            )
            outcome["refunded" if refunded else "cancelled"].append(done)
        return outcome

    def count(self, outcome):
        return len(outcome["cancelled"]) + len(outcome["refunded"])

    def success_message(self, count):
        parts = [
            ngettext("%(n)d registration cancelled.", "%(n)d registrations cancelled.", count) % {"n": count}
        ]
        if self.outcome["refunded"]:
            parts.append(gettext("Refunded or refund due: %(n)d.") % {"n": len(self.outcome["refunded"])})
        if self.outcome["refused"]:
            parts.append(gettext("Not cancelled: %(who)s") % {"who": "; ".join(self.outcome["refused"])})
        return " ".join(parts)


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
    edit_view_class = RegistrationEditView
    index_view_class = RegistrationIndexView
    copy_view_enabled = False


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
    copy_view_enabled = False


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
        *payment_viewsets(),
    )


@hooks.register("register_admin_viewset")
def register_roadshow_viewsets():
    return RoadshowViewSetGroup()


@hooks.register("register_admin_menu_item")
def register_pitch_review_menu_item():
    return MenuItem(_("Review pitches"), reverse("roadshow:pitch_pool"), icon_name="pick", order=261)


@hooks.register("register_admin_menu_item")
def register_bank_transfer_desk_menu_item():
    return MenuItem(
        _("Bank-transfer desk"), reverse("roadshow:bank_transfers"), icon_name="doc-full", order=262
    )


hooks.register("register_bulk_action", MarkPaidBulkAction)
hooks.register("register_bulk_action", CancelRegistrationBulkAction)
