from django.urls import path

from . import feeds

urlpatterns = [
    path("stripe/webhook/", feeds.stripe_webhook, name="roadshow_stripe_webhook"),
]
