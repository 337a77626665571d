from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.my_products, name="my_products"),
    path("new/", views.product_create, name="product_create"),
    path("review/", views.review_list, name="review_list"),
    path("review/<id:pk>/", views.evaluation, name="evaluation"),
    path("panels/<id:pk>/ranking/", views.panel_ranking, name="panel_ranking"),
    path("batches/<slug:code>/", views.batch_detail, name="batch_detail"),
    path("batches/<slug:code>/export.xlsx", views.batch_export, name="batch_export"),
    path("scenarios/", views.scenario_index, name="scenario_index"),
    path("scenarios/showcase/", views.showcase, name="showcase_latest"),
    path("scenarios/showcase/<id:year>/", views.showcase, name="showcase"),
    path("scenarios/<slug:slug>/", views.scenario_detail, name="scenario_detail"),
    path("<str:ref>/", views.product_detail, name="product_detail"),
    path("<str:ref>/edit/", views.product_edit, name="product_edit"),
    path("<str:ref>/submit/", views.product_submit, name="product_submit"),
    path("<str:ref>/withdraw/", views.product_withdraw, name="product_withdraw"),
    path("<str:ref>/certifications/", views.certification_add, name="certification_add"),
    path("<str:ref>/attachments/", views.attachment_add, name="attachment_add"),
    path("<str:ref>/attachments/<id:pk>/", views.attachment_download, name="attachment_download"),
    path("<str:ref>/assign/", views.product_assign, name="product_assign"),
    path("<str:ref>/recommend/", views.product_recommend, name="product_recommend"),
    path("<str:ref>/decline/", views.product_decline, name="product_decline"),
    path("<str:ref>/decide/", views.product_decide, name="product_decide"),
]
