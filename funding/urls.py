from django.urls import path

from .views import applications, products, programmes

app_name = "funding"

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("new/", programmes.programme_create, name="programme_create"),
    path("apply/<slug:slug>/<str:ref>/", applications.application_create, name="application_create"),
    path("applications/", applications.inbox, name="inbox"),
    path("applications/<id:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<id:pk>/score/", applications.application_score, name="application_score"),
    path("applications/<id:pk>/questions/", applications.application_question, name="application_question"),
    path("applications/<id:pk>/answer/", applications.application_answer, name="application_answer"),
    path("applications/<id:pk>/advance/", applications.application_advance, name="application_advance"),
    path("applications/<id:pk>/decide/", applications.application_decide, name="application_decide"),
    path("applications/<id:pk>/withdraw/", applications.application_withdraw, name="application_withdraw"),
    path(
        "applications/<id:pk>/tranches/<id:tranche_pk>/release/",
        applications.tranche_release,
        name="tranche_release",
    ),
    path(
        "applications/<id:pk>/documents/<id:doc_pk>/",
        applications.document_download,
        name="document_download",
    ),
    path("products/", programmes.product_list, name="product_list"),
    path("products/<slug:slug>/", programmes.product_detail, name="product_detail"),
    path(
        "products/<slug:slug>/ask/<str:ref>/", products.product_request_create, name="product_request_create"
    ),
    path("requests/<id:pk>/", products.product_request_detail, name="product_request_detail"),
    path("requests/<id:pk>/answer/", products.product_request_answer, name="product_request_answer"),
    path("requests/<id:pk>/withdraw/", products.product_request_withdraw, name="product_request_withdraw"),
    path("requests/<id:pk>/messages/", products.product_message_post, name="product_message_post"),
    path("requests/<id:pk>/files/", products.product_file_upload, name="product_file_upload"),
    path(
        "requests/<id:pk>/files/<id:file_pk>/", products.product_file_download, name="product_file_download"
    ),
    path("<slug:slug>/edit/", programmes.programme_edit, name="programme_edit"),
    path("<slug:slug>/applications/", programmes.programme_applications, name="programme_applications"),
    path("<slug:slug>/", programmes.programme_detail, name="programme_detail"),
]
