from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BrokerageRequest, ServiceKind


class AgencyFilterForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=(), required=False)
    service = forms.ChoiceField(
        label=_("Service"), choices=[("", _("All services"))] + ServiceKind.choices, required=False
    )
    zone = forms.ChoiceField(label=_("Development zone"), choices=(), required=False)

    def __init__(self, *args, tracks=(), zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("All tracks"))] + [(t.slug, t.name) for t in tracks]
        self.fields["zone"].choices = [("", _("All zones"))] + [(z.slug, z.name) for z in zones]


class BrokerageRequestForm(forms.Form):
    demand = forms.ModelChoiceField(label=_("Your demand"), queryset=None, empty_label=None)
    services_wanted = forms.MultipleChoiceField(
        label=_("Services you need"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = forms.CharField(
        label=_("What you need from the agency"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_(
            "The kind of partner you look for, the budget and the timing; the agency answers in the thread."
        ),
    )

    def __init__(self, *args, demands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demand"].queryset = demands


class AcceptForm(forms.Form):
    broker = forms.ModelChoiceField(label=_("Broker"), queryset=None, empty_label=None)

    def __init__(self, *args, brokers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["broker"].queryset = brokers
        self.fields["broker"].label_from_instance = lambda user: str(user)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=BrokerageRequest.DeclineReason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Explanation for the enterprise"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this deal"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_(
            "For example: the broker did not take part, there is no such contract, the amount is wrong. Editors check it."
        ),
    )
