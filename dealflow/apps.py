from django.apps import AppConfig


class DealflowConfig(AppConfig):
    name = "dealflow"
