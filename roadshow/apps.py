from django.apps import AppConfig


class RoadshowConfig(AppConfig):
    name = "roadshow"
