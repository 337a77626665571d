from django.urls import path, register_converter

from . import views


class KindConverter:
    regex = "technology|demand"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(KindConverter, "kind")

app_name = "listings"

urlpatterns = [
    path("technologies/", views.technology_index, name="technology_index"),
    path("technologies/<str:ref>/", views.technology_detail, name="technology_detail"),
    path("technologies/<str:ref>/<slug:slug>/", views.technology_detail, name="technology_detail"),
    path("demands/", views.demand_index, name="demand_index"),
    path("demands/<str:ref>/", views.demand_detail, name="demand_detail"),
    path("demands/<str:ref>/<slug:slug>/", views.demand_detail, name="demand_detail"),
    path(
        "files/<kind:kind>/<str:ref>/<id:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("mine/", views.dashboard, name="dashboard"),
    path("mine/<kind:kind>/new/", views.create, name="create"),
    path("mine/<kind:kind>/<str:ref>/edit/", views.edit, name="edit"),
    path("mine/<kind:kind>/<str:ref>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "mine/<kind:kind>/<str:ref>/attachments/<id:pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("mine/<kind:kind>/<str:ref>/<slug:name>/", views.action, name="action"),
]
