from django.urls import path

from linli.publicservices.assistance import views

urlpatterns = [
    path("assistance/", views.index, name="assistance"),
    path("assistance/new/", views.application_new, name="application_new"),
    path("assistance/a/<str:code>/", views.application_detail, name="application"),
    path("assistance/a/<str:code>/check/", views.application_check, name="application_check"),
    path("assistance/a/<str:code>/review/", views.application_review, name="application_review"),
    path("assistance/a/<str:code>/approve/", views.application_approve, name="application_approve"),
    path("assistance/a/<str:code>/pay/", views.payment_record, name="payment_record"),
    path("assistance/a/<str:code>/recipient-review/", views.recipient_review, name="recipient_review"),
    path("assistance/a/<str:code>/documents/<int:pk>/open/", views.document_open, name="document_open"),
    path("assistance/notice/<str:code>/object/", views.objection_new, name="objection_new"),
]
